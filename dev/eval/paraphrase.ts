/**
 * A small hand-written sanity set of realistic tasks for the dev catalog (snits agent-templates + seeds),
 * phrased the way users write them: symptoms and goals, not the agents' own key phrases. Written once,
 * before tuning on it; it is reported next to the leave-one-out numbers, not optimised against.
 * Each task lists every agent that would be a right answer.
 */
export interface ParaphraseCase {
  task: string;
  accept: string[];
}

export const PARAPHRASE_CASES: readonly ParaphraseCase[] = [
  // close neighbours: python-engineer vs python-pro vs python-infrastructure-engineer
  { task: 'Add an endpoint to our Flask service that returns paginated orders as JSON', accept: ['python-engineer'] },
  { task: 'Write a script that reads the monthly sales spreadsheet with pandas and loads the totals into Postgres', accept: ['python-engineer', 'data-processing-specialist'] },
  { task: 'Build a small Django app with login and an admin page for our support team', accept: ['python-engineer'] },
  { task: 'This numeric hot loop in our Python simulation needs to run fifty times faster; a native extension is fine', accept: ['python-pro'] },
  { task: 'Let third parties plug in their own storage backends without subclassing anything, fully type checked', accept: ['python-pro', 'python-dependency-injection-specialist'] },
  { task: 'When one of the download coroutines errors, cancel the rest and surface the exception cleanly', accept: ['python-pro'] },
  { task: 'Developers keep committing with --no-verify because the git hooks for bandit and ruff disagree on config', accept: ['python-infrastructure-engineer'] },
  { task: 'Our pyproject has conflicting formatter and linter settings and the pre-commit run fails on every commit', accept: ['python-infrastructure-engineer', 'python-type-linting-specialist'] },
  // infrastructure neighbours
  { task: 'Spin up throwaway Postgres and Redis instances for our integration tests instead of mocking them', accept: ['infrastructure-specialist'] },
  { task: 'New hires need a whole day to get a working local environment; make it one command', accept: ['infrastructure-specialist', 'devops-engineer'] },
  { task: 'Our pods keep getting OOMKilled and services cannot reach each other across namespaces', accept: ['container-infrastructure-engineer'] },
  { task: 'Shrink our Docker images and lock them down before they go to production', accept: ['container-infrastructure-engineer'] },
  // other specialists in the dev catalog
  { task: 'The monthly report query scans the whole orders table; work out which indexes we are missing', accept: ['database-specialist', 'python-database-engineer', 'typescript-database-engineer'] },
  { task: 'The nightly job randomly dies with a KeyError and nobody can explain why', accept: ['debug-specialist'] },
  { task: 'Someone could probably slip malicious input through our search box into the database; check it', accept: ['security-engineer'] },
  { task: 'Polish the wording of this blog post without changing my voice', accept: ['copy-editor'] },
  { task: 'Split this giant messy commit into a series of small logical ones', accept: ['git-decomposition-specialist', 'atomic-git-manager'] },
  { task: 'Our p99 response time tripled after the last release; find out where the time goes', accept: ['performance-engineer', 'systems-performance-engineer'] },
  { task: 'The borrow checker rejects my async Rust service code and I do not understand the lifetimes', accept: ['rust-specialist'] },
  { task: 'Our Go worker pool leaks goroutines under load', accept: ['golang-specialist'] },
  { task: 'Can we ship a proprietary product that links against a GPL library?', accept: ['open-source-licensing-auditor'] },
  { task: 'Write a one-liner that rewrites every date in these log files to ISO format', accept: ['sed-awk-wizard'] },
  { task: 'Should we break our monolith into services, and where would the seams be?', accept: ['systems-architect', 'software-architect', 'architectural-patterns-expert'] },
  { task: 'Come up with consistent names for these concepts so the API, database and UI use the same words', accept: ['nomenclature-specialist'] },
  { task: 'One character class in our multiplayer game wins far too often; rebalance it', accept: ['game-balance-analyst'] },
  { task: 'Our game stutters and drops frames when many particles are on screen', accept: ['game-performance-analyst', 'rendering-engineer'] },
  { task: 'Write a guide that explains to new users how to install and configure our tool', accept: ['technical-documentation-specialist'] },
  { task: 'Break this feature into tasks with dependencies and an order of work', accept: ['meticulous-project-planner', 'project-manager'] },
  { task: 'Our terminal dashboard needs keyboard navigation and live-updating panels', accept: ['tui-specialist'] },
  { task: 'Our VoiceOver users cannot complete the signup form in the iPhone app', accept: ['swiftui-implementation-engineer', 'swift-implementation-engineer', 'swiftui-implementation-specialist'] },
];

/**
 * The same kind of tasks for voltagent-subagents (158 agents, many close neighbours), written before any
 * tuning against them; reported as a second sanity set.
 */
export const VOLTAGENT_CASES: readonly ParaphraseCase[] = [
  { task: 'Our checkout page sometimes charges customers twice when they double-click the pay button', accept: ['payment-integration', 'fintech-engineer', 'debugger'] },
  { task: 'Figure out why this Postgres instance keeps running out of connections at peak hours', accept: ['postgres-pro', 'database-administrator', 'database-optimizer'] },
  { task: 'This reporting query joins six tables and takes forty seconds; rewrite it so it finishes quickly', accept: ['sql-pro', 'database-optimizer', 'postgres-pro'] },
  { task: 'Set up nightly backups and point-in-time recovery for our production database', accept: ['database-administrator', 'postgres-pro'] },
  { task: 'The site went down at 3am and customers cannot log in; coordinate the response and get us back up', accept: ['incident-responder', 'devops-incident-responder', 'sre-engineer'] },
  { task: 'Try to break into our staging environment the way a real attacker would and report what you got into', accept: ['penetration-tester'] },
  { task: 'Check whether we actually meet the controls we promised in our SOC 2 audit', accept: ['compliance-auditor', 'security-auditor'] },
  { task: 'We store patient records; make sure the way we log and share them is legal in the US', accept: ['hipaa-compliance', 'compliance-auditor', 'legal-advisor'] },
  { task: 'Users in the EU want their data deleted; build the process for handling those requests', accept: ['gdpr-ccpa-compliance', 'compliance-auditor'] },
  { task: 'Add a JSON endpoint to our Django app that lists orders with filtering and pagination', accept: ['django-developer', 'backend-developer', 'python-pro'] },
  { task: 'Our async Python API needs request validation, dependency injection and OpenAPI docs', accept: ['fastapi-developer', 'python-pro', 'backend-developer'] },
  { task: 'Our pods keep getting evicted and rescheduled; tune resource requests and autoscaling', accept: ['kubernetes-specialist', 'devops-engineer', 'platform-engineer', 'sre-engineer'] },
  { task: 'Describe our AWS network, load balancers and databases as code so environments can be recreated', accept: ['terraform-engineer', 'cloud-architect', 'devops-engineer', 'terragrunt-expert'] },
  { task: 'Our container image is 2 GB and takes ages to build; make it smaller and cache the layers', accept: ['docker-expert', 'build-engineer', 'devops-engineer'] },
  { task: 'Model training works in a notebook; turn it into a pipeline with experiment tracking and scheduled retraining', accept: ['mlops-engineer', 'ml-engineer', 'machine-learning-engineer'] },
  { task: 'Classify support tickets by intent and pull out product names mentioned in them', accept: ['nlp-engineer', 'machine-learning-engineer', 'ml-engineer', 'data-scientist'] },
  { task: 'Design how our chatbot retrieves company documents and which model it should call', accept: ['llm-architect', 'ai-engineer', 'prompt-engineer'] },
  { task: 'The answers from our assistant are inconsistent; rewrite the instructions we send to the model', accept: ['prompt-engineer', 'llm-architect'] },
  { task: 'Write reference pages for every endpoint of our public API with request and response samples', accept: ['api-documenter', 'technical-writer', 'documentation-engineer'] },
  { task: 'Our docs say one thing and the code does another; find the pages that are out of date', accept: ['docs-drift-editor', 'documentation-engineer', 'technical-writer'] },
  { task: 'Make our web app usable with a screen reader and keyboard only', accept: ['accessibility-tester', 'frontend-developer', 'ui-designer'] },
  { task: 'Our React components re-render constantly and typing in the search box lags', accept: ['react-specialist', 'frontend-developer', 'performance-engineer'] },
  { task: 'Build a live chat feature where messages appear instantly for everyone in the room', accept: ['websocket-engineer', 'backend-developer', 'fullstack-developer'] },
  { task: 'Decide whether the new onboarding flow actually improved sign-ups, with proper statistics', accept: ['ab-test-analysis', 'data-analyst', 'data-scientist'] },
  { task: 'Our emails land in spam for Gmail users; fix SPF, DKIM and sender reputation', accept: ['email-deliverability-engineer'] },
  { task: 'Move this 15-year-old PHP monolith to something maintainable without stopping feature work', accept: ['legacy-modernizer', 'refactoring-specialist', 'php-pro', 'microservices-architect'] },
  { task: 'A memory-mapped driver on our microcontroller misses interrupts under load', accept: ['embedded-systems', 'iot-engineer'] },
  { task: 'Plan the next two sprints from this messy backlog and estimate the stories', accept: ['scrum-master', 'backlog-grooming', 'project-manager', 'product-manager'] },
  { task: 'Intermittent 500 errors in production; dig through the logs and find the pattern', accept: ['error-detective', 'debugger', 'devops-incident-responder', 'sre-engineer'] },
  { task: 'Our package.json has conflicting versions and npm audit reports dozens of vulnerabilities', accept: ['dependency-manager', 'security-auditor', 'javascript-pro', 'node-specialist'] },
];
