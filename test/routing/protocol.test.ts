import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatchCommand, runRouteCommand } from '../../src/cli/routing.js';
import { UnknownAgentError, UsageError } from '../../src/shared/errors.js';
import { SEED_AGENTS, connect, testConfig, textOf, type Connected } from '../helpers/env.js';
import { generateCatalog } from '../helpers/catalog-fixture.js';

let seeds: Connected;
let dev: Connected;

beforeAll(async () => {
  seeds = await connect(testConfig({ agents: [SEED_AGENTS], noUser: true, noBundled: true, noWatch: true }));
  // Generated templates (database-specialist among them) plus the seeds.
  dev = await connect(testConfig({ agents: [generateCatalog().templates, SEED_AGENTS], noUser: true, noBundled: true, noWatch: true }));
});
afterAll(async () => {
  await seeds.close();
  await dev.close();
});

interface MatchOut {
  matches: Array<{ name: string; score: number; confidence: number; reasons: Array<{ field: string; text: string }> }>;
  abstained: boolean;
  terms: string[];
  note?: string;
}

interface RouteOut {
  decision: string;
  agent: string | null;
  confidence: number;
  abstained: boolean;
  alternatives: Array<{ name: string; confidence: number }>;
  handoffs: Array<{ to: string; inCatalog: boolean; kind: string; line: string }>;
  rationale: string;
  consulted: string | null;
}

describe('match_agents and route_task over MCP', () => {
  it('are listed with described input fields, output schemas and read-only annotations', async () => {
    const { tools } = await seeds.client.listTools();
    for (const name of ['match_agents', 'route_task']) {
      const tool = tools.find((t) => t.name === name);
      expect(tool, name).toBeDefined();
      expect(tool?.outputSchema).toBeDefined();
      expect(tool?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
      for (const [, prop] of Object.entries((tool?.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) expect(prop.description).toBeTruthy();
    }
  });

  it('match_agents returns ranked matches with confidence and reasons', async () => {
    const r = await seeds.client.callTool({ name: 'match_agents', arguments: { task: 'bandit security scanning is causing pre-commit failures', limit: 3 } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as unknown as MatchOut;
    expect(s.abstained).toBe(false);
    expect(s.matches).toHaveLength(3);
    expect(s.matches[0]?.name).toBe('python-infrastructure-engineer');
    expect(s.matches[0]?.confidence).toBeGreaterThan(0.5);
    expect(s.matches[0]?.reasons.length).toBeGreaterThan(0);
    expect(textOf(r)).toContain('1. python-infrastructure-engineer');
  });

  it('match_agents abstains cleanly on an unrelated task', async () => {
    const r = await dev.client.callTool({ name: 'match_agents', arguments: { task: 'bake sourdough bread' } });
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as unknown as MatchOut).abstained).toBe(true);
    expect(textOf(r)).toMatch(/No agent fits/);
  });

  it('route_task: hand-off with the boundary line, stay, and pick', async () => {
    const h = await seeds.client.callTool({ name: 'route_task', arguments: { task: 'train a PyTorch model on our labelled tickets', current_agent: 'python-engineer' } });
    expect(h.isError).toBeFalsy();
    const hs = h.structuredContent as unknown as RouteOut;
    expect(hs).toMatchObject({ decision: 'handoff', agent: 'ai-engineer', consulted: 'python-engineer' });
    expect(hs.handoffs[0]).toMatchObject({ to: 'ai-engineer', inCatalog: false });
    expect(textOf(h)).toMatch(/HANDOFF: ai-engineer/);

    const db = await dev.client.callTool({ name: 'route_task', arguments: { task: "tune this slow SQL query's indexes", current_agent: 'infrastructure-specialist' } });
    expect((db.structuredContent as unknown as RouteOut).handoffs[0]).toMatchObject({ to: 'database-specialist', inCatalog: true });

    const stay = await seeds.client.callTool({ name: 'route_task', arguments: { task: 'set up testcontainers for PostgreSQL integration tests', current_agent: 'infrastructure-specialist' } });
    expect(stay.structuredContent).toMatchObject({ decision: 'stay', agent: 'infrastructure-specialist' });

    const pick = await seeds.client.callTool({ name: 'route_task', arguments: { task: 'pre-commit hooks fail because bandit flags our fixtures' } });
    expect(pick.structuredContent).toMatchObject({ decision: 'pick', agent: 'python-infrastructure-engineer', consulted: 'python-infrastructure-engineer' });
  });

  it('bad input is an error or a clean abstention, never a crash', async () => {
    const call = (name: string, args: Record<string, unknown>) => seeds.client.callTool({ name, arguments: args });
    for (const name of ['match_agents', 'route_task']) {
      const empty = await call(name, { task: '' });
      expect(empty.isError).toBe(true);
      expect(textOf(empty)).toMatch(/empty/);
      expect((await call(name, { task: '   ' })).isError).toBe(true);
      expect((await call(name, {})).isError).toBe(true);
      expect((await call(name, { task: 42 })).isError).toBe(true);
      const controls = await call(name, { task: '\u0000\u0001\u0002\u001b[2J\u007f' });
      expect(controls.isError).toBeFalsy();
      expect((controls.structuredContent as { abstained: boolean }).abstained).toBe(true);
      const big = await call(name, { task: 'x'.repeat(1024 * 1024) });
      expect(big.isError).toBeFalsy();
      expect((big.structuredContent as { abstained: boolean }).abstained).toBe(true);
      const tooBig = await call(name, { task: 'y '.repeat(1_100_000) });
      expect(tooBig.isError).toBe(true);
    }
    expect((await call('match_agents', { task: 'docker', limit: 0 })).isError).toBe(true);
    expect((await call('match_agents', { task: 'docker', source: 'galaxy' })).isError).toBe(true);
    const unknown = await call('route_task', { task: 'docker', current_agent: 'no-such-agent' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/UNKNOWN_AGENT/);
    // Still serving afterwards.
    expect((await call('match_agents', { task: 'docker compose for postgres' })).isError).toBeFalsy();
  });
});

describe('CLI: match and route', () => {
  const run = (fn: typeof runMatchCommand, args: string[], engine = seeds.ctx.routing.engineFor(seeds.ctx.catalog.snapshot)): { code: number; out: string } => {
    const lines: string[] = [];
    const code = fn(args, engine, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  };

  it('match "TASK" [--limit N] [--json]', () => {
    const text = run(runMatchCommand, ['set up testcontainers for postgres', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Best agents/);
    expect(text.out).toContain('1. infrastructure-specialist');
    const json = run(runMatchCommand, ['set up testcontainers for postgres', '--json']);
    const parsed = JSON.parse(json.out) as MatchOut;
    expect(parsed.matches[0]?.name).toBe('infrastructure-specialist');
    expect(run(runMatchCommand, ['bake sourdough bread']).code).toBe(1);
    expect(() => run(runMatchCommand, [])).toThrow(UsageError);
    expect(() => run(runMatchCommand, ['x', '--limit', 'zero'])).toThrow(UsageError);
  });

  it('route "TASK" [--from NAME] [--json]', () => {
    const r = run(runRouteCommand, ["tune this slow SQL query's indexes", '--from', 'infrastructure-specialist', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'handoff', agent: 'database-specialist' });
    const text = run(runRouteCommand, ['train a PyTorch model', '--from', 'python-engineer']);
    expect(text.out).toMatch(/^HANDOFF: ai-engineer/);
    expect(text.out).toContain('not in catalog');
    expect(() => run(runRouteCommand, ['x', '--from', 'nobody-here'])).toThrow(UnknownAgentError);
  });
});
