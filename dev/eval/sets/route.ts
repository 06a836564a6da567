/**
 * Dev set 4: stay-or-hand-off decisions for `route_task` with `current_agent`. Built from each agent's own
 * boundary lines ("Boundaries with Other Agents", "Hand Off to X", "coordinate with X for", "Must escalate
 * to", delegation tables, "defers ... to X", "vs X" distinctions, "Integration with other agents") and
 * written blind, as paraphrased requests that do not copy the boundary line's words:
 * - `stay`: the task is one of the agent's own responsibilities (taken from its "Key Responsibilities",
 *   "Focus Areas" or the like), so it should keep the work;
 * - `handoff`: the task is what one of its boundary lines gives to someone else; `to` lists the target
 *   names as the file spells them, lowercased and hyphenated (`experts` for an unnamed "escalate to
 *   experts" line; targets may be outside the catalog, which a route answer reports as such). For the
 *   mixed catalog, where wshobson names its duplicates with a plugin prefix, `to` also lists the catalog
 *   names of the agent the file means.
 * `catalog` says which catalog the agent is routed in: `seeds` = the five bundled agents alone (agents/),
 * `snits` = snits agent-templates + seeds (a template shadows the seed of the same name), `mixed` =
 * wshobson + voltagent + 0xfurai together.
 */
export interface RouteCase {
  agent: string;
  catalog: 'snits' | 'mixed' | 'seeds';
  task: string;
  expect: 'stay' | 'handoff';
  to?: string[];
}

const DATABASE_ARCHITECT = ['database-architect', 'database-design-database-architect', 'database-cloud-optimization-database-architect'];
const BACKEND_ARCHITECT = [
  'backend-architect',
  'api-scaffolding-backend-architect',
  'backend-api-security-backend-architect',
  'backend-development-backend-architect',
  'data-engineering-backend-architect',
  'database-cloud-optimization-backend-architect',
  'multi-platform-apps-backend-architect',
];

export const ROUTE_CASES: readonly RouteCase[] = [
  // ---- seeds: python-engineer ("Specialization Boundaries": hand off ML work to ai-engineer; tests to qa-engineer) ----
  { agent: 'python-engineer', catalog: 'seeds', expect: 'stay', task: 'Add a paginated endpoint to our FastAPI app that lists invoices filtered by customer and date range' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'stay', task: 'Load the partner CSV exports with pandas, validate each row with Pydantic and write them into Postgres' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'stay', task: 'Put our already-trained scoring model behind an HTTP endpoint with request validation and a health check' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'stay', task: 'Add token authentication and per-user rate limits to our Django REST API' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'stay', task: 'Write an Alembic migration that adds a nullable column and backfills it in batches' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'handoff', to: ['ai-engineer'], task: 'Design and train a PyTorch network that predicts churn from sequences of user events' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'handoff', to: ['ai-engineer'], task: 'Our classifier overfits badly; pick a better objective and tune the learning rate and regularisation' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'handoff', to: ['ai-engineer'], task: 'Derive input variables from raw clickstream data that will make the recommender predict better' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'handoff', to: ['ai-engineer'], task: 'Compare three candidate models on held-out data and search for the best settings of the winner' },
  { agent: 'python-engineer', catalog: 'seeds', expect: 'handoff', to: ['qa-engineer'], task: 'The Python changes are finished; run the unit tests against them and report which ones fail' },

  // ---- seeds: python-pro (delegation tables: jax-pro, ml-expert, research-expert, ai-engineer) ----
  { agent: 'python-pro', catalog: 'seeds', expect: 'stay', task: 'Restructure our package into a src layout with the strictest type checking and no module-level globals' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'stay', task: 'Replace asyncio.gather in our crawler so that one failing request cancels its siblings cleanly' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'stay', task: 'Profile this CPU-bound Python function and move its hot loop into a compiled extension' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'stay', task: 'Standardise the project on uv and ruff with a locked pyproject and pre-commit hooks' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'handoff', to: ['jax-pro'], task: 'Port our NumPy physics kernels to run on the GPU with just-in-time compilation and autodiff' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'handoff', to: ['ml-expert'], task: 'Plug the trained recommendation model into the order pipeline and own the machine-learning side of it' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'handoff', to: ['research-expert'], task: 'Write up the methodology and architecture of our simulation framework as a research-style document' },
  { agent: 'python-pro', catalog: 'seeds', expect: 'handoff', to: ['ai-engineer'], task: 'Build the chatbot logic: prompt chains, tool calls to the language model and conversation memory' },

  // ---- seeds: infrastructure-specialist ("Boundaries with Other Agents") ----
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'stay', task: 'Make the integration tests start real Postgres containers with health checks instead of using mocks' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'stay', task: 'New developers should have a working local stack within ten minutes, from a single command' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'stay', task: 'CI takes 25 minutes; cache the dependencies and run the containerised test stages in parallel' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'stay', task: 'Install and wire up a vulnerability scanner for our CI images and container registry' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'stay', task: 'Add a one-step rollback to our deployment automation' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'handoff', to: ['database-specialist'], task: 'The reporting query scans the whole events table; redesign the indexes and the table layout' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'handoff', to: ['performance-engineer'], task: 'Work out why the application itself slows down under load and write the load scenarios to prove it' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'handoff', to: ['system-reliability-engineer'], task: 'Decide what production should be watched for and write the on-call runbooks for when things break' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'handoff', to: ['ml-orchestrator'], task: 'Choose the training approach and tune the model for our anomaly detector' },
  { agent: 'infrastructure-specialist', catalog: 'seeds', expect: 'handoff', to: ['security-architect'], task: 'Write the policy for how our services authenticate to each other and design the overall security model' },

  // ---- seeds: container-infrastructure-engineer ("Coordinate with security-engineer ... and performance-engineer"; "Must escalate to experts") ----
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Write a multi-stage Dockerfile for our Go service on a distroless base, with a health check' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Set up Helm charts with rolling updates and horizontal autoscaling for our API' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Pods in different namespaces cannot reach each other; fix service discovery and the network rules' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Add image scanning to the pipeline and block images that have critical vulnerabilities' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'handoff', to: ['security-engineer'], task: 'Set the company-wide security framework and the policies every team must follow' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'handoff', to: ['performance-engineer'], task: 'Profile the application code paths and plan how to meet the new throughput targets' },
  { agent: 'container-infrastructure-engineer', catalog: 'seeds', expect: 'handoff', to: ['experts'], task: 'Decide how much we can spend on cluster infrastructure next year and which compliance regime we must follow' },

  // ---- seeds: python-infrastructure-engineer ("Must escalate to experts") ----
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Pre-commit runs ruff, black and isort and they keep undoing each other' },
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Move from setup.py to pyproject.toml and configure mypy and pytest there' },
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'Our security scanner flags every assert in the tests folder and people now skip the hooks; make the checks pass legitimately' },
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'stay', task: 'pip cannot resolve our dev requirements any more; untangle the version conflict' },
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'handoff', to: ['experts'], task: 'Upgrade every production service from Django 3.2 to 5.0, breaking changes included' },
  { agent: 'python-infrastructure-engineer', catalog: 'seeds', expect: 'handoff', to: ['experts'], task: 'Change the organisation-wide rule on which vulnerability severities are allowed to ship' },

  // ---- snits templates ----
  // code-reviewer: "MANDATORY ESCALATION" to security-engineer, systems-architect, performance-engineer
  { agent: 'code-reviewer', catalog: 'snits', expect: 'stay', task: 'Go through my diff for the refund endpoint before I commit and reject anything sloppy' },
  { agent: 'code-reviewer', catalog: 'snits', expect: 'stay', task: 'Check that this commit does exactly one thing and that the quality checks pass' },
  { agent: 'code-reviewer', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'This change rewrites how admin routes check permissions and returns user emails from a new endpoint; weigh the risk' },
  { agent: 'code-reviewer', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'This PR renames fields in the public API response and adds two tables; does it fit the overall design?' },
  { agent: 'code-reviewer', catalog: 'snits', expect: 'handoff', to: ['performance-engineer'], task: 'This change sits on the path every request takes; measure what it does to latency' },
  // clean-code-analyst: "Escalate to systems-architect / performance-engineer / security-engineer"
  { agent: 'clean-code-analyst', catalog: 'snits', expect: 'stay', task: 'Assess how readable this module is: names, function length, comments that lie' },
  { agent: 'clean-code-analyst', catalog: 'snits', expect: 'stay', task: 'Suggest clearer names for the functions and variables in this parser' },
  { agent: 'clean-code-analyst', catalog: 'snits', expect: 'handoff', to: ['performance-engineer'], task: 'Splitting the tight loop into small helpers reads better but may be slower; measure the runtime cost' },
  { agent: 'clean-code-analyst', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'Tidying this module means splitting it into two deployable services; what does that do to the system as a whole?' },
  // software-architect: "Infrastructure decisions (coordinate with systems-architect)"
  { agent: 'software-architect', catalog: 'snits', expect: 'stay', task: 'Organise the code of our new mobile backend into modules with clear internal interfaces' },
  { agent: 'software-architect', catalog: 'snits', expect: 'stay', task: 'Set the coding standards and the design patterns the app team should use for the new checkout' },
  { agent: 'software-architect', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'Decide how our services are deployed and orchestrated across regions and which storage systems back them' },
  { agent: 'software-architect', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'Choose the company-wide messaging infrastructure that connects all our services' },
  // systems-architect: "Must coordinate with software-architect"; specialists
  { agent: 'systems-architect', catalog: 'snits', expect: 'stay', task: 'Choose the cloud platform and container orchestration we standardise on for the next five years' },
  { agent: 'systems-architect', catalog: 'snits', expect: 'stay', task: 'Define the boundaries and integration protocols between our billing, identity and analytics systems' },
  { agent: 'systems-architect', catalog: 'snits', expect: 'handoff', to: ['software-architect'], task: 'Pick the web framework and the folder structure for the new customer portal application' },
  { agent: 'systems-architect', catalog: 'snits', expect: 'handoff', to: ['test-specialist'], task: 'Write the test strategy that proves all our systems still work together after each release' },
  // debug-specialist: "Required Coordination"
  { agent: 'debug-specialist', catalog: 'snits', expect: 'stay', task: 'A background job silently drops one record in a thousand; trace where the data goes missing' },
  { agent: 'debug-specialist', catalog: 'snits', expect: 'stay', task: 'The same request returns different results on two servers; find the root cause' },
  { agent: 'debug-specialist', catalog: 'snits', expect: 'handoff', to: ['performance-engineer'], task: 'Nothing is broken, the page just takes eight seconds to render; make it fast' },
  { agent: 'debug-specialist', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'We suspect someone abused a hole in our upload handler; investigate the vulnerability' },
  { agent: 'debug-specialist', catalog: 'snits', expect: 'handoff', to: ['test-specialist'], task: 'Now that the cause is known, write the test cases that keep this bug from coming back' },
  // data-architect: systems-architect, performance-engineer, security-engineer
  { agent: 'data-architect', catalog: 'snits', expect: 'stay', task: 'Design the entities, relationships and normalisation for our new inventory domain' },
  { agent: 'data-architect', catalog: 'snits', expect: 'stay', task: 'Plan how the order schema evolves over the next releases without breaking old readers' },
  { agent: 'data-architect', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Decide how customer data is encrypted at rest and which compliance rules apply to it' },
  { agent: 'data-architect', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'Define the contracts between all our services and keep the integration across the whole system consistent' },
  // data-processing-specialist: data-architect, alexandria-integration-specialist, performance-engineer
  { agent: 'data-processing-specialist', catalog: 'snits', expect: 'stay', task: 'Extract the text of a pile of EPUBs with odd encodings and keep the chapter metadata' },
  { agent: 'data-processing-specialist', catalog: 'snits', expect: 'stay', task: 'Make the document import resumable so a crash halfway through does not start it over' },
  { agent: 'data-processing-specialist', catalog: 'snits', expect: 'handoff', to: ['data-architect'], task: 'Design the storage schema the processed documents should land in' },
  { agent: 'data-processing-specialist', catalog: 'snits', expect: 'handoff', to: ['alexandria-integration-specialist'], task: 'Feed the extracted passages into our knowledge system so they can be found by meaning' },
  // database-specialist: "Coordinate with data-architect ... and systems-architect for infrastructure scaling decisions"
  { agent: 'database-specialist', catalog: 'snits', expect: 'stay', task: 'The activity feed query in Postgres is slow; add the right index and rewrite it' },
  { agent: 'database-specialist', catalog: 'snits', expect: 'stay', task: 'Batch the nightly inserts into SQLite so the import stops locking the app' },
  { agent: 'database-specialist', catalog: 'snits', expect: 'handoff', to: ['systems-architect'], task: 'Decide whether to shard across regions and what infrastructure the data tier runs on at ten times our traffic' },
  // devops-engineer: security-engineer, database-specialist, systems-architect
  { agent: 'devops-engineer', catalog: 'snits', expect: 'stay', task: 'Build the CI/CD pipeline with automated tests and staged rollouts for the governance service' },
  { agent: 'devops-engineer', catalog: 'snits', expect: 'stay', task: 'When an agent session dies its scratch workspace is left behind; recover or remove it automatically' },
  { agent: 'devops-engineer', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Assess the security implications of letting agents run arbitrary shell commands in our pipelines' },
  { agent: 'devops-engineer', catalog: 'snits', expect: 'handoff', to: ['database-specialist'], task: 'Work out how to optimise the database our deployment runs against' },
  // project-manager: systems-architect, security-engineer, ux-design-expert, performance-engineer
  { agent: 'project-manager', catalog: 'snits', expect: 'stay', task: 'Gather requirements from design, backend and mobile for the loyalty programme and set the milestones' },
  { agent: 'project-manager', catalog: 'snits', expect: 'stay', task: 'Plan the phases of the database migration and who signs off each one' },
  { agent: 'project-manager', catalog: 'snits', expect: 'handoff', to: ['ux-design-expert'], task: 'Decide how the new onboarding screens should flow and look to the user' },
  { agent: 'project-manager', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Work out which compliance requirements apply to storing card data in the new feature' },
  // python-cli-specialist: "Must escalate" security-engineer, performance-engineer, ux-design-expert
  { agent: 'python-cli-specialist', catalog: 'snits', expect: 'stay', task: 'Add subcommands, a config file fallback and shell completion to our click-based tool' },
  { agent: 'python-cli-specialist', catalog: 'snits', expect: 'stay', task: 'Make the command print JSON when piped and a coloured table in a terminal' },
  { agent: 'python-cli-specialist', catalog: 'snits', expect: 'handoff', to: ['performance-engineer'], task: 'The tool spends six seconds on each input file; find the bottleneck and remove it' },
  { agent: 'python-cli-specialist', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Our tool reads credentials from a config file and passes them to subprocesses; assess the risk' },
  // swiftui-implementation-specialist (file swiftui-ux-specialist.md): apple-platform-engineer, performance-engineer, systems-architect
  { agent: 'swiftui-implementation-specialist', catalog: 'snits', expect: 'stay', task: 'Add spring animations and swipe-to-dismiss to our SwiftUI card stack, honouring Reduce Motion' },
  { agent: 'swiftui-implementation-specialist', catalog: 'snits', expect: 'stay', task: 'Give every control on the checkout screen proper VoiceOver labels and hints' },
  { agent: 'swiftui-implementation-specialist', catalog: 'snits', expect: 'handoff', to: ['apple-platform-engineer'], task: 'Use platform APIs beyond SwiftUI to add a Mac menu bar extra and a watch complication' },
  { agent: 'swiftui-implementation-specialist', catalog: 'snits', expect: 'handoff', to: ['performance-engineer'], task: 'Memory keeps growing across the whole app; profile it in depth and optimise' },
  // world-generation-architect: game-engine-architect, performance-engineer, ux-design-expert, database-specialist
  { agent: 'world-generation-architect', catalog: 'snits', expect: 'stay', task: 'Add an erosion stage to our terrain pipeline that carves river valleys' },
  { agent: 'world-generation-architect', catalog: 'snits', expect: 'handoff', to: ['game-engine-architect'], task: "Fit the generated terrain into the engine's streaming and scene architecture" },
  { agent: 'world-generation-architect', catalog: 'snits', expect: 'handoff', to: ['database-specialist'], task: 'Design the tables that store generated world chunks so they load quickly' },
  // integration-specialist: security-engineer, performance-engineer, systems-architect
  { agent: 'integration-specialist', catalog: 'snits', expect: 'stay', task: 'Implement MCP tools that manage git worktrees safely for several agents at once' },
  { agent: 'integration-specialist', catalog: 'snits', expect: 'stay', task: 'Design the audit-trail tables and the interface between our ticket system and the build farm' },
  { agent: 'integration-specialist', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Check the security of the trust boundary between our integration layer and the outside systems' },
  // qa-engineer: "Coordinate with test-specialist for comprehensive coverage"
  { agent: 'qa-engineer', catalog: 'snits', expect: 'stay', task: 'Validate the new export feature across environments and odd inputs before we release it' },
  { agent: 'qa-engineer', catalog: 'snits', expect: 'handoff', to: ['test-specialist'], task: 'Raise automated test coverage of the untested parsing module to the required threshold' },
  // operations-researcher: "Coordinate with mathematical-computing-specialist for computational implementation"
  { agent: 'operations-researcher', catalog: 'snits', expect: 'stay', task: 'Structure the choice between five projects to fund under uncertainty with several criteria' },
  { agent: 'operations-researcher', catalog: 'snits', expect: 'handoff', to: ['mathematical-computing-specialist'], task: 'Code up the optimisation model and run the numerical solver on it' },
  // educational-systems-designer: dsl-designer, competitive-systems-designer
  { agent: 'educational-systems-designer', catalog: 'snits', expect: 'stay', task: 'Design the difficulty curve and skill checkpoints for the first ten hours of our coding game' },
  { agent: 'educational-systems-designer', catalog: 'snits', expect: 'handoff', to: ['dsl-designer'], task: 'Add beginner-friendly syntax to the robot scripting language itself' },
  // competitive-systems-designer: systems-architect, security-engineer, ux-design-expert
  { agent: 'competitive-systems-designer', catalog: 'snits', expect: 'stay', task: 'Design a rating and ladder system for our programming contests' },
  { agent: 'competitive-systems-designer', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Stop players from cheating and rigging results in ranked tournaments' },
  // rendering-engineer: simulation-engineer, ux-design-expert, performance-engineer, debug-specialist
  { agent: 'rendering-engineer', catalog: 'snits', expect: 'stay', task: 'Show what each agent in the simulation is deciding with colour-coded overlays' },
  { agent: 'rendering-engineer', catalog: 'snits', expect: 'handoff', to: ['ux-design-expert'], task: 'Find out what players need from the economy view and how they want to interact with it' },
  // ios-performance-specialist: test-specialist, qa-engineer, security-engineer, systems-architect
  { agent: 'ios-performance-specialist', catalog: 'snits', expect: 'stay', task: 'Core Data fetches make memory spike on older iPads; optimise them' },
  { agent: 'ios-performance-specialist', catalog: 'snits', expect: 'handoff', to: ['security-engineer'], task: 'Our caching speed-up now writes auth tokens to disk; check what that does to security' },

  // ---- mixed catalog ----
  // wshobson backend-architect, "Key Distinctions": defers to database-architect, cloud-architect, security-auditor, performance-engineer
  { agent: 'backend-development-backend-architect', catalog: 'mixed', expect: 'stay', task: 'Design the APIs and service boundaries of our new order system, with retries and circuit breakers between services' },
  { agent: 'backend-development-backend-architect', catalog: 'mixed', expect: 'stay', task: 'Choose between REST and gRPC for calls between our services and define the contracts' },
  { agent: 'backend-development-backend-architect', catalog: 'mixed', expect: 'handoff', to: DATABASE_ARCHITECT, task: 'Design the tables and plan a zero-downtime schema change for splitting the orders table' },
  {
    agent: 'backend-development-backend-architect',
    catalog: 'mixed',
    expect: 'handoff',
    to: ['cloud-architect', 'cicd-automation-cloud-architect', 'cloud-infrastructure-cloud-architect', 'database-cloud-optimization-cloud-architect', 'deployment-validation-cloud-architect'],
    task: 'Pick the cloud services and infrastructure the backend will run on',
  },
  {
    agent: 'backend-development-backend-architect',
    catalog: 'mixed',
    expect: 'handoff',
    to: ['security-auditor', 'backend-development-security-auditor', 'comprehensive-review-security-auditor', 'full-stack-orchestration-security-auditor', 'security-compliance-security-auditor', 'security-scanning-security-auditor'],
    task: 'Do a full security audit of the finished services before launch',
  },
  {
    agent: 'backend-development-backend-architect',
    catalog: 'mixed',
    expect: 'handoff',
    to: ['performance-engineer', 'application-performance-performance-engineer', 'backend-development-performance-engineer', 'full-stack-orchestration-performance-engineer', 'observability-monitoring-performance-engineer', 'performance-testing-review-performance-engineer'],
    task: 'Tune the performance of the whole system end to end now that it is live',
  },
  // wshobson database-architect, "Key Distinctions": vs database-optimizer, database-admin, backend-architect
  { agent: 'database-design-database-architect', catalog: 'mixed', expect: 'stay', task: 'Choose a database and model the schema for a new multi-tenant analytics product' },
  {
    agent: 'database-design-database-architect',
    catalog: 'mixed',
    expect: 'handoff',
    to: ['database-optimizer', 'database-cloud-optimization-database-optimizer', 'database-migrations-database-optimizer', 'observability-monitoring-database-optimizer'],
    task: 'Tune the slow queries and indexes on our existing production database',
  },
  { agent: 'database-design-database-architect', catalog: 'mixed', expect: 'handoff', to: ['database-admin'], task: 'Take care of backups, patching and the day-to-day running of our database servers' },
  { agent: 'database-design-database-architect', catalog: 'mixed', expect: 'handoff', to: BACKEND_ARCHITECT, task: 'Design the REST services and how they call each other on top of the finished data layer' },
  // wshobson C4 family, "Key Distinctions"
  { agent: 'c4-context', catalog: 'mixed', expect: 'stay', task: 'Make a high-level picture of our system, who uses it and which outside systems it depends on' },
  { agent: 'c4-context', catalog: 'mixed', expect: 'handoff', to: ['c4-code'], task: 'Document every function signature and class in the payments module' },
  { agent: 'c4-code', catalog: 'mixed', expect: 'stay', task: 'Document the classes and functions in the auth directory with their signatures and dependencies' },
  { agent: 'c4-code', catalog: 'mixed', expect: 'handoff', to: ['c4-container'], task: 'Show which deployable units our components run in and the protocols between them' },
  // voltagent agents, "Integration with other agents"
  { agent: 'kubernetes-specialist', catalog: 'mixed', expect: 'stay', task: 'Our pods restart in a loop after every deploy; fix the probes and resource requests' },
  { agent: 'kubernetes-specialist', catalog: 'mixed', expect: 'handoff', to: ['terraform-engineer'], task: 'Write the infrastructure code that provisions the clusters in all three regions' },
  { agent: 'postgres-pro', catalog: 'mixed', expect: 'stay', task: 'Set up streaming replication with automatic failover for our Postgres primary' },
  { agent: 'postgres-pro', catalog: 'mixed', expect: 'handoff', to: ['data-engineer'], task: 'Build the nightly extract-and-load job that copies our Postgres tables into the warehouse' },
  { agent: 'debugger', catalog: 'mixed', expect: 'stay', task: 'This function returns the wrong total when the list has duplicates; find and fix the bug' },
  { agent: 'debugger', catalog: 'mixed', expect: 'handoff', to: ['error-detective'], task: "Correlate the error spikes across all our services' logs and find the pattern behind them" },
  { agent: 'frontend-developer', catalog: 'mixed', expect: 'stay', task: 'Build the settings page in React with form validation and loading states' },
  { agent: 'frontend-developer', catalog: 'mixed', expect: 'handoff', to: ['ui-designer'], task: 'Create the visual design and styling language for the new dashboard before anyone codes it' },
  { agent: 'penetration-tester', catalog: 'mixed', expect: 'stay', task: 'Run an authorised attack on our staging API and show which weaknesses can really be exploited' },
  { agent: 'penetration-tester', catalog: 'mixed', expect: 'handoff', to: ['incident-responder'], task: 'There are signs an intruder is inside production right now; lead the response' },
  { agent: 'websocket-engineer', catalog: 'mixed', expect: 'stay', task: 'Scale our Socket.IO chat across several nodes with a Redis adapter and reconnect handling' },
  { agent: 'websocket-engineer', catalog: 'mixed', expect: 'handoff', to: ['mobile-developer'], task: 'Build the iOS and Android screens that show our live feed' },
  { agent: 'terraform-engineer', catalog: 'mixed', expect: 'stay', task: 'Refactor our Terraform into reusable modules with remote state and locking' },
  { agent: 'terraform-engineer', catalog: 'mixed', expect: 'handoff', to: ['database-administrator'], task: 'Tune the parameters and replication of the databases our infrastructure code creates' },
];
