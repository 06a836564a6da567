/**
 * The routing dev sets (dev/eval/sets/*) are data; these checks keep them honest: sizes and shapes always,
 * and, when the corpus is present, that every name they use is an agent of the catalog they name and that
 * every hand-off target is one the agent's own file mentions. No matcher is run here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import type { CatalogSnapshot } from '../../src/catalog/types.js';
import { PARAPHRASE_CASES, VOLTAGENT_CASES } from '../../dev/eval/paraphrase.js';
import { OFF_TOPIC } from '../../dev/eval/routing.js';
import { MIXED_CASES } from '../../dev/eval/sets/mixed.js';
import { OFF_TOPIC_CASES } from '../../dev/eval/sets/offtopic.js';
import { ROUTE_CASES, type RouteCase } from '../../dev/eval/sets/route.js';
import { SNITS_CASES } from '../../dev/eval/sets/snits.js';
import { CORPUS, SEED_AGENTS } from '../helpers/env.js';
import { bodyOf } from '../helpers/bodies.js';

const NAME = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

describe('routing dev sets: shape', () => {
  it('have the agreed sizes', () => {
    expect(SNITS_CASES.length).toBeGreaterThanOrEqual(150);
    expect(MIXED_CASES.length).toBeGreaterThanOrEqual(160);
    expect(OFF_TOPIC_CASES.length).toBeGreaterThanOrEqual(60);
    expect(ROUTE_CASES.length).toBeGreaterThanOrEqual(90);
  });

  it('never repeat a task, within the sets or from the older hand-written sets', () => {
    const all = [
      ...SNITS_CASES.map((c) => c.task),
      ...MIXED_CASES.map((c) => c.task),
      ...OFF_TOPIC_CASES,
      ...ROUTE_CASES.map((c) => c.task),
      ...PARAPHRASE_CASES.map((c) => c.task),
      ...VOLTAGENT_CASES.map((c) => c.task),
      ...OFF_TOPIC,
    ].map(norm);
    const seen = new Set<string>();
    const repeated = all.filter((t) => (seen.has(t) ? true : (seen.add(t), false)));
    expect(repeated).toEqual([]);
    expect(all.filter((t) => t === '')).toEqual([]);
  });

  it('give every match task a non-empty list of distinct, well-formed agent names', () => {
    for (const c of [...SNITS_CASES, ...MIXED_CASES]) {
      expect(c.accept.length, c.task).toBeGreaterThan(0);
      expect(new Set(c.accept).size, c.task).toBe(c.accept.length);
      for (const n of c.accept) expect(n, c.task).toMatch(NAME);
    }
  });

  it('spread the snits set over at least 90 different first choices', () => {
    expect(new Set(SNITS_CASES.map((c) => c.accept[0])).size).toBeGreaterThanOrEqual(90);
  });

  it('give a target to every hand-off and none to a stay, and keep the two roughly balanced', () => {
    for (const r of ROUTE_CASES) {
      expect(r.agent, r.task).toMatch(NAME);
      if (r.expect === 'handoff') {
        expect(r.to?.length ?? 0, r.task).toBeGreaterThan(0);
        for (const n of r.to ?? []) expect(n, r.task).toMatch(NAME);
      } else {
        expect(r.to, r.task).toBeUndefined();
      }
    }
    const stays = ROUTE_CASES.filter((r) => r.expect === 'stay').length;
    expect(stays / ROUTE_CASES.length).toBeGreaterThan(0.4);
    expect(stays / ROUTE_CASES.length).toBeLessThan(0.6);
  });
});

const hasCorpus = fs.existsSync(path.join(CORPUS, 'snits-claude-files/agent-templates'));

async function load(dirs: readonly string[]): Promise<CatalogSnapshot> {
  return buildSnapshot({ sources: dirs.map((dir) => ({ kind: 'flag' as const, dir, label: dir })), sharedPromptDirs: [] });
}

const MIXED_DIRS = ['wshobson-agents', 'voltagent-subagents', '0xfurai-subagents'];

describe.skipIf(!hasCorpus)(`routing dev sets against the corpus${hasCorpus ? '' : ' (skipped: no corpus at ../shared/corpus)'}`, () => {
  const catalogs = new Map<RouteCase['catalog'], CatalogSnapshot>();
  beforeAll(async () => {
    catalogs.set('seeds', await load([SEED_AGENTS]));
    catalogs.set('snits', await load([path.join(CORPUS, 'snits-claude-files/agent-templates'), SEED_AGENTS]));
    catalogs.set('mixed', await load(MIXED_DIRS.map((d) => path.join(CORPUS, d))));
  });
  const snapshot = (name: RouteCase['catalog']): CatalogSnapshot => {
    const snap = catalogs.get(name);
    if (!snap) throw new Error(`catalog ${name} not loaded`);
    return snap;
  };

  it('name only agents of the snits catalog in the snits set', () => {
    const agents = snapshot('snits').agents;
    expect(SNITS_CASES.flatMap((c) => c.accept).filter((n) => !agents.has(n))).toEqual([]);
  });

  it('name only agents of the mixed catalog in the mixed set', () => {
    const agents = snapshot('mixed').agents;
    expect(MIXED_CASES.flatMap((c) => c.accept).filter((n) => !agents.has(n))).toEqual([]);
  });

  it('take at least 40 first choices of the mixed set from each of its three catalogs', () => {
    const agents = snapshot('mixed').agents;
    const perCatalog: Record<string, number> = {};
    for (const c of MIXED_CASES) {
      const file = agents.get(c.accept[0] ?? '')?.path ?? '';
      const dir = MIXED_DIRS.find((d) => file.startsWith(path.join(CORPUS, d) + path.sep)) ?? '?';
      perCatalog[dir] = (perCatalog[dir] ?? 0) + 1;
    }
    for (const d of MIXED_DIRS) expect(perCatalog[d] ?? 0, d).toBeGreaterThanOrEqual(40);
  });

  it('route from agents of the named catalog, to targets their own files mention', () => {
    const problems: string[] = [];
    for (const r of ROUTE_CASES) {
      const snap = snapshot(r.catalog);
      const agent = snap.agents.get(r.agent);
      if (!agent) {
        problems.push(`${r.catalog}: no agent ${r.agent}`);
        continue;
      }
      if (r.expect !== 'handoff') continue;
      const text = `${agent.description}\n${bodyOf(snap, r.agent) ?? ''}`.toLowerCase();
      const to = r.to ?? [];
      const mentioned = to.some((n) => (n === 'experts' ? /escalate to experts/.test(text) : text.includes(n)));
      if (!mentioned) problems.push(`${r.agent}: none of ${to.join(', ')} appears in its file`);
      // Targets inside the catalog must be real agents there (seeds name agents they do not ship).
      if (r.catalog === 'snits') for (const n of to) if (n !== 'experts' && !snap.agents.has(n)) problems.push(`${r.agent}: ${n} is not a snits agent`);
      if (r.catalog === 'mixed' && !to.some((n) => snap.agents.has(n))) problems.push(`${r.agent}: no target of ${to.join(', ')} is in the mixed catalog`);
    }
    expect(problems).toEqual([]);
  });
});
