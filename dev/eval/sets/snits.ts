/**
 * Dev set 1: tasks over the snits agent-templates (121) plus the five bundled seeds (the catalog the
 * leave-one-out eval calls "dev"). Written blind (without running the matcher), from the agents' files,
 * as a developer would type a request: symptoms, goals and context, avoiding each agent's own key phrases
 * and the wording of its `<example>` blocks. `accept` lists every agent of that catalog a tech lead would
 * accept for the task, best first; close neighbours (the python, swift, game, architect and git families)
 * get tasks that separate them. A few tasks are deliberately short, a few long, and three are not in
 * English (marked). Does not repeat PARAPHRASE_CASES (dev/eval/paraphrase.ts).
 */
import type { ParaphraseCase } from '../paraphrase.js';

export const SNITS_CASES: readonly ParaphraseCase[] = [
  // python family: python-engineer (apps, data), python-pro (systems, typing, speed), python-infrastructure-engineer (tooling)
  { task: 'Add a Flask blueprint that lets customers download their invoices as PDF, login required', accept: ['python-engineer'] },
  { task: 'Write a Celery job that emails every account owner a weekly usage summary as a CSV attachment', accept: ['python-engineer'] },
  { task: 'Clean up a messy export of two million survey rows with pandas and write the tidy result to Parquet', accept: ['python-engineer', 'data-processing-specialist'] },
  { task: 'Put our already-trained churn model behind a FastAPI endpoint with input validation and proper error responses', accept: ['python-engineer'] },
  { task: 'Add OAuth2 login with short-lived access tokens and refresh tokens to our FastAPI service', accept: ['python-engineer', 'security-engineer'] },
  { task: 'Thumbnail generation runs in one Python process while the other cores sit idle; parallelise it despite the GIL', accept: ['python-pro', 'performance-engineer'] },
  { task: 'Make our internal Python library installable from a src layout, with strict typing and no module-level state', accept: ['python-pro', 'python-infrastructure-engineer'] },
  { task: 'This Python geometry routine is our bottleneck; profile it and, if it pays off, rewrite the hot part as a compiled Rust module', accept: ['python-pro', 'rust-specialist', 'performance-engineer'] },
  { task: 'Set up one uv workspace with a single lockfile for our five interdependent Python packages', accept: ['python-pro', 'python-infrastructure-engineer'] },
  { task: 'Move our project from setup.py plus three requirements files to a single pyproject.toml', accept: ['python-infrastructure-engineer', 'python-pro'] },
  { task: 'The CI lint job pins a different ruff version than our editors, so the results never match', accept: ['python-infrastructure-engineer', 'python-type-linting-specialist'] },
  { task: 'One command should run our test suite locally against Python 3.9 through 3.13', accept: ['python-infrastructure-engineer', 'python-test-framework-specialist'] },
  { task: 'The dependency vulnerability scan fails our pipeline on a dev-only package; configure the scanners sensibly', accept: ['python-infrastructure-engineer', 'security-engineer'] },
  { task: 'Introduce static type checking into a 200k-line Python codebase module by module, without blocking everyone', accept: ['python-type-linting-specialist', 'python-infrastructure-engineer', 'python-pro'] },
  { task: 'Plan the layout of our pytest suite: shared fixtures for a database, a frozen clock and a fake queue, plus coverage in CI', accept: ['python-test-framework-specialist', 'test-specialist'] },
  { task: 'Turn my argparse script into a proper command with subcommands, shell completion and tidy table output', accept: ['python-cli-specialist', 'python-engineer'] },
  { task: 'Page loads fire hundreds of SELECTs because our SQLAlchemy relationships load lazily', accept: ['python-database-engineer', 'python-engineer', 'database-specialist'] },
  { task: 'Our services are wired together through module-level singletons; introduce a container so tests can swap implementations', accept: ['python-dependency-injection-specialist', 'python-pro'] },
  // not English (German): "Write a Django view that returns orders as paginated JSON"
  { task: 'Schreib einen Django-View, der Bestellungen paginiert als JSON zurückgibt', accept: ['python-engineer'] },

  // infrastructure family
  { task: 'Run the integration tests in CI against real Postgres and Redis containers and keep the whole job under five minutes', accept: ['infrastructure-specialist', 'devops-engineer'] },
  { task: 'Give the data team a local setup with a GPU-enabled Jupyter container and a seeded database, started with one command', accept: ['infrastructure-specialist', 'container-infrastructure-engineer'] },
  { task: 'Write Kubernetes deployments with readiness probes, resource limits and rolling updates for our three services', accept: ['container-infrastructure-engineer', 'devops-engineer'] },
  { task: 'Containers in our compose setup cannot reach each other by service name', accept: ['container-infrastructure-engineer', 'infrastructure-specialist'] },
  { task: 'Only the API pods should be allowed to talk to the database pods; enforce that in the cluster', accept: ['container-infrastructure-engineer', 'security-engineer'] },
  { task: 'docker image too big', accept: ['container-infrastructure-engineer', 'infrastructure-specialist'] },
  { task: 'Build a pipeline that ships to a small slice of traffic first and rolls back by itself if errors jump', accept: ['devops-engineer', 'release-manager', 'container-infrastructure-engineer'] },
  { task: 'The service has to keep running if one availability zone disappears, and we need a restore procedure we have actually tested', accept: ['devops-engineer', 'systems-architect'] },
  { task: "vagrant up hangs at 'waiting for machine to boot' on the new laptops", accept: ['vagrant-engineer'] },
  { task: 'Our VM-based dev environment has to behave the same on Intel Macs, Apple Silicon and Linux workstations', accept: ['vagrant-engineer', 'infrastructure-specialist'] },
  { task: 'Write an installer for macOS, Debian and Fedora that finds an existing R and Octave install and configures our tool against them', accept: ['configuration-deployment-engineer'] },
  { task: 'Check that the TypeScript still compiles without emitting any files; the package is npm-linked into two other repos', accept: ['build-specialist', 'typescript-type-linting-specialist'] },
  { task: 'Produce the production bundle of our library and check what ends up in the tarball before we publish', accept: ['build-specialist', 'release-manager'] },
  { task: 'Cut version 3.2: changelog, version bump, tag, and a deploy window agreed with ops', accept: ['release-manager', 'devops-engineer'] },
  { task: 'Stand up GPU inference servers for our models with autoscaling and a deploy pipeline, without the cloud bill exploding', accept: ['ai-systems-engineer', 'devops-engineer'] },

  // architects and design assessors
  { task: 'Lay out the modules and layers of our new Node backend so one feature cannot reach into another', accept: ['software-architect', 'architectural-patterns-expert'] },
  { task: 'Should caching live in the CDN, the gateway or inside each service? We run twelve services on two clouds', accept: ['systems-architect', 'performance-engineer'] },
  { task: 'Design the shared platform for five product teams: which common services, which cloud, and how the systems exchange data', accept: ['systems-architect'] },
  { task: 'Is the repository plus unit-of-work plus mediator stack justified in this small CRUD app, or is it ceremony?', accept: ['architectural-patterns-expert', 'software-architect'] },
  { task: 'We use singletons everywhere and an event bus nobody can trace; judge whether these design choices fit the problem', accept: ['architectural-patterns-expert', 'maintainability-assessor', 'software-architect'] },
  { task: 'Check whether our class hierarchy respects single responsibility and dependency inversion, and show where it breaks them', accept: ['solid-principles-assessor', 'architectural-patterns-expert', 'clean-code-analyst'] },
  { task: 'This function is called proc2 and takes eight booleans; tell me how to make the module readable for the next person', accept: ['clean-code-analyst', 'maintainability-assessor', 'code-reviewer'] },
  { task: 'Which parts of this codebase will hurt most when we add multi-tenancy next year?', accept: ['maintainability-assessor', 'technical-feasibility-assessor', 'software-architect'] },
  { task: 'Review our SDK surface before 1.0: names are inconsistent, errors are plain strings and one call takes nine arguments', accept: ['api-design-expert', 'software-architect'] },
  { task: 'How do we evolve our REST resources so renamed fields do not break mobile clients stuck on old releases?', accept: ['api-design-expert', 'backward-compatibility-guardian'] },
  { task: 'We are changing the config file format; people upgrading from v2 must not end up with broken setups', accept: ['backward-compatibility-guardian'] },
  { task: 'Will deleting these deprecated methods break any of the plugins people have built on us?', accept: ['backward-compatibility-guardian', 'api-design-expert'] },
  { task: 'Model customers, subscriptions, invoices and usage events so billing history is never rewritten', accept: ['data-architect', 'database-specialist'] },
  { task: 'Can we realistically ship offline-first sync in our web app this quarter with two engineers?', accept: ['technical-feasibility-assessor', 'plan-validator'] },
  { task: 'Here is our six-week plan for rewriting billing; is it believable and what will bite us?', accept: ['plan-validator', 'technical-feasibility-assessor'] },

  // databases and data processing
  { task: 'Our SQLite file is 4 GB now and lookups by tag take seconds', accept: ['database-specialist', 'typescript-database-engineer', 'python-database-engineer'] },
  { task: 'Keep our document embeddings in Chroma and make the similarity queries faster', accept: ['database-specialist', 'ml-embeddings-specialist'] },
  { task: 'Convert a folder of mixed DOCX, HTML and PDF manuals into clean Markdown chunks with their headings preserved', accept: ['data-processing-specialist'] },
  { task: 'The nightly import reprocesses every record from scratch; make it pick up only new and changed ones and resume after a crash', accept: ['data-processing-specialist', 'database-specialist'] },
  { task: 'Add a SQLite persistence layer with migrations to our TypeScript service', accept: ['typescript-database-engineer', 'database-specialist'] },
  { task: 'Choose an embedding model and chunk size so our FAQ search matches questions worded differently from the answers', accept: ['ml-embeddings-specialist', 'database-specialist'] },
  { task: 'Check whether shrinking our 1536-dimension vectors with PCA keeps nearest-neighbour quality, and write up the maths', accept: ['vector-researcher', 'ml-embeddings-specialist'] },
  { task: 'Build an operations page with order volume, error rate and queue depth charts that refresh every few seconds', accept: ['dashboard-specialist'] },

  // debugging, performance, quality, security
  { task: 'Every few hours the service stops accepting connections and the logs show nothing', accept: ['debug-specialist', 'systems-performance-engineer'] },
  { task: 'Tests pass one at a time but fail when the whole suite runs', accept: ['debug-specialist', 'test-specialist', 'qa-engineer'] },
  { task: 'A batch import of 50k records takes 40 minutes and the box starts swapping', accept: ['performance-engineer', 'systems-performance-engineer', 'data-processing-specialist'] },
  { task: 'Disk I/O wait pegs on our database hosts every night at 2am', accept: ['systems-performance-engineer', 'database-specialist', 'performance-engineer'] },
  { task: 'Our Node API latency climbs steadily with the number of concurrent users; find where the time goes', accept: ['performance-engineer', 'systems-performance-engineer'] },
  { task: 'I finished the refund flow; go over the diff before I commit and be strict about it', accept: ['code-reviewer'] },
  { task: 'review my diff', accept: ['code-reviewer'] },
  { task: 'This module has no tests at all; cover its edge cases before anyone merges more changes into it', accept: ['test-specialist', 'qa-engineer'] },
  { task: 'I fixed the password reset bug; verify the fix holds across browsers and odd inputs before we release', accept: ['qa-engineer', 'test-specialist'] },
  { task: 'Three separate code audits gave us conflicting advice and we have two sprints; rank which fixes are worth doing', accept: ['quality-orchestrator'] },
  { task: 'Review how we store API keys and session tokens and propose something safer', accept: ['security-engineer'] },
  { task: 'Work out how an attacker could abuse our new file upload service before it goes live', accept: ['security-engineer'] },
  { task: 'List every dependency license and flag the copyleft ones before we ship the desktop app', accept: ['open-source-licensing-auditor', 'compliance-auditor'] },
  { task: 'Prepare us for an ISO 27001 audit: which controls are missing and what evidence will the auditors want?', accept: ['compliance-auditor', 'security-engineer'] },

  // docs and writing
  { task: 'Write a getting-started guide and a reference for our plugin API with runnable samples', accept: ['technical-documentation-specialist'] },
  { task: 'write API docs for the orders service', accept: ['technical-documentation-specialist'] },
  { task: "Score our docs from a newcomer's point of view: what is missing, what is confusing, what to fix first", accept: ['documentation-assessor', 'technical-documentation-specialist'] },
  { task: 'Fix the grammar and awkward sentences in this email to a client, but keep it sounding like me', accept: ['copy-editor'] },
  { task: 'Write up our simulation method as a paper section with the equations properly typeset', accept: ['scientific-documentation-specialist'] },
  { task: 'Our wiki has 900 pages and no structure; propose a hierarchy and a tagging scheme', accept: ['project-librarian', 'documentation-assessor'] },
  { task: "Dig through our commit history and retro notes and tell the story of how we survived last year's big outage", accept: ['project-historian'] },
  { task: "Write a player's guide covering openings and counters for each faction", accept: ['strategy-guide-writer'] },
  { task: 'Is it a workspace, a project or a board? We need one set of names used everywhere in the product', accept: ['nomenclature-specialist'] },

  // planning and process
  { task: 'This feature touches payments, the mobile app and the data warehouse; coordinate who does what and in which order', accept: ['project-manager', 'meticulous-project-planner'] },
  { task: 'Before the migration weekend, list every step and dependency so nothing gets skipped', accept: ['meticulous-project-planner', 'project-manager', 'release-manager'] },
  { task: 'Stakeholders keep adding small requests to the MVP; help me decide what stays out', accept: ['project-scope-guardian', 'project-manager'] },
  { task: 'Before we write code, capture the real problem behind this feature request and trace each requirement to a test', accept: ['requirements-analyst'] },
  { task: 'Pull requests wait three days for review and builds queue for an hour; find where our workflow stalls', accept: ['process-improvement-specialist'] },
  { task: 'Define a development process where AI agents leave written hand-off notes and must pass a review gate at each stage', accept: ['process-engineer', 'policy-pack-architect'] },
  { task: 'Let each team choose a strict or a lightweight set of merge rules, packaged as swappable bundles of checks', accept: ['policy-pack-architect', 'process-engineer'] },
  { task: 'Every time we add on-call rotations, burnout rises and incidents go up; why is our fix making things worse?', accept: ['systems-thinker', 'process-improvement-specialist'] },
  { task: 'Pick delivery routes and truck assignments that minimise cost while meeting customer time windows', accept: ['operations-researcher', 'mathematical-computing-specialist'] },

  // git
  { task: 'Three days of uncommitted work across twenty files: turn it into clean, reviewable commits without losing anything', accept: ['atomic-git-manager', 'git-decomposition-specialist'] },
  { task: 'commit my staged work with a proper message', accept: ['atomic-git-manager'] },
  { task: 'Break one huge patch into a series and prove the end result is byte-identical to the original', accept: ['git-decomposition-specialist', 'atomic-git-manager'] },
  { task: 'Find everywhere in the repo and our notes that deals with rate limiting, including earlier decisions, and summarise it', accept: ['search-specialist'] },

  // AI systems, agents, MCP, memory
  { task: 'Our agent instruction files are 600 lines each and the model ignores half of it; restructure them so the key rules stick', accept: ['agent-prompt-engineer'] },
  { task: 'We chain a vision model, speech-to-text and an LLM; design how results flow between them and how to recover when one times out', accept: ['ai-orchestration-specialist', 'ai-systems-engineer'] },
  { task: 'Connect our app to the Alexandria knowledge store so answers can pull in related facts', accept: ['alexandria-integration-specialist'] },
  { task: 'Write a Model Context Protocol server that exposes our ticket database as tools', accept: ['mcp-protocol-specialist', 'typescript-database-engineer', 'integration-specialist'] },
  { task: 'Our assistant remembers everything forever; design how old memories should fade unless they keep getting used', accept: ['memory-architecture-specialist', 'mnemosyne-integration-specialist'] },
  { task: 'Hook Mnemosyne into our agent so it recalls what the user told it last week', accept: ['mnemosyne-integration-specialist', 'memory-architecture-specialist'] },
  { task: 'When the planner agent passes work to the coding agent, the earlier findings vanish from the thread', accept: ['conversation-memory-analyst'] },
  { task: 'The provider registry resolves the wrong backend when two plugins declare the same model alias', accept: ['provider-integration-engineer'] },
  { task: 'Sync issues both ways between Jira and our internal tracker without duplicates or lost updates', accept: ['integration-specialist', 'systems-architect'] },
  { task: 'Run up to eight solver subprocesses at once, each with its own timeout, and let users cancel a job midway', accept: ['process-orchestration-specialist'] },
  { task: 'Users lose unsaved editor state when the app crashes; persist sessions to disk and restore them at startup', accept: ['file-session-management-specialist'] },
  { task: 'Write Midjourney prompts that keep our mascot looking identical across twelve illustrations', accept: ['image-prompt-engineer'] },

  // mathematics and science
  { task: 'Solve this ODE system symbolically where possible and numerically otherwise, with error bounds', accept: ['mathematical-computing-specialist'] },
  { task: 'Design the tool set so an assistant can go from a symbolic derivation to a plot in a few natural steps', accept: ['mathematical-workflow-designer', 'mathematical-computing-specialist'] },
  { task: "Simulate airflow over our drone's wing profile and show where the flow separates", accept: ['cfd-specialist'] },
  { task: 'Estimate the warming trend from forty years of regional temperature records, with uncertainty', accept: ['climate-scientist'] },
  { task: 'Estimate flood peaks for a river catchment from rainfall records and soil types', accept: ['computational-hydrologist'] },
  { task: 'Interpret this gravity survey to locate a buried salt dome', accept: ['geophysicist'] },
  { task: 'Derive the effective Hamiltonian for two coupled spins in a magnetic field', accept: ['theoretical-physicist', 'mathematical-computing-specialist'] },

  // games and simulation
  { task: 'The late-game economy inflates so fast that gold is meaningless by level 30', accept: ['game-balance-analyst', 'game-design-strategist'] },
  { task: 'the healer class is too strong in ranked', accept: ['game-balance-analyst', 'competitive-systems-designer'] },
  { task: 'Critique this design doc for our crafting system before we build it: is it fun, and is it clear?', accept: ['game-design-reviewer', 'game-design-strategist'] },
  { task: 'Come up with core mechanics for a cozy farming game that stays interesting after twenty hours', accept: ['game-design-strategist'] },
  { task: 'Should our engine move to an entity-component-system, and how would physics, rendering and scripting fit around it?', accept: ['game-engine-architect'] },
  { task: 'Frame times spike to 50 ms whenever the map streams in a new area on the handheld build', accept: ['game-performance-analyst', 'game-engine-architect'] },
  { task: 'game stutters in big battles', accept: ['game-performance-analyst', 'game-engine-architect'] },
  { task: 'Implement save and load for quests, inventory and world state on top of our event bus', accept: ['game-subsystem-engineer'] },
  { task: 'Design the bracket format and seeding for our online league, plus a season ladder', accept: ['competitive-systems-designer'] },
  { task: 'Design guilds and player trading so people depend on each other without griefers wrecking it', accept: ['social-systems-designer', 'game-design-strategist'] },
  { task: 'Each tribe in our civilisation sim should invent its own gods and legends that drift as the stories spread between villages', accept: ['cultural-mythology-engine', 'simulation-designer'] },
  { task: 'Design a market sim where prices emerge from individual traders following a few simple rules', accept: ['simulation-designer', 'simulation-engineer'] },
  { task: 'Our cellular automaton crawls past 2000x2000 cells; restructure the update step and record what caused each change', accept: ['simulation-engineer', 'performance-engineer'] },
  { task: 'Draw a heatmap overlay of where colonists walk so designers can see the congestion', accept: ['rendering-engineer', 'simulation-engineer'] },
  { task: 'Generate continents with mountains from plate collisions, then rivers and biomes from rainfall', accept: ['world-generation-architect'] },
  { task: 'Our tank bots should advance in bounding overwatch, one covering while the other moves; encode that doctrine in their logic', accept: ['armored-warfare-ai-architect'] },
  { task: 'Design a beginner-friendly scripting syntax that kids can use to program their battle robots', accept: ['dsl-designer', 'language-architect', 'educational-systems-designer'] },
  { task: 'Plan tutorial levels that teach loops and conditionals before players enter ranked matches', accept: ['educational-systems-designer', 'game-design-strategist'] },
  { task: "The robots' compiled programs waste instructions on redundant register moves and run out of their per-tick budget", accept: ['bytecode-optimizer', 'vm-specialist'] },
  { task: 'After compiling, jump targets land two instructions off even though the assembly text looks right', accept: ['compiler-pipeline-debugger', 'vm-specialist', 'debug-specialist'] },
  { task: "Speed up the dispatch loop of our register VM and make sure one robot's program cannot read another's memory", accept: ['vm-specialist', 'bytecode-optimizer'] },
  { task: 'Design the grammar and type system for a small configuration language with modules and imports', accept: ['language-architect', 'dsl-designer'] },
  {
    task: 'We are three people building a multiplayer tactics game. Matches feel decided in the first two turns because whoever moves first wins. Look at the turn order and unit stats and suggest changes.',
    accept: ['game-balance-analyst', 'game-design-strategist', 'competitive-systems-designer'],
  },

  // user interfaces
  { task: 'The pricing cards overlap on phones narrower than 400px', accept: ['html-css-agent'] },
  { task: 'Build a desktop settings window in Qt with tabs, validation and keyboard shortcuts', accept: ['gui-specialist'] },
  { task: 'Design the panel in our VS Code extension that shows profiler results so developers can drill into hot paths', accept: ['gui-developer-tools-architect', 'ux-design-expert'] },
  { task: 'Half of new users drop off at step three of signup; rework the flow', accept: ['ux-design-expert'] },
  { task: 'Make a fuzzy-search file picker that runs in the terminal over SSH', accept: ['tui-specialist'] },
  { task: 'Build a TypeScript command that walks a folder, reads YAML front matter and writes an index file', accept: ['typescript-cli-engineer'] },
  { task: 'After switching on strict mode we have 400 type errors; work through them systematically', accept: ['typescript-type-linting-specialist'] },
  { task: 'Add ESLint rules to our TypeScript monorepo and fix the violations that already exist', accept: ['typescript-type-linting-specialist'] },

  // Swift / Apple family
  { task: 'Move the settings screens of our UIKit app to SwiftUI while keeping Core Data working', accept: ['swift-implementation-engineer', 'swift-ios-architect', 'swiftui-implementation-engineer'] },
  { task: 'Read daily step counts from HealthKit and show them in our iOS app', accept: ['swift-implementation-engineer', 'apple-platform-engineer'] },
  { task: 'Decide between MVVM and the Composable Architecture for our new iOS banking app and how its modules depend on each other', accept: ['swift-ios-architect', 'apple-platform-engineer'] },
  { task: 'One codebase for iPhone, iPad, Mac and Watch: how do we split shared logic into packages and adapt layouts per device?', accept: ['apple-platform-engineer', 'swift-ios-architect'] },
  { task: 'Add a lock-screen Live Activity and a home-screen widget that show delivery progress', accept: ['apple-platform-engineer', 'swift-implementation-engineer', 'swiftui-implementation-engineer'] },
  { task: 'Our iPhone app drains the battery in the background and runs hot on older devices', accept: ['ios-performance-specialist'] },
  { task: 'Scrolling a SwiftUI list of 5,000 photos stutters on an iPhone 11', accept: ['ios-performance-specialist', 'swiftui-implementation-engineer'] },
  { task: 'Move our XCTest suite to the Swift Testing macros and add parameterised cases', accept: ['swift-testing-expert'] },
  { task: 'Animate cards sliding between two lists with matched geometry and keep the selection state in sync', accept: ['swiftui-implementation-engineer', 'swiftui-implementation-specialist', 'swift-implementation-engineer'] },
  { task: "Make our SwiftUI onboarding follow Apple's interface guidelines, support Dynamic Type and feel native", accept: ['swiftui-implementation-specialist', 'swiftui-implementation-engineer', 'ux-design-expert'] },

  // Go, Rust, kernel and low level
  { task: 'Write table-driven tests for this Go parser and run them under the race detector', accept: ['golang-specialist'] },
  { task: 'Design a fan-out pipeline in Go that shuts down cleanly when the request context is cancelled', accept: ['golang-specialist'] },
  { task: 'Write a procedural macro that derives builder methods for our Rust structs', accept: ['rust-specialist'] },
  { task: 'Clear out the clippy warnings so CI can build with warnings denied', accept: ['rust-type-linting-specialist', 'rust-specialist'] },
  { task: 'fix clippy lints', accept: ['rust-type-linting-specialist', 'rust-specialist'] },
  { task: 'mypy errors everywhere', accept: ['python-type-linting-specialist', 'python-infrastructure-engineer', 'python-pro'] },
  { task: 'Write a Linux character device driver for our custom PCIe board', accept: ['kernel-hacker'] },
  { task: 'The box panics with a NULL dereference inside our kernel module under load; help me read the oops', accept: ['kernel-hacker', 'debug-specialist'] },
  { task: 'PCI passthrough to a VM fails with DMA remapping faults on our AMD host', accept: ['kernel-iommu-expert', 'platform-hardware-specialist', 'kernel-hacker'] },
  { task: 'Our tool must detect at runtime which virtualization and DMA remapping features the host firmware exposes, on x86 and ARM servers', accept: ['platform-hardware-specialist', 'kernel-iommu-expert'] },
  { task: 'Implement the framing layer of our binary TCP protocol with length prefixes and reconnect handling', accept: ['protocol-implementation-specialist'] },
  { task: 'Sum the bytes column per HTTP status from an nginx access log with a one-liner', accept: ['sed-awk-wizard'] },
  {
    task: 'We run a Django monolith with Celery workers. Since last week the workers slowly eat memory until the container is killed, roughly every six hours. Nothing obvious changed in our code. Help me track down why.',
    accept: ['debug-specialist', 'python-engineer', 'performance-engineer'],
  },

  // not English
  // Spanish: "I need an awk command that sums the third column of a CSV grouped by date"
  { task: 'Necesito un comando de awk que sume la tercera columna de un CSV agrupando por fecha', accept: ['sed-awk-wizard'] },
  // German: "Our Go service uses more and more memory under load; find the leak"
  { task: 'Unser Go-Dienst verbraucht unter Last immer mehr Speicher; finde das Leck', accept: ['golang-specialist', 'debug-specialist', 'performance-engineer'] },
  // French: "Fix the mistakes in this email to a client without changing my tone"
  { task: 'Corrige les fautes de ce courriel à un client sans changer mon ton', accept: ['copy-editor'] },
];
