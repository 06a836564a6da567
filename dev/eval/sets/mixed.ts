/**
 * Dev set 2: tasks over the MIXED catalog, wshobson-agents + voltagent-subagents + 0xfurai-subagents loaded
 * together (466 agents; almost no `<example>` blocks; many near-duplicates: wshobson ships the same agent in
 * several plugins under plugin-prefixed names, and the three catalogs overlap on python, postgres,
 * kubernetes, security, testing...). Written blind (without running the matcher), from the agents' names,
 * descriptions and bodies, as a developer would phrase the request, avoiding the agents' key phrases.
 *
 * `accept` lists every agent of the mixed catalog a tech lead would accept for the task, best first: all
 * copies of a duplicated wshobson agent, and the equivalent agents of the other two catalogs, when they
 * fit. The groups below spell those families out once; `pick` flattens them in order without repeats.
 * Tasks are grouped by the catalog of their first choice (a name defined in several catalogs counts for
 * the one that wins in the mixed snapshot: wshobson, then voltagent, then 0xfurai). A few tasks are not in
 * English (marked). Does not repeat VOLTAGENT_CASES (dev/eval/paraphrase.ts).
 */
import type { ParaphraseCase } from '../paraphrase.js';

/** Flatten names and groups, first occurrence wins. */
function pick(...parts: ReadonlyArray<string | readonly string[]>): string[] {
  const out: string[] = [];
  for (const p of parts) for (const n of typeof p === 'string' ? [p] : p) if (!out.includes(n)) out.push(n);
  return out;
}

// Families of equivalent agents across the three catalogs (wshobson duplicates carry their plugin's prefix).
const PYTHON = ['python-pro', 'python-expert'];
const DJANGO = ['django-developer', 'django-expert', 'api-scaffolding-django-pro', 'python-development-django-pro'];
const FASTAPI = ['fastapi-developer', 'fastapi-expert', 'api-scaffolding-fastapi-pro', 'python-development-fastapi-pro'];
const BACKEND_ARCHITECT = [
  'api-scaffolding-backend-architect',
  'backend-api-security-backend-architect',
  'backend-development-backend-architect',
  'data-engineering-backend-architect',
  'database-cloud-optimization-backend-architect',
  'multi-platform-apps-backend-architect',
];
const GRAPHQL = ['graphql-architect', 'graphql-expert', 'api-scaffolding-graphql-architect', 'backend-development-graphql-architect'];
const API_DOCUMENTER = ['api-documenter', 'api-testing-observability-api-documenter', 'documentation-generation-api-documenter'];
const DOCS_ARCHITECT = ['code-documentation-docs-architect', 'documentation-generation-docs-architect'];
const TUTORIAL = ['code-documentation-tutorial-engineer', 'documentation-generation-tutorial-engineer'];
const CODE_REVIEWER = [
  'code-reviewer',
  'code-documentation-code-reviewer',
  'code-refactoring-code-reviewer',
  'codebase-cleanup-code-reviewer',
  'comprehensive-review-code-reviewer',
  'git-pr-workflows-code-reviewer',
  'tdd-workflows-code-reviewer',
  'incident-response-code-reviewer',
  'review',
];
const ARCHITECT_REVIEW = ['architect-reviewer', 'comprehensive-review-architect-review', 'framework-migration-architect-review'];
const SECURITY_AUDITOR = [
  'security-auditor',
  'backend-development-security-auditor',
  'comprehensive-review-security-auditor',
  'full-stack-orchestration-security-auditor',
  'security-compliance-security-auditor',
  'security-scanning-security-auditor',
];
const BACKEND_SECURITY_CODER = ['backend-api-security-backend-security-coder', 'data-validation-suite-backend-security-coder'];
const DEBUGGER = [
  'debugger',
  'debugging-toolkit-debugger',
  'error-debugging-debugger',
  'error-diagnostics-debugger',
  'unit-testing-debugger',
  'incident-response-debugger',
  'team-debugger',
];
const ERROR_DETECTIVE = [
  'error-detective',
  'distributed-debugging-error-detective',
  'error-debugging-error-detective',
  'error-diagnostics-error-detective',
  'incident-response-error-detective',
];
const DEVOPS_TROUBLESHOOTER = ['cicd-automation-devops-troubleshooter', 'distributed-debugging-devops-troubleshooter', 'incident-response-devops-troubleshooter'];
const INCIDENT = ['incident-responder', 'devops-incident-responder', ...DEVOPS_TROUBLESHOOTER];
const PERFORMANCE = [
  'performance-engineer',
  'application-performance-performance-engineer',
  'backend-development-performance-engineer',
  'full-stack-orchestration-performance-engineer',
  'observability-monitoring-performance-engineer',
  'performance-testing-review-performance-engineer',
];
const OBSERVABILITY = ['application-performance-observability-engineer', 'observability-monitoring-observability-engineer'];
const DB_OPTIMIZER = [
  'database-optimizer',
  'database-cloud-optimization-database-optimizer',
  'database-migrations-database-optimizer',
  'observability-monitoring-database-optimizer',
];
const DB_ARCHITECT = ['database-design-database-architect', 'database-cloud-optimization-database-architect'];
const DBA = ['database-administrator', 'database-admin'];
const SQL = ['sql-pro', 'sql-expert'];
const POSTGRES = ['postgres-pro', 'postgres-expert'];
const TEST_AUTOMATOR = [
  'test-automator',
  'backend-development-test-automator',
  'codebase-cleanup-test-automator',
  'full-stack-orchestration-test-automator',
  'performance-testing-review-test-automator',
  'unit-testing-test-automator',
  'incident-response-test-automator',
];
const KUBERNETES = [
  'kubernetes-specialist',
  'kubernetes-expert',
  'cicd-automation-kubernetes-architect',
  'cloud-infrastructure-kubernetes-architect',
  'kubernetes-operations-kubernetes-architect',
];
const TERRAFORM = [
  'terraform-engineer',
  'terraform-expert',
  'cicd-automation-terraform-specialist',
  'cloud-infrastructure-terraform-specialist',
  'deployment-strategies-terraform-specialist',
];
const CLOUD_ARCHITECT = [
  'cloud-architect',
  'cicd-automation-cloud-architect',
  'cloud-infrastructure-cloud-architect',
  'database-cloud-optimization-cloud-architect',
  'deployment-validation-cloud-architect',
];
const DEPLOYMENT = [
  'deployment-engineer',
  'cicd-automation-deployment-engineer',
  'cloud-infrastructure-deployment-engineer',
  'deployment-strategies-deployment-engineer',
  'full-stack-orchestration-deployment-engineer',
];
const NETWORK = ['network-engineer', 'cloud-infrastructure-network-engineer', 'observability-monitoring-network-engineer'];
const FRONTEND = [
  'frontend-developer',
  'application-performance-frontend-developer',
  'frontend-mobile-development-frontend-developer',
  'frontend-mobile-security-frontend-developer',
  'multi-platform-apps-frontend-developer',
];
const REACT = ['react-specialist', 'react-expert'];
const MOBILE = ['mobile-developer', 'mobile-app-developer', 'frontend-mobile-development-mobile-developer', 'multi-platform-apps-mobile-developer'];
const REACT_NATIVE = ['react-native-expert', 'expo-react-native-expert', 'expo-expert'];
const IOS = ['ios-developer', 'ios-expert', 'swiftui-expert', 'swift-expert'];
const ANDROID = ['android-expert', 'kotlin-specialist', 'kotlin-expert'];
const DX = ['dx-optimizer', 'debugging-toolkit-dx-optimizer', 'team-collaboration-dx-optimizer'];
const LEGACY = ['legacy-modernizer', 'code-refactoring-legacy-modernizer', 'dependency-management-legacy-modernizer', 'framework-migration-legacy-modernizer'];
const DOTNET = ['csharp-developer', 'dotnet-core-expert', 'aspnet-core-expert', 'dotnet-architect', 'csharp-pro', 'csharp-expert'];
const JAVA = ['java-pro', 'java-expert', 'java-architect', 'spring-boot-engineer', 'spring-boot-expert'];
const GO = ['golang-pro', 'go-expert'];
const RUST = ['rust-engineer', 'rust-pro', 'rust-expert'];
const NODE = ['node-specialist', 'nodejs-expert'];
const JAVASCRIPT = ['javascript-pro', 'javascript-expert'];
const TYPESCRIPT = ['typescript-pro', 'typescript-expert'];
const PHP = ['php-pro', 'php-expert'];
const LARAVEL = ['laravel-specialist', 'laravel-expert'];
const RUBY = ['ruby-pro', 'ruby-expert'];
const ELIXIR = ['elixir-pro', 'elixir-expert'];
const ML = ['ml-engineer', 'machine-learning-engineer'];
const LLM_APP = ['ai-engineer', 'llm-architect'];
const FINETUNE = ['llm-finetuning-architect', 'llm-finetuning-training-engineer', 'llm-finetuning-eval-engineer'];
const VECTOR = ['vector-database-engineer', 'vector-db-expert'];
const SEARCH_ENGINE = ['elasticsearch-expert', 'opensearch-expert', 'elk-expert'];
const AUTH = ['oauth-oidc-expert', 'auth0-expert', 'keycloak-expert', 'jwt-expert'];
const PAYMENTS = ['payment-integration', 'stripe-expert', 'braintree-expert', 'fintech-engineer'];
const MULTI_AGENT = ['agent-organizer', 'multi-agent-coordinator', 'task-distributor', 'team-lead'];
const DOCS_WRITER = ['documentation-engineer', 'technical-writer'];

export const MIXED_CASES: readonly ParaphraseCase[] = [
  // ---- first choice from wshobson-agents ----
  { task: 'Write a deploy script in bash that stops on the first error, cleans up its temp files on exit and passes shellcheck', accept: pick('bash-pro', 'posix-shell-pro') },
  { task: 'Our install script must run under dash on Debian and ash on Alpine; get rid of every bashism', accept: pick('posix-shell-pro', 'bash-pro') },
  { task: 'Produce a one-page system context picture for non-technical stakeholders: our platform, its users, and the payment and email providers around it', accept: pick('c4-context', 'mermaid-expert') },
  { task: 'Document which deployable units we run (API, worker, database, cache) and the protocols between them', accept: pick('c4-container', 'c4-component', DOCS_ARCHITECT) },
  { task: 'Generate reference documentation of every class and function signature in the billing package, module by module', accept: pick('c4-code', DOCS_ARCHITECT, 'reference-builder') },
  { task: 'Draw the login flow with our identity provider as a sequence diagram I can paste into a markdown page', accept: pick('mermaid-expert') },
  { task: 'Rebuild account balances from the full history of deposits and withdrawals, with projections for the read side', accept: pick('event-sourcing-architect') },
  { task: 'Roll out mutual TLS and percentage-based traffic splitting between our services with Istio', accept: pick('service-mesh-expert', KUBERNETES, NETWORK) },
  { task: 'Write a long-running order fulfilment workflow in Python that survives worker restarts and compensates a failed payment step', accept: pick('temporal-python-pro', 'workflow-orchestrator') },
  { task: 'Our Nx workspace takes 25 minutes to build; cache results and only rebuild the projects a change affects', accept: pick('monorepo-architect', 'build-engineer') },
  { task: 'Write a Paper plugin for our Minecraft server that adds a /home command and protects the spawn area from griefing', accept: pick('minecraft-bukkit-pro') },
  { task: 'Our Unity mobile game hitches whenever enemies spawn; pool the objects and get rid of the garbage collection spikes', accept: pick('unity-developer', 'game-developer') },
  { task: 'Write an interrupt-driven SPI driver with DMA for an STM32 board', accept: pick('arm-cortex-expert', 'embedded-systems', 'c-pro', 'c-expert') },
  { task: 'Extract the firmware from this router image and look for hard-coded credentials and backdoors', accept: pick('firmware-analyst', 'reverse-engineer') },
  { task: 'An unknown executable turned up on one of our build servers; analyse what it does without running it on a real machine', accept: pick('malware-analyst', 'reverse-engineer') },
  { task: 'Work out the undocumented file format this closed-source tool writes by disassembling it', accept: pick('reverse-engineer') },
  { task: 'Before launch, walk through how an attacker could abuse our new payments service and rank the risks with mitigations', accept: pick('threat-modeling-expert', SECURITY_AUDITOR, 'security-engineer') },
  { task: 'Draft a parental-leave policy and an onboarding checklist for our 40-person company', accept: pick('hr-pro') },
  { task: 'How big is the market for an invoicing tool aimed at European freelancers? Give me TAM, SAM and SOM', accept: pick('startup-analyst', 'market-researcher') },
  { task: 'This Julia simulation allocates inside its inner loop and runs ten times slower than it should', accept: pick('julia-pro') },
  { task: 'Model our domain in Haskell with GADTs and type classes so invalid states cannot be constructed', accept: pick('haskell-pro', 'haskell-expert') },
  { task: 'Port our Spark batch job from Scala 2.12 to Scala 3 and fix the implicits that no longer compile', accept: pick('scala-pro', 'scala-expert') },
  { task: 'Supervise these GenServers so one crashing consumer does not take the others down with it', accept: pick(ELIXIR, 'erlang-expert') },
  { task: 'Add similarity search over product descriptions with pgvector and choose the right index type', accept: pick(VECTOR, POSTGRES) },
  { task: 'Plan a LoRA fine-tune of a 7B model on our support transcripts, but only after we have a baseline evaluation', accept: pick(FINETUNE, 'llm-architect') },
  { task: 'Build a golden test set and a calibrated grader to decide whether the new checkpoint really beats the base model', accept: pick('llm-finetuning-eval-engineer', 'llm-finetuning-architect') },
  { task: 'CUDA out-of-memory errors and thermal throttling on our DGX Spark box as soon as training starts', accept: pick('dgx-spark-ops-engineer') },
  { task: 'Write Cedar rules so the coding agent may edit files under src but never run rm or curl', accept: pick('policy-enforcer', 'review-policy-author') },
  { task: 'Require a human approval before the review bot can merge pull requests or touch CI configuration', accept: pick('review-policy-author', 'policy-enforcer') },
  { task: 'Verify this chain of Ed25519-signed receipts offline and tell me whether any link was tampered with', accept: pick('receipt-verifier') },
  { task: 'Turn this quarterly review document into an editable 12-slide PowerPoint deck', accept: pick('pptx-deck-creation-builder') },
  { task: 'Schedule our launch announcement on LinkedIn, X and Instagram for Tuesday morning', accept: pick('social-publishing-publisher') },
  { task: "Find reference images and put together a mood board before we generate the app's hero illustration", accept: pick('gallery-researcher') },
  { task: 'Write five different logo prompts for the image model in one go', accept: pick('prompt-crafter', 'prompt-engineer') },
  { task: 'Check this blog post for author credentials, cited sources and other trust signals that search engines reward', accept: pick('seo-authority-builder', 'seo-content-auditor', 'seo-specialist') },
  { task: 'Two of our pages compete for the same search term; tell us how to tell them apart', accept: pick('seo-cannibalization-detector', 'seo-keyword-strategist', 'seo-specialist') },
  { task: 'Write meta titles and descriptions within the length limits for these 20 product pages', accept: pick('seo-meta-optimizer', 'seo-specialist') },
  { task: 'Restructure our FAQ answers so Google shows them as the answer box at the top of results', accept: pick('seo-snippet-hunter', 'seo-structure-architect', 'seo-specialist') },
  { task: 'Plan topic clusters and a three-month publishing calendar for our developer blog', accept: pick('seo-content-planner', 'content-marketer', 'seo-specialist') },
  { task: 'This 2021 guide is full of stale statistics, old dates and dead examples; bring it up to date', accept: pick('seo-content-refresher', 'seo-content-auditor') },
  { task: 'Write a 1,500-word article targeting "self-hosted analytics" from this brief', accept: pick('seo-content-writer', 'content-marketer', 'seo-specialist') },
  { task: 'Define colour, spacing and typography tokens and theme our component library for light and dark mode', accept: pick('design-system-architect', 'ui-designer', 'ui-ux-designer') },
  { task: 'Compare screenshots of every page before and after the redesign and flag anything that shifted', accept: pick('ui-visual-validator', 'ui-ux-tester') },
  { task: 'Our date picker traps keyboard focus and screen readers announce nothing; bring it up to WCAG 2.2', accept: pick('accessibility-expert', 'accessibility-tester', FRONTEND) },
  { task: 'Split our workloads between on-prem OpenStack and AWS with one network and one identity model', accept: pick('hybrid-cloud-architect', CLOUD_ARCHITECT, NETWORK) },
  { task: 'Automate nightly backups, failover drills and patching for our fleet of managed MySQL instances', accept: pick('database-admin', 'database-administrator', 'mysql-expert') },
  { task: 'Check that our Conductor project files are complete and consistent before implementation starts', accept: pick('conductor-validator') },
  { task: "Score this plugin's skills on whether they trigger when they should and how good their output is", accept: pick('eval-orchestrator', 'eval-judge') },
  { task: 'Ship main to production, confirm the new build is really serving traffic, and record the revision', accept: pick('deploy-with-verification', DEPLOYMENT) },
  { task: 'We just deployed; pull the last hour of production logs and tell me if anything looks off', accept: pick('prod-logs-health-check', ERROR_DETECTIVE, DEVOPS_TROUBLESHOOTER) },
  { task: 'Start of the day: read the state doc, check what is actually live, and brief me', accept: pick('session-start') },
  { task: "Wrap up today's session: write down what we learned, the open issues and the next steps", accept: pick('session-end') },
  { task: 'Go through every change since the last deploy looking for race conditions, missing error handling and security holes before we ship', accept: pick('code-review-preshipment', CODE_REVIEWER) },
  { task: 'Split this feature across three agents working in parallel, each owning separate files, then merge their results', accept: pick('team-lead', MULTI_AGENT, 'team-implementer') },
  { task: "Harden our Android app's WebView and local storage against injection and data leaks", accept: pick('mobile-security-coder', 'android-expert') },
  { task: 'Sanitise user-written HTML in our React comment widget and add a strict content security policy', accept: pick('frontend-security-coder', 'frontend-mobile-security-frontend-developer', 'owasp-top10-expert') },
  { task: 'Backtest a mean-reversion strategy on five years of minute bars and report Sharpe ratio and drawdown', accept: pick('quant-analyst') },
  { task: 'Set position-size limits and stop-losses for our trading book and track expectancy per trade', accept: pick('risk-manager', 'quant-analyst') },
  { task: 'Write a Solidity vault contract with protection against reentrancy, plus tests', accept: pick('blockchain-developer') },
  { task: 'Draft the privacy policy and cookie notice for our online shop selling in the EU', accept: pick('legal-advisor', 'gdpr-ccpa-compliance') },
  { task: 'Set up reply templates, ticket routing and an escalation path for our support inbox', accept: pick('customer-support') },
  { task: 'Write a cold outreach email sequence and a one-page case study for the sales team', accept: pick('sales-automator', 'content-marketer') },
  { task: 'We use EF Core and Dapper side by side; structure the data access layer of our large ASP.NET Core application', accept: pick('dotnet-architect', DOTNET) },
  { task: 'Move our Spring Boot 2 service to Java 21 and use virtual threads for the blocking calls', accept: pick('java-pro', JAVA) },
  { task: 'This C program leaks file descriptors and segfaults under valgrind', accept: pick('c-pro', 'c-expert', DEBUGGER) },
  { task: 'Replace the raw pointers in this C++ code with RAII and smart pointers, and add move semantics where it helps', accept: pick('cpp-pro', 'cpp-expert') },
  { task: 'Build a SwiftUI app with Core Data storage and get it through App Store review', accept: pick(IOS, 'mobile-app-developer') },
  // near-duplicate families (first choice a wshobson agent or a name wshobson wins)
  { task: 'Add type hints throughout our Python data loader and rewrite its blocking I/O as async', accept: pick(PYTHON) },
  { task: 'Write a SQL query that finds customers with gaps in their monthly subscription history', accept: pick(SQL, 'data-analyst') },
  { task: 'Stream events from Kafka into our lakehouse and build dbt models on top', accept: pick('data-engineer', 'kafka-expert') },
  { task: 'Predict which customers will churn next quarter and explain what drives it', accept: pick('data-scientist', ML, 'data-analyst') },
  { task: 'Track experiments and register models so we can roll back to any earlier version', accept: pick('mlops-engineer', ML) },
  { task: 'Our retrieval-augmented chatbot pulls the wrong passages; improve retrieval and add reranking', accept: pick('ai-engineer', 'llm-architect', VECTOR, 'langchain-expert') },
  { task: 'The model ignores our output format half the time; fix the system prompt and add worked examples', accept: pick('prompt-engineer', 'llm-architect') },
  { task: 'Design how our agents share memory and pull back relevant context across long sessions', accept: pick('context-management-context-manager', 'agent-orchestration-context-manager', 'context-manager') },
  { task: 'Turn our sales and churn numbers into a KPI dashboard and a forecast for the board meeting', accept: pick('business-analyst', 'data-analyst') },
  { task: 'Design a multi-tenant Kubernetes platform with GitOps for thirty teams', accept: pick('cicd-automation-kubernetes-architect', KUBERNETES, 'platform-engineer') },
  { task: 'Design the data model for a new booking platform from scratch and choose the database for it', accept: pick('database-design-database-architect', DB_ARCHITECT) },
  { task: 'Drive this feature test-first: a failing test, the least code that passes, then refactor, for each requirement', accept: pick('tdd-workflows-tdd-orchestrator', 'backend-development-tdd-orchestrator', TEST_AUTOMATOR) },
  { task: 'Upgrade this AngularJS app to modern Angular piece by piece while it stays in production', accept: pick('framework-migration-legacy-modernizer', LEGACY, 'angular-architect', 'angularjs-expert', 'angular-expert') },
  { task: 'Write architecture documentation for this codebase that a new team can get through in a day', accept: pick('code-documentation-docs-architect', DOCS_ARCHITECT, DOCS_WRITER) },
  { task: 'Write a step-by-step tutorial that teaches our SDK by building a small app with it', accept: pick('code-documentation-tutorial-engineer', TUTORIAL, DOCS_WRITER) },
  { task: 'Interactive API docs with a try-it console and generated client SDKs for our public endpoints', accept: pick('api-testing-observability-api-documenter', API_DOCUMENTER, 'openapi-expert', 'documentation-engineer') },
  { task: 'Validate and sanitise every input on our public API and add rate limiting against abuse', accept: pick('backend-api-security-backend-security-coder', BACKEND_SECURITY_CODER, 'owasp-top10-expert') },
  { task: 'Wireframes and a clickable prototype for the new onboarding, based on what users told us', accept: pick('ui-ux-designer', 'ui-designer', 'ux-researcher') },
  { task: 'Review these forty files for performance problems only; the other reviewers cover the rest', accept: pick('team-reviewer', PERFORMANCE) },
  { task: 'Ask me clarifying questions about this user story, one at a time, then write a complete spec', accept: pick('orchestrate', 'business-analyst', 'product-manager') },
  { task: 'Turn the approved spec into a numbered implementation plan and wait for my go-ahead', accept: pick('architect') },
  { task: 'Implement the approved plan step by step with tests and no TODOs left behind', accept: pick('implement', 'team-implementer') },
  { task: 'Check every acceptance criterion of the story and write a pass/fail report', accept: pick('qa', 'qa-expert') },
  { task: 'Verify the acceptance criteria of this frontend story in a real browser using page objects', accept: pick('playwright', 'playwright-expert') },
  { task: 'Write the post-mortem for last night\'s outage with a timeline and follow-up actions', accept: pick('incident-responder', INCIDENT, 'sre-engineer') },
  { task: 'This 800-line function has five levels of nesting; break it up without changing behaviour', accept: pick('refactoring-specialist', 'code-refactoring-legacy-modernizer') },
  // not English (German): "Our Go API leaks goroutines when clients disconnect; find the cause"
  { task: 'Unsere Go-API verliert Goroutinen, wenn Clients die Verbindung abbrechen; finde die Ursache', accept: pick(GO, DEBUGGER) },

  // ---- first choice from voltagent-subagents ----
  { task: 'Design the resources, pagination and error format of our new partner API before anyone writes code', accept: pick('api-designer', BACKEND_ARCHITECT, 'rest-expert', 'openapi-expert') },
  { task: 'Build the order service: REST endpoints, background jobs and Postgres, deployable on its own', accept: pick('backend-developer', BACKEND_ARCHITECT, 'fullstack-developer') },
  { task: 'Turn the DESIGN.md from that design-system repository into a styled page that matches its spec', accept: pick('design-bridge', FRONTEND) },
  { task: 'Our Electron app needs auto-update, a tray icon and native menus on Windows and macOS', accept: pick('electron-pro', 'electron-expert') },
  { task: 'Build the whole feature end to end: the table, the API, and the React page that uses it', accept: pick('fullstack-developer', 'backend-developer', FRONTEND) },
  { task: "Carve the monolith's user and billing domains out into services that own their data and talk through async messages", accept: pick('microservices-architect', BACKEND_ARCHITECT, 'event-sourcing-architect') },
  { task: 'Live cursors and presence indicators for our collaborative whiteboard over Socket.IO', accept: pick('websocket-engineer', 'websocket-expert') },
  { task: "Move our Angular app's state to signals and fix the RxJS subscriptions that never complete", accept: pick('angular-architect', 'angular-expert') },
  { task: 'Build an API with ASP.NET Core minimal APIs and deploy it to Azure Container Apps', accept: pick('csharp-developer', DOTNET, 'azure-infra-engineer') },
  { task: 'Our WinForms app still runs on .NET Framework 4.8 and one of its WCF services keeps faulting', accept: pick('dotnet-framework-4.8-expert', 'csharp-pro', 'csharp-expert') },
  { task: 'Our Expo app needs a custom native module for Bluetooth and over-the-air updates', accept: pick('expo-react-native-expert', 'expo-expert', 'react-native-expert', MOBILE) },
  { task: 'Replace the callbacks in our Android repository layer with coroutines and Flow', accept: pick('kotlin-specialist', 'kotlin-expert', 'android-expert') },
  { task: 'Set up queues and Eloquent relationships for our multi-tenant Laravel SaaS', accept: pick(LARAVEL, PHP) },
  { task: 'Our Next.js App Router pages fetch data on every request; add caching and move mutations to server actions', accept: pick('nextjs-developer', 'nextjs-expert') },
  { task: 'Our Express backend blocks the event loop whenever it generates a report', accept: pick(NODE, 'express-expert', JAVASCRIPT, PERFORMANCE) },
  { task: 'Bulk-create Active Directory users from a CSV with PowerShell 5.1 and the RSAT modules', accept: pick('powershell-5.1-expert', 'windows-infra-admin') },
  { task: 'Cross-platform PowerShell 7 script that rotates Azure storage account keys from a pipeline', accept: pick('powershell-7-expert', 'azure-infra-engineer') },
  { task: 'Turn our pile of loose PowerShell functions into a proper module with a manifest and tests', accept: pick('powershell-module-architect') },
  { task: 'Lock down PowerShell remoting and enforce constrained language mode on our servers', accept: pick('powershell-security-hardening') },
  { task: 'A WPF window where our admins can run maintenance scripts by clicking buttons', accept: pick('powershell-ui-architect') },
  { task: 'Live updates in our Rails app with Hotwire and Turbo Streams', accept: pick('rails-expert', RUBY) },
  { task: 'Migrate our class components to hooks and add a Suspense-based data fetching layer', accept: pick(REACT, FRONTEND) },
  { task: 'Rewrite this Rust parser to stop cloning and work zero-copy over borrowed input', accept: pick(RUST) },
  { task: 'Design Messenger handlers and Doctrine entities for our Symfony booking system', accept: pick('symfony-specialist', PHP) },
  { task: 'Type our event emitter so listeners get the right payload type from the event name alone', accept: pick(TYPESCRIPT) },
  { task: 'Pinia stores and composables for our Vue 3 admin dashboard', accept: pick('vue-expert', FRONTEND) },
  { task: 'Set up conditional access and a hub-and-spoke network in Azure with Bicep', accept: pick('azure-infra-engineer', CLOUD_ARCHITECT, NETWORK) },
  { task: 'Build a self-service portal where teams create new services from templates with CI and monitoring already wired in', accept: pick('platform-engineer', 'devops-engineer', DX) },
  { task: 'Define service level objectives and error budgets for checkout and alert when we burn them too fast', accept: pick('sre-engineer', OBSERVABILITY, 'prometheus-expert') },
  { task: 'Keep our Terragrunt configuration DRY across the dev, staging and prod accounts', accept: pick('terragrunt-expert', TERRAFORM) },
  { task: 'Group Policy and DNS on our domain controllers misbehave after the server migration', accept: pick('windows-infra-admin') },
  { task: 'Find the paths an attacker could take to domain admin in our Active Directory, like roastable service accounts and delegation mistakes', accept: pick('ad-security-reviewer', 'penetration-tester') },
  { task: 'This announcement reads like a chatbot wrote it; remove the tells and make it sound human', accept: pick('ai-writing-auditor', 'content-quality-editor') },
  { task: 'Kill a random pod and a database replica in staging during business hours and see whether checkout survives', accept: pick('chaos-engineer', 'sre-engineer') },
  { task: 'We collect emails and location data from Californian users; what do we owe them under privacy law?', accept: pick('gdpr-ccpa-compliance', 'legal-advisor', 'compliance-auditor') },
  { task: 'Write the test strategy and quality metrics for the next release, manual and automated', accept: pick('qa-expert') },
  { task: 'Walk through every documented user flow of the app, click everything, and report broken UI behaviour', accept: pick('ui-ux-tester', 'qa-expert') },
  { task: 'Train a policy with PPO in our warehouse robot simulator and shape the reward so it stops idling', accept: pick('reinforcement-learning-engineer') },
  { task: 'Build and evaluate an extractor for parties, dates and amounts in legal contracts', accept: pick('nlp-engineer', ML, 'data-scientist') },
  { task: 'Quantise our transformer and serve it on GPUs with dynamic batching to cut latency', accept: pick('machine-learning-engineer', 'ml-engineer', 'mlops-engineer', 'llm-architect') },
  { task: 'Our Postgres replica lags minutes behind during bulk loads; tune replication and WAL settings', accept: pick(POSTGRES, DBA) },
  { task: 'Mine the last month of agent run logs for failures that cascade and write rules to prevent them', accept: pick('error-coordinator', 'knowledge-synthesizer') },
  { task: 'Build a CLI with interactive prompts, progress bars and plugin support', accept: pick('cli-developer', 'tooling-engineer') },
  { task: 'Our lockfile has three versions of lodash and a vulnerable transitive package; clean up the dependency tree', accept: pick('dependency-manager', 'dependency-management-legacy-modernizer') },
  { task: 'I changed the config loader; update the documentation pages that still describe the old behaviour', accept: pick('docs-drift-editor', DOCS_WRITER) },
  { task: 'Design our branching model, release tags and merge rules for a team of fifteen', accept: pick('git-workflow-manager') },
  { task: 'Build an MCP server that exposes our CRM records as tools Claude can call', accept: pick('mcp-developer') },
  { task: 'Write a README for this repository that reflects what the code really does, with setup and usage', accept: pick('readme-generator', DOCS_WRITER) },
  { task: 'A Slack bot that posts deploy notifications and has a slash command to roll back', accept: pick('slack-expert') },
  { task: 'Build a generator that scaffolds a new service from our templates with one command', accept: pick('tooling-engineer', 'cli-developer') },
  { task: 'Generate the app icon set, favicons and social preview images from our logo', accept: pick('visual-asset-generator') },
  { task: 'Send password-reset mails through a transactional provider and handle bounces and complaints through webhooks', accept: pick('email-deliverability-engineer') },
  { task: "Claim denials keep rising in our clinic's billing; review the revenue cycle workflow", accept: pick('healthcare-admin') },
  { task: 'Automate Exchange Online mailbox provisioning and Teams creation for new hires', accept: pick('m365-admin') },
  { task: 'Pull tweets matching our keywords into the analytics pipeline without paying for the official API tier', accept: pick('x-api-integration') },
  { task: 'List the riskiest assumptions behind our plan to launch a marketplace for used lab equipment', accept: pick('assumption-mapping', 'project-idea-validator') },
  { task: 'Our backlog has 600 tickets and half are stale; groom it into something we can plan from', accept: pick('backlog-grooming', 'product-manager', 'scrum-master') },
  { task: 'Design a referral mechanism where each new user reliably brings in more users', accept: pick('growth-loops', 'product-manager') },
  { task: 'Rewrite the hero section and calls to action of our landing page so more visitors sign up', accept: pick('landing-page-copywriter', 'content-marketer') },
  { task: 'Which license model and license-key enforcement should our commercial SDK use?', accept: pick('license-engineer', 'legal-advisor') },
  { task: 'Prepare a technical demo and proof of concept for a prospect evaluating our API', accept: pick('sales-engineer') },
  { task: 'Interview trial users and work out why so few of them convert', accept: pick('ux-researcher') },
  { task: 'Build a WooCommerce shop with a custom theme and make it load fast', accept: pick('wordpress-master') },
  { task: 'Install a few agents from the awesome subagents collection into my setup', accept: pick('agent-installer') },
  { task: 'Define the states and transitions of our refund process, with retries and compensation when a step fails', accept: pick('workflow-orchestrator', 'temporal-python-pro') },
  { task: 'Plan how work is split and queued across twelve worker agents with deadlines and priorities', accept: pick('task-distributor', MULTI_AGENT) },
  { task: 'How does week-by-week retention differ for users who signed up in different months?', accept: pick('cohort-analysis', 'data-analyst') },
  { task: 'Benchmark our product against three competitors on pricing and features', accept: pick('competitive-analyst', 'market-researcher') },
  { task: 'Find public datasets on electric vehicle charging sessions and check their quality', accept: pick('data-researcher', 'research-analyst') },
  { task: 'Question everything about how we price our product and rebuild the reasoning from scratch', accept: pick('first-principles-thinking') },
  { task: 'Pull the reported IC50 values for these compounds out of published papers into a table', accept: pick('scientific-literature-researcher') },
  { task: 'Which shifts in developer tooling should we expect over the next three years?', accept: pick('trend-analyst', 'market-researcher') },
  { task: 'Be brutally honest: is my budgeting app for teenagers worth building?', accept: pick('project-idea-validator', 'startup-analyst', 'assumption-mapping') },
  { task: 'Health scores for our biggest accounts are dropping; find churn risks and upsell chances', accept: pick('customer-success-manager') },
  { task: 'Write up the recurring patterns from our last fifty agent sessions as reusable knowledge', accept: pick('knowledge-synthesizer') },
  { task: 'Go through these exported metrics and logs and propose thresholds and dashboards', accept: pick('performance-monitor', OBSERVABILITY, 'grafana-expert') },
  { task: 'Decide which features make the next quarter and write the roadmap', accept: pick('product-manager') },
  { task: 'Our sprints keep overrunning; fix the ceremonies and make velocity predictable', accept: pick('scrum-master', 'project-manager') },
  { task: 'Our users keep asking how to configure SSO; write the admin guide for it', accept: pick('technical-writer', 'documentation-engineer') },
  { task: 'Harden our VPC: security groups, secrets rotation and automated compliance checks in the pipeline', accept: pick('security-engineer', 'cloud-architect', CLOUD_ARCHITECT) },
  { task: 'Run an authorised attack on our mobile API and prove which of the scanner findings are really exploitable', accept: pick('penetration-tester') },
  { task: 'Audit our Kubernetes cluster setup, access controls and pipelines against our security policy', accept: pick(SECURITY_AUDITOR, 'security-engineer', 'kubernetes-specialist') },
  // near-duplicate families (first choice a voltagent agent)
  { task: 'The checkout total is off by one cent for some currencies; find the bug', accept: pick(DEBUGGER) },
  { task: 'Tests started failing after I upgraded a library and I cannot see why', accept: pick(DEBUGGER) },
  { task: "The same null reference error has shown up in three services' logs since Tuesday; find the common source", accept: pick('error-detective', ERROR_DETECTIVE, DEBUGGER, DEVOPS_TROUBLESHOOTER) },
  { task: 'Review this pull request for bugs, readability and security problems', accept: pick(CODE_REVIEWER, 'code-review-preshipment') },
  { task: 'Review the proposed architecture for our event-driven order system before we commit to it', accept: pick(ARCHITECT_REVIEW, 'microservices-architect', BACKEND_ARCHITECT) },
  { task: 'Our API p95 went from 200 ms to 900 ms after the last release; find the regression', accept: pick(PERFORMANCE) },
  { task: 'Load test the checkout API at 5,000 requests per second and report where it breaks', accept: pick(PERFORMANCE, 'performance-testing-review-test-automator') },
  { task: 'Pods are stuck in CrashLoopBackOff since we changed a ConfigMap', accept: pick(KUBERNETES, DEVOPS_TROUBLESHOOTER) },
  { task: 'Terraform state is locked and half-applied after a failed run in CI', accept: pick(TERRAFORM) },
  { task: 'Choose between AWS and GCP for our data platform and estimate the monthly bill', accept: pick(CLOUD_ARCHITECT, 'hybrid-cloud-architect') },
  { task: 'Blue-green deployments with automatic rollback through Argo CD', accept: pick(DEPLOYMENT, 'devops-engineer', 'cicd-automation-kubernetes-architect', 'cloud-infrastructure-kubernetes-architect', 'kubernetes-operations-kubernetes-architect') },
  { task: 'Production is down and the database connection pool is exhausted; help me now', accept: pick('devops-incident-responder', INCIDENT, 'sre-engineer') },
  { task: 'The query plan shows a full scan of a 50-million-row table; fix the indexes', accept: pick(DB_OPTIMIZER, SQL, POSTGRES) },
  { task: 'Rotate database credentials and patch our database servers without downtime', accept: pick(DBA) },
  { task: 'Write integration and end-to-end tests for the order flow and run them in CI', accept: pick(TEST_AUTOMATOR, 'qa-expert') },
  { task: 'Build the React analytics page with charts, filters and a responsive layout', accept: pick(FRONTEND, REACT) },
  { task: 'Ship our app to iOS and Android from one codebase, with offline sync', accept: pick(MOBILE, REACT_NATIVE, 'flutter-expert') },
  { task: 'Local builds take four minutes and the test watcher misses changes; smooth out our everyday developer loop', accept: pick(DX, 'build-engineer', 'tooling-engineer') },
  { task: 'Run a security review of our authentication code and dependencies and write up the findings', accept: pick(SECURITY_AUDITOR, 'owasp-top10-expert', 'security-engineer') },
  { task: 'Was the new pricing page a real improvement? The test shows 4% uplift with 2,000 visitors per arm', accept: pick('ab-test-analysis', 'data-analyst', 'data-scientist') },
  { task: 'Plan the data centre move: milestones, budget, risks and weekly status reporting', accept: pick('project-manager') },
  { task: 'Break this epic into subtasks, match each to the agents we have, and write the team plan', accept: pick('agent-organizer', MULTI_AGENT) },
  { task: 'flaky e2e tests in CI', accept: pick(TEST_AUTOMATOR, 'cypress-expert', 'playwright-expert') },
  { task: 'k8s pod OOMKilled', accept: pick(KUBERNETES, DEVOPS_TROUBLESHOOTER) },
  // not English (Spanish): "Our Django app returns 500 errors when uploading big files; fix it"
  { task: 'Nuestra app de Django devuelve errores 500 al subir archivos grandes; arréglalo', accept: pick(DJANGO, DEBUGGER, 'backend-developer') },

  // ---- first choice from 0xfurai-subagents ----
  { task: 'Add request validation hooks and a reusable plugin to our Fastify server', accept: pick('fastify-expert', NODE) },
  { task: 'Set up modules, guards and DTO validation in a new NestJS API', accept: pick('nestjs-expert', NODE, TYPESCRIPT) },
  { task: 'Share a tRPC router between our Next.js frontend and the server with end-to-end types', accept: pick('trpc-expert', 'nextjs-expert', 'nextjs-developer') },
  { task: 'Add middleware to our Gin handlers for authentication and request IDs', accept: pick('gin-expert', GO) },
  { task: 'Build a small REST API in Go with the Fiber framework', accept: pick(GO) },
  { task: 'Our Actix web service returns 500s under load because handlers make blocking database calls', accept: pick('actix-expert', RUST) },
  { task: 'A LiveView page in Phoenix that tracks orders live', accept: pick('phoenix-expert', ELIXIR) },
  { task: 'Model our social graph in Neo4j and write the Cypher to find friends of friends', accept: pick('neo4j-expert') },
  { task: 'Design a Cassandra table for sensor readings partitioned by device and day', accept: pick('cassandra-expert', DB_ARCHITECT) },
  { task: 'Single-table DynamoDB design for orders and customers covering the access patterns we need', accept: pick('dynamodb-expert', DB_ARCHITECT) },
  { task: 'Our MongoDB aggregation for monthly reports is slow; add the right indexes', accept: pick('mongodb-expert', DB_OPTIMIZER) },
  { task: 'Mongoose schemas with validation and virtual fields for a blog with comments', accept: pick('mongoose-expert', 'mongodb-expert') },
  { task: 'Move our app from one Postgres instance to CockroachDB spread across three regions', accept: pick('cockroachdb-expert') },
  { task: 'Cache product pages in Redis with sensible expiry and avoid a thundering herd when hot keys expire', accept: pick('redis-expert') },
  { task: 'Our Elasticsearch cluster turns yellow every night and searches time out', accept: pick(SEARCH_ENGINE) },
  { task: 'Ship our container logs to Loki and write LogQL queries for errors per service', accept: pick('loki-expert', 'grafana-expert', OBSERVABILITY) },
  { task: 'Build Grafana dashboards and alerts for our API latency and error rates', accept: pick('grafana-expert', 'prometheus-expert', OBSERVABILITY) },
  { task: 'Write PromQL alerts for saturation and recording rules to keep dashboard queries fast', accept: pick('prometheus-expert', OBSERVABILITY, 'sre-engineer') },
  { task: 'Instrument our Node services with traces and carry the context through Kafka messages', accept: pick('opentelemetry-expert', OBSERVABILITY) },
  { task: 'Our Kafka consumers fall behind and the group rebalances every few minutes', accept: pick('kafka-expert') },
  { task: 'Dead-letter queues and retries with backoff for failed jobs in RabbitMQ', accept: pick('rabbitmq-expert') },
  { task: 'Set up JetStream subjects and durable consumers for our NATS event bus', accept: pick('nats-expert') },
  { task: 'Connect 5,000 sensors over MQTT with the right QoS levels and retained messages', accept: pick('mqtt-expert', 'iot-engineer') },
  { task: 'Fan out order events to email, SMS and a queue with Amazon SNS', accept: pick('sns-expert') },
  { task: 'Celery tasks pile up and some run twice after a worker restarts', accept: pick('celery-expert') },
  { task: 'A BullMQ job queue with rate limiting and repeatable jobs in our Node app', accept: pick('bullmq-expert') },
  { task: 'Sidekiq jobs in our Rails app retry forever and clog the queue', accept: pick('sidekiq-expert', 'rails-expert') },
  { task: 'Write Flyway migrations that split a table in two without downtime', accept: pick('flyway-expert', 'liquibase-expert') },
  { task: 'Liquibase changelogs with rollbacks for our Spring application', accept: pick('liquibase-expert', 'flyway-expert') },
  { task: 'Knex migrations and a query-builder layer for our Express API', accept: pick('knex-expert') },
  { task: 'Prisma schema with relations and a migration workflow for our team', accept: pick('prisma-expert') },
  { task: 'Sequelize eager loading on our associations produces enormous joins', accept: pick('sequelize-expert') },
  { task: 'TypeORM entities and repositories for our NestJS service', accept: pick('typeorm-expert', 'nestjs-expert') },
  { task: 'The SQLite database in our desktop app locks up when two threads write at once', accept: pick('sqlite-expert') },
  { task: 'A T-SQL stored procedure deadlocks in SQL Server during the nightly batch', accept: pick('mssql-expert', DB_OPTIMIZER) },
  { task: 'Set up a MariaDB Galera cluster with three nodes', accept: pick('mariadb-expert', 'mysql-expert', DBA) },
  { task: 'Rotate refresh tokens and support revocation for our mobile app sessions', accept: pick('jwt-expert', 'oauth-oidc-expert', 'auth0-expert') },
  { task: 'Add single sign-on with OpenID Connect and PKCE to our single-page app', accept: pick('oauth-oidc-expert', AUTH) },
  { task: 'Configure Keycloak realms and federate users from our LDAP directory', accept: pick('keycloak-expert') },
  { task: 'Use Auth0 actions to add roles to tokens and require MFA for admins', accept: pick('auth0-expert') },
  { task: 'Integrate the Braintree drop-in UI and store customer cards in the vault', accept: pick('braintree-expert', 'payment-integration') },
  { task: 'Subscriptions with proration and handling of failed renewals through webhooks in Stripe', accept: pick('stripe-expert', PAYMENTS) },
  { task: 'Make our Cypress end-to-end tests for signup stop being flaky', accept: pick('cypress-expert', TEST_AUTOMATOR) },
  { task: 'Convert our Selenium suite to Playwright', accept: pick('playwright-expert', 'selenium-expert', TEST_AUTOMATOR) },
  { task: 'Unit tests for our utility module with the date and the file system mocked, in Jest', accept: pick('jest-expert', TEST_AUTOMATOR) },
  { task: "Switch our Vite project's tests to Vitest with coverage reports", accept: pick('vitest-expert', TEST_AUTOMATOR) },
  { task: 'Mocha and Chai tests for our Express routes', accept: pick('mocha-expert', TEST_AUTOMATOR) },
  { task: 'Jasmine specs for the Angular services with spies on the HTTP client', accept: pick('jasmine-expert', 'angular-expert') },
  { task: 'Our Ava tests run concurrently and accidentally share state', accept: pick('ava-expert') },
  { task: 'TestCafe UI tests that run in both Chrome and Firefox', accept: pick('testcafe-expert', TEST_AUTOMATOR) },
  { task: 'Scrape product pages with headless Chrome and take a screenshot of each', accept: pick('puppeteer-expert', 'playwright-expert') },
  { task: 'An Ansible playbook that configures nginx on forty servers and can be rerun safely', accept: pick('ansible-expert') },
  { task: 'A GitHub Actions workflow that builds, tests and publishes our package when we push a tag', accept: pick('github-actions-expert', DEPLOYMENT) },
  { task: 'GitLab pipeline with stages, caching and review apps for merge requests', accept: pick('gitlab-ci-expert', DEPLOYMENT) },
  { task: 'A Jenkinsfile for our multibranch pipeline using shared libraries', accept: pick('jenkins-expert', DEPLOYMENT) },
  { task: 'CircleCI config with parallel test splitting and orbs', accept: pick('circleci-expert') },
  { task: 'Provision our AWS VPC and ECS services with Pulumi in TypeScript', accept: pick('pulumi-expert') },
  { task: 'Our Webpack bundle is 4 MB; split the chunks and make tree shaking work', accept: pick('webpack-expert', 'build-engineer') },
  { task: 'Rollup config that publishes our library as ESM and CommonJS with type declarations', accept: pick('rollup-expert', 'build-engineer') },
  { task: 'Port our Node scripts to Bun and use its built-in test runner', accept: pick('bun-expert') },
  { task: 'Run our TypeScript tool on Deno with explicit permissions and publish it to JSR', accept: pick('deno-expert') },
  { task: 'Content collections with MDX for our Astro documentation site', accept: pick('astro-expert') },
  { task: 'Loaders and actions with optimistic UI for a form in Remix', accept: pick('remix-expert') },
  { task: 'Signals and stores for a spreadsheet component in SolidJS', accept: pick('solidjs-expert') },
  { task: 'Use Svelte 5 runes for our form state', accept: pick('svelte-expert') },
  { task: 'Tailwind config with our brand colours and a dark mode toggle', accept: pick('tailwind-expert', 'css-expert') },
  { task: 'Center a modal and build a responsive card grid with plain CSS', accept: pick('css-expert', 'html-expert', FRONTEND) },
  { task: 'Semantic markup for our article pages: landmarks, heading order, figures with captions', accept: pick('html-expert', 'accessibility-expert', 'accessibility-tester') },
  { task: 'Old jQuery code: make the AJAX calls and event delegation sane', accept: pick('jquery-expert', JAVASCRIPT) },
  { task: 'Our AngularJS 1.x app spends seconds in each digest cycle', accept: pick('angularjs-expert') },
  { task: 'A Tauri desktop app with a Rust command backend and automatic updates', accept: pick('tauri-expert') },
  { task: 'A LangChain pipeline that loads PDFs, splits them and answers questions with citations', accept: pick('langchain-expert', LLM_APP) },
  { task: 'Use function calling and structured outputs from the OpenAI API, with retries when we hit rate limits', accept: pick('openai-api-expert', 'ai-engineer') },
  { task: 'Train a CNN in PyTorch with mixed precision and a custom data loader', accept: pick('pytorch-expert', ML) },
  { task: 'Our Keras model will not converge; fix the tf.data input pipeline', accept: pick('tensorflow-expert', ML) },
  { task: 'Search hyperparameters for a gradient boosting classifier inside scikit-learn pipelines', accept: pick('scikit-learn-expert', 'data-scientist', ML) },
  { task: 'Vectorise this NumPy code that loops over rows one by one', accept: pick('numpy-expert', PYTHON) },
  { task: 'A pandas groupby with rolling windows per customer takes forever', accept: pick('pandas-expert', PYTHON) },
  { task: 'A Perl script that parses our legacy log format with regular expressions', accept: pick('perl-expert') },
  { task: 'Lua scripts for a rate limiter in OpenResty', accept: pick('lua-expert') },
  { task: 'A Clojure data pipeline with transducers and core.async channels', accept: pick('clojure-expert') },
  { task: 'Write a type-safe parser combinator library in OCaml', accept: pick('ocaml-expert') },
  { task: 'Parse large JSON payloads off the UI thread with isolates in our Flutter app', accept: pick('dart-expert', 'flutter-expert') },
  { task: 'A Jetpack Compose screen backed by a ViewModel and a Room database', accept: pick(ANDROID, MOBILE) },
  { task: 'Bidirectional streaming between our Go services with deadlines and retries', accept: pick('grpc-expert', GO) },
  { task: 'Write an OpenAPI 3.1 description of our existing endpoints and generate clients from it', accept: pick('openapi-expert', API_DOCUMENTER) },
  { task: "Check our web app's login and session handling against the most common web vulnerability classes", accept: pick('owasp-top10-expert', SECURITY_AUDITOR, BACKEND_SECURITY_CODER, 'penetration-tester') },
  { task: 'A gen_statem for the call-handling state machine in our Erlang telecom service', accept: pick('erlang-expert') },
  { task: 'SQL: the top three products per category by revenue, using window functions', accept: pick('sql-expert', 'sql-pro') },
  { task: 'Structure our Flask app with blueprints and an application factory', accept: pick('flask-expert', PYTHON) },
  { task: 'Refactor this Ruby class with modules and blocks so it reads idiomatically', accept: pick('ruby-expert', 'ruby-pro') },
  { task: 'Actuator health checks and externalised configuration for our Spring Boot service', accept: pick('spring-boot-expert', 'spring-boot-engineer', 'java-pro') },
  { task: 'Index mappings and a dashboard for our logs in OpenSearch', accept: pick('opensearch-expert', SEARCH_ENGINE) },
  { task: 'A Logstash pipeline that parses our app logs and a Kibana view on top', accept: pick('elk-expert', 'elasticsearch-expert') },
  { task: 'Our Svelte store updates do not trigger a re-render in the child component', accept: pick('svelte-expert') },
  { task: 'Write idiomatic Kotlin for our server: sealed classes, extension functions and coroutines', accept: pick('kotlin-expert', 'kotlin-specialist') },
  { task: 'Django ORM: this admin page does hundreds of queries; add select_related and prefetching', accept: pick('django-expert', DJANGO, DB_OPTIMIZER) },
  { task: 'FastAPI dependency overrides so our tests can swap the database session', accept: pick('fastapi-expert', FASTAPI, TEST_AUTOMATOR) },
  { task: 'Our GraphQL resolvers cause N+1 queries; add dataloaders', accept: pick('graphql-expert', GRAPHQL) },
  { task: 'Docker: multi-stage build for our Node app and a compose file for local development', accept: pick('docker-expert', 'devops-engineer') },
  { task: 'Helm chart and horizontal autoscaling for our API on Kubernetes', accept: pick('kubernetes-expert', KUBERNETES) },
  { task: 'Terraform modules for our AWS networking with remote state in S3', accept: pick('terraform-expert', TERRAFORM) },
  { task: 'Idiomatic error wrapping and table-driven tests across our Go packages', accept: pick('go-expert', 'golang-pro') },
  { task: 'Borrow checker errors when I store references to nodes in my Rust graph struct', accept: pick('rust-expert', RUST) },
  { task: 'Build a WebSocket server that pushes price ticks to thousands of browser clients', accept: pick('websocket-expert', 'websocket-engineer') },
  { task: 'Write a REST API design guide for our team: status codes, versioning, idempotency', accept: pick('rest-expert', 'api-designer', BACKEND_ARCHITECT) },
  { task: 'Our React Native app janks when scrolling long lists on Android', accept: pick('react-native-expert', REACT_NATIVE, MOBILE) },
  { task: 'Our MySQL slow query log is full of the same three queries; tune them', accept: pick('mysql-expert', DB_OPTIMIZER, SQL) },
  { task: 'PostgreSQL: partition the events table by month and keep the queries fast', accept: pick('postgres-expert', 'postgres-pro', DB_OPTIMIZER) },
  { task: 'kafka consumer lag', accept: pick('kafka-expert') },
  { task: 'redis memory keeps growing', accept: pick('redis-expert') },
  { task: 'slow postgres query', accept: pick(POSTGRES, DB_OPTIMIZER, SQL) },
  // not English (French): "Our Spring Boot service takes two minutes to start; speed up the startup"
  { task: 'Notre service Spring Boot met deux minutes à démarrer ; accélère le démarrage', accept: pick('spring-boot-expert', 'spring-boot-engineer', 'java-pro', 'java-expert', PERFORMANCE) },
];
