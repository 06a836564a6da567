/**
 * A generated agent catalog for benches when the public corpus (../shared/corpus) is absent: agents in the
 * shape of public catalogs (frontmatter with a "Use this agent when" description, some with `<example>`
 * blocks, expertise bullets, a boundaries list), over a few dozen work domains, deterministic for a given
 * count. Realistic enough in size and vocabulary for timing; not for routing quality.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogFixture } from './catalog.js';
import { prng } from './rows.js';

const DOMAINS: ReadonlyArray<[string, string]> = [
  ['postgres', 'relational schemas, slow SQL queries, indexes, query plans and migrations'],
  ['kubernetes', 'clusters, deployments, helm charts, pods that crash and services that cannot reach each other'],
  ['docker', 'container images, multi-stage builds, image size and layer caching'],
  ['react', 'components, hooks, state management, rendering performance and accessibility'],
  ['python', 'packages, virtual environments, typing, async code and test suites'],
  ['rust', 'ownership, lifetimes, cargo workspaces, unsafe code and performance'],
  ['security', 'threat models, injection flaws, secrets in code, dependency audits and hardening'],
  ['ci', 'build pipelines, caching, flaky jobs, release automation and deployment gates'],
  ['terraform', 'infrastructure as code, modules, state files, drift and cloud accounts'],
  ['ml', 'training models, feature pipelines, evaluation, experiment tracking and serving'],
  ['api', 'REST and GraphQL design, pagination, versioning, errors and rate limits'],
  ['mobile', 'iOS and Android apps, offline sync, push notifications and app store releases'],
  ['data', 'ETL jobs, warehouses, dbt models, data quality checks and schedules'],
  ['observability', 'logs, metrics, traces, alerts, dashboards and on-call noise'],
  ['frontend-perf', 'bundle size, core web vitals, lazy loading and caching headers'],
  ['testing', 'unit tests, integration tests, fixtures, mocks, coverage and flaky tests'],
  ['docs', 'technical writing, API references, tutorials, changelogs and READMEs'],
  ['go', 'goroutines, channels, modules, profiling and HTTP services'],
  ['java', 'Spring services, JVM tuning, garbage collection and Maven builds'],
  ['accessibility', 'screen readers, keyboard navigation, contrast and WCAG audits'],
  ['payments', 'checkout flows, card processing, refunds, webhooks and PCI scope'],
  ['search', 'full-text indexes, relevance tuning, Elasticsearch and query parsing'],
  ['networking', 'DNS, TLS certificates, load balancers, proxies and firewalls'],
  ['database-ops', 'backups, replication, failover, vacuum and connection pools'],
  ['llm', 'prompt design, retrieval augmented generation, evals and token costs'],
  ['game', 'game loops, physics, shaders, asset pipelines and frame rate'],
  ['embedded', 'firmware, microcontrollers, interrupts, memory limits and drivers'],
  ['product', 'requirements, user stories, roadmaps, prioritisation and acceptance criteria'],
  ['ux', 'user research, wireframes, usability tests and design systems'],
  ['legal', 'licenses, privacy policies, GDPR requests and data retention'],
  ['finance', 'budgets, forecasts, invoices, reconciliation and reporting'],
  ['refactoring', 'legacy code, dead code, long functions, coupling and safe renames'],
];
const ROLES = ['expert', 'engineer', 'specialist', 'architect', 'reviewer', 'debugger', 'optimizer', 'consultant'];
const VERBS = ['design', 'debug', 'review', 'speed up', 'migrate', 'harden', 'document', 'test', 'refactor', 'plan'];

/** Write `count` agent files under `dir` (replacing it) and return the server flags that serve them. */
export function generateSyntheticCatalog(dir: string, count: number): CatalogFixture {
  const rand = prng(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const agentsDir = path.join(dir, 'agents');
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const [domain, scope] = DOMAINS[i % DOMAINS.length] as [string, string];
    const role = ROLES[Math.floor(i / DOMAINS.length) % ROLES.length] as string;
    const name = `${domain}-${role}-${String(i).padStart(5, '0')}`;
    const other = (DOMAINS[(i + 1 + Math.floor(rand() * (DOMAINS.length - 1))) % DOMAINS.length] as [string, string])[0];
    const topics = scope.split(/, | and /);
    const examples =
      i % 3 === 0
        ? ''
        : [0, 1]
            .map(
              (k) =>
                `<example>\nContext: The team works on ${pick(topics)}.\nuser: "Can you ${pick(VERBS)} our ${pick(topics)}? It keeps causing trouble."\nassistant: "I'll use the ${name} agent for this."\n<commentary>${domain} work ${k === 0 ? 'fits' : 'belongs to'} this agent.</commentary>\n</example>`,
            )
            .join('\n');
    const text = [
      '---',
      `name: ${name}`,
      `description: Use this agent when you need to ${pick(VERBS)} ${scope}. ${examples.replace(/\n/g, '\\n')}`.replace(/"/g, "'"),
      'tools: Read, Write, Edit, Bash',
      '---',
      '',
      `You are a ${role} for ${domain} work: ${scope}.`,
      '',
      '## Expertise',
      ...topics.map((t) => `- ${pick(VERBS)} ${t} with measured, reversible steps`),
      '',
      '## When to use',
      `- A ${domain} problem needs someone to ${pick(VERBS)} it`,
      `- Questions about ${pick(topics)} or ${pick(topics)}`,
      '',
      '## Boundaries with Other Agents',
      `- ${other} work goes to the ${other}-${role} agent`,
      '',
    ].join('\n');
    const sub = path.join(agentsDir, `group-${Math.floor(i / 500)}`);
    if (i % 500 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `${name}.md`), text);
  }
  return { label: `${count} generated`, agents: count, args: ['--no-user', '--no-bundled', '--agents', agentsDir] };
}
