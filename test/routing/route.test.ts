import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { Routing } from '../../src/routing/engine.js';
import { UnknownAgentError } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/env.js';
import { CORPUS, describeCorpus } from '../helpers/corpus.js';
import { generateCatalog } from '../helpers/catalog-fixture.js';

const routing = new Routing();
let seeds: CatalogSnapshot;

/** A catalog of agent templates (which have database-specialist, performance-engineer, code-reviewer) plus the seeds. */
function withSeeds(templates: string): Promise<CatalogSnapshot> {
  return buildSnapshot({
    sources: [
      { kind: 'flag', dir: templates, label: 'templates' },
      { kind: 'flag', dir: path.join(REPO_ROOT, 'agents'), label: 'seeds' },
    ],
    sharedPromptDirs: [],
  });
}

beforeAll(async () => {
  seeds = await buildSnapshot({ sources: [{ kind: 'flag', dir: path.join(REPO_ROOT, 'agents'), label: 'seeds' }], sharedPromptDirs: [] });
});

describe('route_task with a current agent (bundled catalog)', () => {
  it('python-engineer hands PyTorch model training to ai-engineer, which is not in the catalog', () => {
    const r = routing.engineFor(seeds).route('Train a PyTorch model to classify our support tickets', { currentAgent: 'python-engineer' });
    expect(r.decision).toBe('handoff');
    expect(r.agent).toBe('ai-engineer');
    expect(r.handoffs[0]).toMatchObject({ to: 'ai-engineer', inCatalog: false });
    expect(r.handoffs[0]?.line).toMatch(/PyTorch/);
    expect(r.rationale).toMatch(/not in this catalog/);
    expect(r.consulted).toBe('python-engineer');
  });

  it('infrastructure-specialist hands slow SQL query index tuning to database-specialist', () => {
    const r = routing.engineFor(seeds).route("tune this slow SQL query's indexes", { currentAgent: 'infrastructure-specialist' });
    expect(r.decision).toBe('handoff');
    expect(r.agent).toBe('database-specialist');
    expect(r.handoffs[0]).toMatchObject({ to: 'database-specialist', inCatalog: false });
  });

  it('other boundaries of the seeds', () => {
    expect(routing.engineFor(seeds).route('define the incident response procedure and on-call monitoring strategy', { currentAgent: 'infrastructure-specialist' })).toMatchObject({
      decision: 'handoff',
      agent: 'system-reliability-engineer',
    });
    expect(routing.engineFor(seeds).route('port the heavy numerical kernel so it runs on the GPU', { currentAgent: 'python-pro' })).toMatchObject({ decision: 'handoff', agent: 'jax-pro' });
  });

  it('stays when the task is in scope, even when it touches a boundary word', () => {
    for (const [agent, task] of [
      ['python-engineer', 'serve the trained model behind a FastAPI endpoint'],
      ['python-engineer', 'build a Django REST API with JWT authentication'],
      ['python-engineer', 'clean up this pandas data pipeline that loads CSV files'],
      ['infrastructure-specialist', 'set up testcontainers for PostgreSQL integration tests'],
      ['infrastructure-specialist', 'our CI pipeline takes 30 minutes, make it faster'],
      ['python-pro', 'speed up this inner loop with a Rust extension via PyO3'],
      ['python-infrastructure-engineer', 'bandit security scanning is causing pre-commit failures'],
    ] as const) {
      const r = routing.engineFor(seeds).route(task, { currentAgent: agent });
      expect(r.decision, `${agent}: ${task}`).toBe('stay');
      expect(r.agent).toBe(agent);
    }
  });

  it('an unrelated task does not pretend to be in scope', () => {
    const r = routing.engineFor(seeds).route('bake sourdough bread', { currentAgent: 'python-pro' });
    expect(r.decision).toBe('stay');
    expect(r.abstained).toBe(true);
    expect(r.handoffs).toEqual([]);
  });

  it('rejects an unknown current agent with suggestions', () => {
    expect(() => routing.engineFor(seeds).route('anything', { currentAgent: 'python-engineerz' })).toThrow(UnknownAgentError);
    try {
      routing.engineFor(seeds).route('anything', { currentAgent: 'python-engineerz' });
    } catch (err) {
      expect((err as UnknownAgentError).suggestions).toContain('python-engineer');
    }
  });
});

/** The same hand-checked expectations over a generated dev catalog and, when present, the real one (snits templates). */
function devCatalogTests(title: string, templates: () => string, describeFn: (name: string, fn: () => void) => void = describe): void {
  describeFn(title, () => {
    let dev: CatalogSnapshot;
    beforeAll(async () => {
      dev = await withSeeds(templates());
    });

    it('hands off to an in-catalog database-specialist', () => {
      const r = routing.engineFor(dev).route("tune this slow SQL query's indexes", { currentAgent: 'infrastructure-specialist' });
      expect(r.decision).toBe('handoff');
      expect(r.agent).toBe('database-specialist');
      expect(r.handoffs[0]).toMatchObject({ to: 'database-specialist', inCatalog: true });
    });

    it("hands off to a neighbour the agent's file names when the task reads like that neighbour's work", () => {
      const r = routing.engineFor(dev).route('Our PostgreSQL queries are slow and we need better schema design', { currentAgent: 'infrastructure-specialist' });
      expect(r).toMatchObject({ decision: 'handoff', agent: 'database-specialist' });
      expect(r.handoffs[0]?.to).toBe('database-specialist');
      const perf = routing.engineFor(dev).route('Our system is running out of memory when processing large batches', { currentAgent: 'code-reviewer' });
      expect(perf).toMatchObject({ decision: 'handoff', agent: 'performance-engineer' });
      // …but an agent keeps its own work.
      expect(routing.engineFor(dev).route('review this pull request for readability and naming', { currentAgent: 'code-reviewer' }).decision).toBe('stay');
    });

    it('without a current agent: picks the best match and reports it', () => {
      const r = routing.engineFor(dev).route('pre-commit hooks fail because bandit flags our test fixtures');
      expect(r.decision).toBe('pick');
      expect(r.agent).toBe('python-infrastructure-engineer');
      expect(r.alternatives.length).toBeGreaterThan(0);
      expect(r.alternatives.map((a) => a.name)).not.toContain('python-infrastructure-engineer');
    });

    it("the best match's own boundary beats text similarity when its target is in the catalog", () => {
      // infrastructure-specialist's file: "**Database-Specialist**: Handles query optimization, schema design …".
      const r = routing.engineFor(dev).route('Our local testcontainers PostgreSQL setup is fine, but the query optimization and schema design of the database internals need work', {});
      expect(r.consulted).toBe('infrastructure-specialist');
      expect(r.decision).toBe('pick');
      expect(r.agent).toBe('database-specialist');
      expect(r.rationale).toMatch(/sends this kind of task elsewhere/);
      expect(r.handoffs[0]).toMatchObject({ to: 'database-specialist', inCatalog: true });
    });

    it('when the target is not in the catalog, keeps the best match and says so', () => {
      const r = routing.engineFor(dev).route('incident response procedures and monitoring strategies for our testcontainers CI infrastructure');
      expect(r).toMatchObject({ decision: 'pick', agent: 'infrastructure-specialist' });
      expect(r.rationale).toMatch(/system-reliability-engineer, which is not in this catalog/);
    });

    it('abstains on an unrelated task', () => {
      const r = routing.engineFor(dev).route('bake sourdough bread');
      expect(r).toMatchObject({ decision: 'pick', agent: null, abstained: true });
    });
  });
}

devCatalogTests('route_task when the target is in the catalog (generated dev catalog)', () => generateCatalog().templates);
devCatalogTests('route_task when the target is in the catalog (real dev catalog)', () => path.join(CORPUS, 'snits-claude-files/agent-templates'), describeCorpus);
