import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { EXPERTS, extractBoundaries, normalizeAgentName, splitTopics } from '../../src/routing/boundaries.js';
import { exampleCount } from '../../src/routing/card.js';
import { Routing, type RoutingEngine } from '../../src/routing/engine.js';
import { REPO_ROOT } from '../helpers/env.js';

let seeds: CatalogSnapshot;
let engine: RoutingEngine;

beforeAll(async () => {
  seeds = await buildSnapshot({ sources: [{ kind: 'flag', dir: path.join(REPO_ROOT, 'agents'), label: 'seeds' }], sharedPromptDirs: [] });
  engine = new Routing().engineFor(seeds);
});

function targets(name: string): string[] {
  const agent = seeds.agents.get(name);
  if (!agent) throw new Error(`no seed ${name}`);
  return [...new Set(engine.card(agent.name)!.boundaries.map((b) => b.to))].sort();
}

describe('boundary extraction from the seeds', () => {
  it('infrastructure-specialist: the "Boundaries with Other Agents" list and inline delegations', () => {
    expect(targets('infrastructure-specialist')).toEqual(['database-specialist', 'ml-orchestrator', 'performance-engineer', 'security-architect', 'system-reliability-engineer']);
    const bs = engine.card('infrastructure-specialist')!.boundaries;
    const db = bs.find((b) => b.line.includes('**Database-Specialist**'));
    expect(db).toMatchObject({ to: 'database-specialist', kind: 'handoff' });
    expect(db?.topics).toEqual(['query optimization', 'schema design', 'database internals']);
    expect(bs.find((b) => b.line.includes('delegate schema optimization'))).toMatchObject({ to: 'database-specialist', kind: 'delegate' });
    expect(bs.find((b) => b.line.includes('delegate schema optimization'))?.topics).toContain('schema optimization');
    expect(bs.find((b) => b.line.includes('delegating query analysis'))?.topics).toEqual(['query analysis']);
    // Security-Architect line: the parenthetical about the agent itself is not a topic.
    expect(bs.find((b) => b.to === 'security-architect')?.topics).toEqual(['security design', 'policies']);
    // Incoming work ("receive policies from security-architect", "RECEIVES REQUIREMENTS FROM") is not a boundary.
    expect(bs.some((b) => /receive/i.test(b.line))).toBe(false);
    // Names inside code blocks (the memory-system Python) are not boundaries.
    expect(bs.some((b) => b.to === 'testing-strategy-specialist')).toBe(false);
  });

  it('python-engineer: description "Coordinates with", the ✅/❌ "Hand Off to ai-engineer" list, "x should …"', () => {
    expect(targets('python-engineer')).toEqual(['ai-engineer', 'qa-engineer']);
    const bs = engine.card('python-engineer')!.boundaries;
    const desc = bs.filter((b) => b.line.startsWith('Coordinates with ai-engineer'));
    expect(desc.map((b) => [b.to, b.kind, b.topics])).toEqual([
      ['ai-engineer', 'coordinate', ['ML integration']],
      ['qa-engineer', 'coordinate', ['validation']],
    ]);
    const handOff = bs.filter((b) => b.line.includes('❌'));
    expect(handOff).toHaveLength(5);
    for (const b of handOff) expect(b).toMatchObject({ to: 'ai-engineer', kind: 'handoff' });
    expect(handOff[0]?.topics).toEqual(['Neural networks', 'PyTorch', 'TensorFlow']);
    // ✅ items are the agent's own focus, not hand-offs.
    expect(bs.some((b) => b.line.includes('✅'))).toBe(false);
    expect(bs.some((b) => b.line.includes('qa-engineer should run unit tests') && b.to === 'qa-engineer')).toBe(true);
    // "From ai-engineer: …" is incoming; "ai-engineer's trained models" is a possessive, not a hand-off.
    expect(bs.some((b) => b.line.includes('**From ai-engineer**'))).toBe(false);
    expect(bs.some((b) => b.line.includes("serve ai-engineer's trained models"))).toBe(false);
  });

  it('python-pro: "Delegation Strategy" tables, not the parallel-execution tables', () => {
    expect(targets('python-pro')).toEqual(['ai-engineer', 'jax-pro', 'ml-expert', 'research-expert']);
    const bs = engine.card('python-pro')!.boundaries;
    expect(bs.find((b) => b.line.startsWith('| jax-pro | Numerical heavy lifting on GPU'))).toMatchObject({ to: 'jax-pro', kind: 'delegate', topics: ['Numerical heavy lifting on GPU'] });
    expect(bs.find((b) => b.to === 'ai-engineer')?.topics).toEqual(['LLM application logic']);
    expect(bs.some((b) => b.to === 'simulation-expert')).toBe(false);
  });

  it('container-infrastructure-engineer: "Must escalate to experts" and "Coordinate with"', () => {
    expect(targets('container-infrastructure-engineer')).toEqual([EXPERTS, 'performance-engineer', 'security-engineer'].sort());
    const bs = engine.card('container-infrastructure-engineer')!.boundaries;
    expect(bs.find((b) => b.line.includes('Security policies requiring coordination'))).toMatchObject({ to: 'security-engineer', kind: 'escalate' });
    expect(bs.find((b) => b.line.includes('Business decisions about infrastructure budget'))).toMatchObject({ to: EXPERTS, kind: 'escalate' });
    // Shared boilerplate blocks (<!-- BEGIN: x.md --> … <!-- END -->) contribute nothing.
    expect(bs.some((b) => /Checkpoint|commit/i.test(b.line))).toBe(false);
  });

  it('python-infrastructure-engineer: un-named escalations and an authority line naming two agents', () => {
    expect(targets('python-infrastructure-engineer')).toEqual([EXPERTS, 'code-reviewer', 'security-engineer'].sort());
  });

  it('flags targets outside the catalog and counts boundaries and examples', () => {
    const pe = seeds.agents.get('python-engineer')!;
    const bs = engine.boundaries(pe);
    expect(bs.every((b) => b.inCatalog === false)).toBe(true);
    expect(engine.boundaryCount(pe)).toBe(bs.length);
    expect(exampleCount(seeds.agents.get('python-pro')!)).toBe(3);
    expect(engine.boundaryCounts('python-pro')).toEqual({ boundaries: 7, examples: 3 });
    expect(engine.boundaryCounts('nope')).toBeUndefined();
  });

  it('routingCard gives the full JSON card, boilerplate-free', () => {
    const card = engine.routingCard('container-infrastructure-engineer');
    expect(card).toBeDefined();
    expect(card?.handoffTargets.map((t) => t.to).sort()).toEqual([EXPERTS, 'performance-engineer', 'security-engineer'].sort());
    const text = JSON.stringify(card?.fields);
    expect(text).toContain('Kubernetes');
    // quality-gates.md and commit-requirements.md are inlined shared prompts: not routing evidence.
    expect(text).not.toMatch(/PROJECT-SPECIFIC|Commit message drafted|BEGIN:/);
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
    expect(engine.routingCard('missing')).toBeUndefined();
  });
});

describe('boundary shapes', () => {
  const one = (body: string, summary = '', name = 'me-agent') => extractBoundaries({ name, summary, body });

  it('normalises names and rejects words that only look hyphenated', () => {
    expect(normalizeAgentName('Database-Specialist')).toBe('database-specialist');
    expect(normalizeAgentName('`ML_Orchestrator`')).toBe('ml-orchestrator');
    expect(normalizeAgentName('Security-Architect')).toBe('security-architect');
    for (const w of ['real-time', 'multi-agent', 'cross-border', 'end-user', 'policy-relevant', 'agent-to-agent', 'pre-commit']) expect(normalizeAgentName(w)).toBeUndefined();
  });

  it('reads "delegate … to X", "hand off … to X", "escalate to X", "X should handle"', () => {
    expect(one('Always delegate schema migrations to db-admin when needed.')).toEqual([
      { to: 'db-admin', kind: 'delegate', topics: ['schema migrations'], line: 'Always delegate schema migrations to db-admin when needed.' },
    ]);
    expect(one('- Hand off UI polish to frontend-developer')[0]).toMatchObject({ to: 'frontend-developer', kind: 'handoff', topics: ['UI polish'] });
    expect(one('**Escalate to security-engineer**: Security implications of clarity changes')[0]).toMatchObject({
      to: 'security-engineer',
      kind: 'escalate',
      topics: ['Security implications of clarity changes'],
    });
    expect(one('- Load testing: perf-tester should handle all load test design')[0]).toMatchObject({ to: 'perf-tester', kind: 'handoff' });
  });

  it('reads "Integration with other agents:" lists and "(coordinate with X)" notes', () => {
    const bs = one('Integration with other agents:\n- Share APIs with frontend-developer\n- Work with database-optimizer on EF Core\n- Support blazor-developer on components\n');
    expect(bs.map((b) => [b.to, b.kind, b.topics])).toEqual([
      ['frontend-developer', 'coordinate', ['Share APIs']],
      ['database-optimizer', 'coordinate', ['EF Core']],
      ['blazor-developer', 'coordinate', ['components']],
    ]);
    const note = one('**Must escalate to experts**:\n- Infrastructure decisions (coordinate with systems-architect)\n');
    expect(note[0]).toMatchObject({ to: 'systems-architect', kind: 'escalate' });
    expect(note[0]?.topics).toContain('Infrastructure decisions');
  });

  it('ignores the agent itself, incoming work and code', () => {
    expect(one('- coordinate with me-agent for everything', '', 'me-agent')).toEqual([]);
    expect(one('- Receives requirements from security-architect')).toEqual([]);
    expect(one('```\ndelegate everything to code-reviewer\n```\n')).toEqual([]);
    expect(one('<!-- BEGIN: x.md -->\n- Coordinate with code-reviewer on tests\n<!-- END: x.md -->\n')).toEqual([]);
  });

  it('splits topics into short phrases', () => {
    expect(splitTopics('Handles query optimization, schema design, and database internals')).toEqual(['query optimization', 'schema design', 'database internals']);
    expect(splitTopics('')).toEqual([]);
  });
});
