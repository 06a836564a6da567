/**
 * A generated agent catalog with the shapes of real public catalogs, so tests that need a realistic catalog
 * run from the repository alone (the real corpus in ../shared/corpus adds corpus-scale tests when present):
 *
 *  - `templates/`: hand-written agents in the style of template catalogs: descriptions with inline
 *    `<example>` blocks and `user: "…"` colons (not strict YAML), `@~/.claude/shared-prompts/NAME.md` include
 *    lines (one naming a fragment nobody has, one mid-line mention), Swift `@Test` lines that are not
 *    includes, and "Boundaries with Other Agents" lists naming agents in and out of the catalog;
 *  - `shared-prompts/`: the fragments they include (one includes another), plus every fragment the bundled
 *    seed agents name;
 *  - `plugins/`: agents nested as `plugins/NAME/agents/*.md` with `model`/`tools` fields, and names that occur
 *    in two plugins;
 *  - `categories/`: agents in `categories/NN-topic/*.md`, some with frontmatter that is not strict YAML
 *    (`Triggers on: 'GDPR'`) and comma-separated tools;
 *  - `flat/agents/`: many small `*-expert.md` agents and one file without frontmatter.
 *
 * Every call writes the same files (deterministic) into a fresh temp folder.
 */
import path from 'node:path';
import { tempDir, writeFiles } from './env.js';

export interface GeneratedCatalog {
  root: string;
  templates: string;
  sharedPrompts: string;
  plugins: string;
  categories: string;
  flat: string;
  /** Agent files with usable frontmatter in each folder (duplicates included). */
  counts: { templates: number; plugins: number; categories: number; flat: number };
  /** Names defined in more than one file across plugins/, categories/ and flat/. */
  duplicateNames: string[];
  /** The flat/ file without frontmatter (relative to root). */
  noFrontmatter: string;
  /** Fragments the templates name that exist nowhere. */
  missingFragments: string[];
}

const FRAGMENTS: Record<string, string> = {
  'quality-gates.md': '## Quality Gates\n\nRun the type checker, the linter and the tests before every commit: [project-specific-test-command].\n',
  'systematic-tool-utilization.md': '## Systematic Tool Utilization\n\nRead before you write. Search the code base before assuming behaviour.\n',
  'journal-integration.md': '## Journal Integration\n\nSearch the journal before complex tasks; record surprises with process_thoughts.\n',
  'commit-requirements.md': '## Commit Requirements\n\nSmall, atomic commits with a message that says why.\n',
  'workflow-integration.md': '## Workflow Integration\n\nWork in small steps.\n\n@~/.claude/shared-prompts/commit-requirements.md\n',
  // Fragments the bundled seeds name (so a catalog using these folders validates clean).
  'analysis-tools-enhanced.md': '## Analysis Tools\n\nUse the analysis tools the session offers.\n',
  'zen-mcp-tools-comprehensive.md': '## Zen Tools\n\nUse review and debug tools for second opinions.\n',
  'metis-mathematical-computation.md': '## Mathematical Computation\n\nCheck numbers with a calculator tool.\n',
  'mcp-tool-selection-framework.md': '## Tool Selection\n\nPick the narrowest tool that answers the question.\n',
  'modal-operation-patterns.md': '## Operation Modes\n\nAnalysis, implementation and review are separate modes.\n',
  'decision-authority-standard.md': '## Decision Authority\n\nDecide within your scope; escalate the rest.\n',
  'success-metrics-standard.md': '## Success Metrics\n\nState how success is measured before starting.\n',
};

interface Template {
  name: string;
  color: string;
  title: string;
  intro: string;
  examples: Array<{ context: string; user: string; assistant: string; commentary: string }>;
  expertise: string[];
  boundaries: string[];
  includes: string[];
  extra?: string;
}

const TEMPLATES: Template[] = [
  {
    name: 'database-specialist',
    color: 'blue',
    title: 'Database Specialist',
    intro: 'You are a senior database engineer focused on relational schema design, index tuning and SQL performance.',
    examples: [
      {
        context: 'Reporting is slow',
        user: 'Our PostgreSQL queries are slow and we need better schema design',
        assistant: "I'll read the query plans and redesign the tables with the right indexes...",
        commentary: 'Slow SQL and table design are database-specialist work',
      },
      {
        context: 'Live table change',
        user: 'We need to split the orders table without downtime',
        assistant: 'Let me plan an online migration with a backfill...',
        commentary: 'Migrations of live relational data need the database specialist',
      },
    ],
    expertise: ['EXPLAIN ANALYZE reading and index selection', 'normalisation, partitioning and constraints', 'online migrations and backfills', 'vacuum, statistics and connection pooling'],
    boundaries: ['**Performance-Engineer**: profiling of the whole system beyond SQL', '**Code-Reviewer**: review of application code that calls the database'],
    includes: ['quality-gates.md', 'systematic-tool-utilization.md'],
  },
  {
    name: 'performance-engineer',
    color: 'red',
    title: 'Performance Engineer',
    intro: 'You are a performance engineer: memory, CPU, concurrency and throughput of running systems.',
    examples: [
      {
        context: 'Batch jobs exhaust memory',
        user: 'Our system is running out of memory when processing large batches',
        assistant: "I'll profile allocation during a batch and bound the working set...",
        commentary: 'Memory pressure under load is performance-engineer work',
      },
      {
        context: 'A job blocks others',
        user: 'Processing two thousand records takes minutes and blocks the other workers',
        assistant: 'Let me measure where the time goes and make the processing concurrent...',
        commentary: 'Throughput and concurrency need the performance engineer',
      },
    ],
    expertise: ['memory profiling and heap snapshots', 'CPU flame graphs', 'load testing and capacity planning', 'caching and backpressure'],
    boundaries: ['**Database-Specialist**: slow SQL and table design'],
    includes: ['quality-gates.md', 'journal-integration.md'],
  },
  {
    name: 'code-reviewer',
    color: 'green',
    title: 'Code Reviewer',
    intro: 'You review code changes for correctness, readability, naming and maintainability before they merge.',
    examples: [
      {
        context: 'A change is ready',
        user: 'Please review this pull request before I merge it',
        assistant: "I'll read the diff for correctness, naming and readability...",
        commentary: 'Reviewing a change before merge is code-reviewer work',
      },
    ],
    expertise: ['readability and naming', 'error handling and edge cases', 'test coverage of the change', 'consistency with the code base'],
    boundaries: [
      'Performance-critical changes → performance-engineer analysis',
      'Security-sensitive changes → security-engineer review',
      'Schema changes → database-specialist',
    ],
    includes: ['quality-gates.md', 'commit-requirements.md'],
  },
  {
    name: 'security-engineer',
    color: 'red',
    title: 'Security Engineer',
    intro: 'You find and fix security problems: authentication, authorisation, secrets and injection.',
    examples: [
      {
        context: 'Login flow audit',
        user: 'Audit our OAuth2 login flow and the JWT handling',
        assistant: "I'll trace token issuance and validation and list the weaknesses...",
        commentary: 'Authentication review is security-engineer work',
      },
    ],
    expertise: ['OAuth2, OIDC and JWT validation', 'threat modelling', 'secret handling', 'injection and deserialisation flaws'],
    boundaries: ['**Code-Reviewer**: general code quality'],
    includes: ['quality-gates.md'],
  },
  {
    name: 'frontend-developer',
    color: 'cyan',
    title: 'Frontend Developer',
    intro: 'You build accessible, fast user interfaces with React, TypeScript and CSS.',
    examples: [
      {
        context: 'New page',
        user: 'Build a settings page with a form and client-side validation',
        assistant: "I'll create the React components and wire the form state...",
        commentary: 'UI components are frontend work',
      },
    ],
    expertise: ['React components and hooks', 'CSS layout', 'accessibility (ARIA, keyboard)', 'bundle size'],
    boundaries: ['API contracts → api-design-expert'],
    includes: ['quality-gates.md', 'workflow-integration.md'],
  },
  {
    name: 'api-design-expert',
    color: 'purple',
    title: 'API Design Expert',
    intro: 'You design HTTP APIs: resources, versioning, pagination, errors and OpenAPI documents.',
    examples: [
      {
        context: 'New service',
        user: 'Design a REST API for invoices with pagination and idempotent retries',
        assistant: "I'll model the resources and write the OpenAPI document...",
        commentary: 'Designing an HTTP interface is api-design-expert work',
      },
    ],
    expertise: ['REST resource modelling', 'OpenAPI', 'pagination and idempotency keys', 'GraphQL schemas'],
    boundaries: ['Storage design → database-specialist'],
    includes: ['systematic-tool-utilization.md'],
  },
  {
    name: 'technical-writer',
    color: 'yellow',
    title: 'Technical Writer',
    intro: 'You write documentation people can follow: READMEs, tutorials, reference pages and changelogs.',
    examples: [
      {
        context: 'Docs are stale',
        user: 'Our README no longer matches the CLI; rewrite the getting started section',
        assistant: "I'll run every command and rewrite the section around what works...",
        commentary: 'Documentation is technical-writer work',
      },
    ],
    expertise: ['tutorials and how-to guides', 'reference documentation', 'changelogs', 'plain language'],
    boundaries: [],
    includes: ['workflow-integration.md'],
  },
  {
    name: 'git-workflow-specialist',
    color: 'orange',
    title: 'Git Workflow Specialist',
    intro: 'You untangle version control: branches, rebases, merge conflicts and history rewriting.',
    examples: [
      {
        context: 'Messy history',
        user: 'I have merge conflicts after a rebase and my branch history is a mess',
        assistant: "I'll resolve the conflicts and reorder the commits into a clean series...",
        commentary: 'Rebase and history repair are git-workflow work',
      },
    ],
    expertise: ['interactive rebase', 'conflict resolution', 'bisect', 'branching models'],
    boundaries: [],
    includes: ['commit-requirements.md'],
  },
  {
    name: 'data-engineer',
    color: 'blue',
    title: 'Data Engineer',
    intro: 'You build data pipelines: ingestion, ETL jobs, orchestration with Airflow and warehouses.',
    examples: [
      {
        context: 'Nightly load',
        user: 'Our nightly ETL job into the warehouse fails halfway and leaves partial data',
        assistant: "I'll make the load idempotent and add checkpoints...",
        commentary: 'ETL pipelines are data-engineer work',
      },
    ],
    expertise: ['Airflow and dbt', 'Spark jobs', 'warehouse modelling', 'data quality checks'],
    boundaries: ['Transactional schema tuning → database-specialist'],
    includes: ['quality-gates.md'],
  },
  {
    name: 'swift-developer',
    color: 'orange',
    title: 'Swift Developer',
    intro: 'You write Swift and SwiftUI apps with the Swift Testing framework.',
    examples: [
      {
        context: 'iOS screen',
        user: 'Add a SwiftUI list screen with pull to refresh',
        assistant: "I'll build the view and its observable model...",
        commentary: 'SwiftUI work belongs to the swift developer',
      },
    ],
    expertise: ['SwiftUI', 'Swift concurrency', 'Swift Testing', 'Xcode projects'],
    boundaries: [],
    includes: ['quality-gates.md'],
    // Lines starting with `@` that are Swift attributes, not include lines.
    extra: '## Testing\n\n```swift\n@Observable\nfinal class Model {}\n\n@Test func loadsItems() async throws {}\n```\n',
  },
  {
    name: 'debugging-specialist',
    color: 'red',
    title: 'Debugging Specialist',
    intro: 'You find root causes of bugs: reproduce, bisect, instrument and explain.',
    examples: [
      {
        context: 'Intermittent crash',
        user: 'The worker crashes once a day with a null pointer and we cannot reproduce it',
        assistant: "I'll collect the crash reports and build a reproduction...",
        commentary: 'Root-causing a crash is debugging work',
      },
    ],
    expertise: ['reproduction', 'bisecting regressions', 'logging and tracing', 'core dumps'],
    boundaries: ['Fixes that touch performance → performance-engineer'],
    includes: ['systematic-tool-utilization.md', 'legacy-standards.md'],
    extra: 'Load @~/.claude/shared-prompts/testing-standards.md for the testing rules when asked.\n',
  },
  {
    name: 'systems-architect',
    color: 'purple',
    title: 'Systems Architect',
    intro: 'You decide how systems are split into services and how they talk, and record the decisions.',
    examples: [
      {
        context: 'Monolith growing',
        user: 'Should we split the billing module out of the monolith into its own service?',
        assistant: "I'll weigh the coupling and write an architecture decision record...",
        commentary: 'Service boundaries are architecture work',
      },
    ],
    expertise: ['architecture decision records', 'service boundaries', 'event-driven design', 'trade-off analysis'],
    boundaries: ['**Api-Design-Expert**: the shape of each HTTP interface', 'Incident handling → site-reliability-lead'],
    includes: ['zen-mcp-tools-comprehensive.md', 'workflow-integration.md'],
  },
];

function templateFile(t: Template): string {
  const examples = t.examples.map((e) => `<example>Context: ${e.context} user: "${e.user}" assistant: "${e.assistant}" <commentary>${e.commentary}</commentary></example>`).join(' ');
  const description = `Use this agent when ${t.intro.charAt(0).toLowerCase()}${t.intro.slice(1, -1)}. Examples: ${examples}`;
  const body = [
    `# ${t.title}`,
    '',
    `${t.intro} You work with the judgment expected of a senior engineer and say what you measured.`,
    '',
    ...t.includes.flatMap((i) => [`@~/.claude/shared-prompts/${i}`, '']),
    '## Core Expertise',
    '',
    ...t.expertise.map((x) => `- ${x}`),
    '',
    ...(t.boundaries.length > 0 ? ['## Boundaries with Other Agents', '', ...t.boundaries.map((b) => `- ${b}`), ''] : []),
    t.extra ?? '',
    '## Working Method',
    '',
    'Start from evidence, change one thing at a time, and verify each step before the next. '.repeat(6).trim(),
    '',
  ];
  return `---\nname: ${t.name}\ndescription: ${description}\ncolor: ${t.color}\n---\n\n${body.join('\n')}`;
}

/** Technologies for the generated plugin and flat agents: [name, what it is, typical work]. */
const TECH: Array<[string, string, string]> = [
  ['kubernetes', 'container orchestration', 'pod scheduling, autoscaling and network policies'],
  ['terraform', 'infrastructure as code', 'modules, state management and drift detection'],
  ['graphql', 'API query language', 'schemas, resolvers and federation'],
  ['redis', 'in-memory data store', 'caching, eviction and pub/sub'],
  ['cassandra', 'wide-column database', 'partition keys, compaction and hot partitions'],
  ['kafka', 'event streaming', 'topics, consumer groups and exactly-once delivery'],
  ['rust', 'systems language', 'ownership, async runtimes and unsafe code review'],
  ['golang', 'Go services', 'goroutines, channels and profiling'],
  ['django', 'Python web framework', 'models, migrations and the admin'],
  ['react', 'UI library', 'components, hooks and rendering performance'],
  ['vue', 'UI framework', 'components, stores and routing'],
  ['angular', 'web framework', 'modules, RxJS and change detection'],
  ['elasticsearch', 'search engine', 'mappings, analyzers and relevance tuning'],
  ['mongodb', 'document database', 'aggregation pipelines and index design'],
  ['mysql', 'relational database', 'replication, InnoDB tuning and slow query logs'],
  ['nginx', 'web server', 'reverse proxying, TLS and caching'],
  ['docker', 'containers', 'images, multi-stage builds and compose files'],
  ['ansible', 'configuration management', 'playbooks, roles and inventories'],
  ['aws', 'cloud platform', 'VPCs, IAM and managed services'],
  ['gcp', 'cloud platform', 'projects, IAM and BigQuery'],
  ['azure', 'cloud platform', 'resource groups, AKS and identity'],
  ['spark', 'distributed data processing', 'jobs, partitions and shuffles'],
  ['airflow', 'workflow orchestration', 'DAGs, sensors and retries'],
  ['pytorch', 'deep learning', 'training loops, data loaders and GPUs'],
  ['pandas', 'data analysis', 'dataframes, joins and memory use'],
  ['flutter', 'mobile UI toolkit', 'widgets, state and platform channels'],
  ['swift', 'Apple platforms', 'SwiftUI, concurrency and testing'],
  ['kotlin', 'JVM language', 'coroutines, Android and Gradle'],
  ['java', 'JVM services', 'Spring, garbage collection and threads'],
  ['csharp', '.NET', 'ASP.NET, Entity Framework and async'],
  ['php', 'web backend language', 'Laravel, Composer and performance'],
  ['ruby', 'Ruby on Rails', 'ActiveRecord, jobs and caching'],
  ['elixir', 'BEAM language', 'OTP, supervisors and Phoenix'],
  ['haskell', 'functional language', 'types, laziness and effects'],
  ['webassembly', 'portable binaries', 'toolchains, memory and host bindings'],
  ['prometheus', 'metrics monitoring', 'exporters, PromQL and alerts'],
  ['grafana', 'dashboards', 'panels, data sources and alerting'],
  ['rabbitmq', 'message broker', 'exchanges, queues and acknowledgements'],
  ['sqs', 'queue service', 'visibility timeouts and dead letter queues'],
  ['playwright', 'browser testing', 'end-to-end tests, fixtures and tracing'],
  ['jest', 'JavaScript testing', 'mocks, snapshots and coverage'],
  ['webpack', 'JavaScript bundler', 'loaders, chunks and build speed'],
  ['vite', 'frontend tooling', 'dev server, plugins and builds'],
  ['tailwind', 'utility CSS', 'design tokens and purging'],
  ['oauth', 'delegated authorisation', 'flows, scopes and token validation'],
  ['opentelemetry', 'tracing', 'spans, context propagation and exporters'],
  ['helm', 'Kubernetes packaging', 'charts, values and releases'],
  ['istio', 'service mesh', 'traffic routing, mTLS and telemetry'],
  ['postgres-replication', 'database replication', 'streaming replicas and failover'],
  ['bash', 'shell scripting', 'portable scripts, quoting and traps'],
];

const PLUGIN_ROLES: Array<[string, string]> = [
  ['architect', 'Designs'],
  ['developer', 'Builds'],
  ['troubleshooter', 'Diagnoses problems in'],
];

function pluginAgent(name: string, tech: string, what: string, work: string, verb: string, model: string): string {
  const description = `"${verb} ${tech} (${what}) systems: ${work}. Use PROACTIVELY for ${tech} work."`;
  const tools = model === 'opus' ? 'tools: Read, Write, Edit, Bash\n' : '';
  const body = [
    `You are a ${tech} specialist. ${verb} ${what} systems with care.`,
    '',
    '## Focus Areas',
    ...work.split(/, | and /).map((w) => `- ${w}`),
    '',
    '## Approach',
    `1. Read the existing ${tech} setup before changing it.`,
    '2. Make one change at a time and measure it.',
    '3. Write down what changed and why.',
    '',
    '## Output',
    `- A working ${tech} change with tests or checks`,
    '- Notes on trade-offs and follow-ups',
    '',
    `Background: ${tech} is used for ${what}. Typical work covers ${work}. `.repeat(8).trim(),
    '',
  ];
  return `---\nname: ${name}\ndescription: ${description}\nmodel: ${model}\n${tools}---\n\n${body.join('\n')}`;
}

function flatAgent(tech: string, what: string, work: string): string {
  const description = `Expert in ${tech} for ${what}. Handles ${work}. Use PROACTIVELY for ${tech} tasks.`;
  return `---\nname: ${tech}-expert\ndescription: ${description}\nmodel: claude-sonnet-4-20250514\n---\n\n## Focus Areas\n\n- ${work}\n\n## Approach\n\n- Follow ${tech} best practices\n- Keep changes small\n\n## Output\n\n- Working ${tech} code with tests\n`;
}

/** Write the generated catalog into a fresh temp folder. */
export function generateCatalog(): GeneratedCatalog {
  const root = tempDir('acm-catalog-');
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(FRAGMENTS)) files[`shared-prompts/${name}`] = text;
  for (const t of TEMPLATES) files[`templates/${t.name}.md`] = templateFile(t);

  // plugins/: one plugin per technology, its agents one per role; every fifth technology also gets an
  // agent in a second plugin under the same name (a duplicate across plugins).
  let plugins = 0;
  const duplicates = new Set<string>();
  TECH.forEach(([tech, what, work], i) => {
    const roles = PLUGIN_ROLES.slice(0, 1 + (i % 3));
    for (const [role, verb] of roles) {
      const name = `${tech}-${role}`;
      files[`plugins/${tech}-toolkit/agents/${name}.md`] = pluginAgent(name, tech, what, work, verb, i % 4 === 0 ? 'opus' : 'sonnet');
      plugins++;
    }
    if (i % 5 === 0) {
      const name = `${tech}-architect`;
      files[`plugins/platform-${i}/agents/${name}.md`] = pluginAgent(name, tech, what, `${work} across teams`, 'Reviews', 'inherit');
      duplicates.add(name);
      plugins++;
    }
  });

  // categories/: numbered topic folders; two agents whose frontmatter is not strict YAML.
  const categories: Record<string, string> = {
    '01-core-development/api-designer.md':
      '---\nname: api-designer\ndescription: "API architecture expert designing REST and GraphQL interfaces with versioning and pagination."\ntools: Read, Write, Edit\n---\n\nYou design APIs.\n',
    '01-core-development/websocket-engineer.md':
      '---\nname: websocket-engineer\ndescription: Real-time communication with WebSockets and server-sent events.\ntools: Read, Write, Bash\n---\n\nYou build real-time features.\n',
    '04-quality-security/privacy-compliance.md':
      "---\nname: privacy-compliance\ndescription: Reviews how personal data is collected, stored and deleted. Triggers on: 'GDPR', 'CCPA', 'data retention'\ntools: Read, Grep, Glob, WebFetch, WebSearch\n---\n\nYou review privacy compliance.\n",
    '04-quality-security/penetration-tester.md':
      '---\nname: penetration-tester\ndescription: Offensive security testing. Scope: web apps, APIs and cloud accounts; report: findings with severity\ntools: Read, Bash\n---\n\nYou test defences.\n',
    '07-specialized-domains/kubernetes-architect.md':
      '---\nname: kubernetes-architect\ndescription: Kubernetes platform design for multi-tenant clusters.\ntools: Read, Write\n---\n\nYou design clusters.\n',
  };
  duplicates.add('kubernetes-architect');
  for (const [rel, text] of Object.entries(categories)) files[`categories/${rel}`] = text;

  // flat/agents/: one *-expert per technology, a name that also appears in plugins/, and one file without frontmatter.
  for (const [tech, what, work] of TECH) files[`flat/agents/${tech}-expert.md`] = flatAgent(tech, what, work);
  files['flat/agents/redis-architect.md'] = flatAgent('redis', 'caching layers', 'cache invalidation').replace('name: redis-expert', 'name: redis-architect');
  duplicates.add('redis-architect');
  files['flat/agents/notes-expert.md'] = '# Notes Expert\n\nThis file has no frontmatter: it is a note, not an agent.\n';
  writeFiles(root, files);
  return {
    root,
    templates: path.join(root, 'templates'),
    sharedPrompts: path.join(root, 'shared-prompts'),
    plugins: path.join(root, 'plugins'),
    categories: path.join(root, 'categories'),
    flat: path.join(root, 'flat'),
    counts: { templates: TEMPLATES.length, plugins, categories: Object.keys(categories).length, flat: TECH.length + 1 },
    duplicateNames: [...duplicates].sort(),
    noFrontmatter: 'flat/agents/notes-expert.md',
    missingFragments: ['legacy-standards.md'],
  };
}
