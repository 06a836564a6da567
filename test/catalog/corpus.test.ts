import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/catalog/load.js';
import { generateCatalog, type GeneratedCatalog } from '../helpers/catalog-fixture.js';
import { CORPUS, describeCorpus } from '../helpers/corpus.js';

async function load(rel: string) {
  return buildSnapshot({ sources: [{ kind: 'flag', dir: path.join(CORPUS, rel), label: rel }], sharedPromptDirs: [] });
}

describe('a generated catalog with the shapes of real ones', () => {
  let g: GeneratedCatalog;
  const loadDir = (dir: string) => buildSnapshot({ sources: [{ kind: 'flag', dir, label: dir }], sharedPromptDirs: [] });
  beforeAll(() => {
    g = generateCatalog();
  });

  it('loads every agent file that has frontmatter, and reports the one without', async () => {
    const counts: Record<string, number> = {};
    const diagnostics: string[] = [];
    for (const key of ['templates', 'plugins', 'categories', 'flat'] as const) {
      const snap = await loadDir(g[key]);
      counts[key] = snap.names.length + snap.shadowed.length;
      diagnostics.push(...snap.diagnostics.map((d) => `${d.code} ${path.relative(g.root, d.path)}`));
    }
    expect(counts).toEqual(g.counts);
    expect(diagnostics).toEqual([`NO_FRONTMATTER ${g.noFrontmatter}`]);
  });

  it('keeps <example> descriptions whole (not cut at the first colon) and finds their examples', async () => {
    const snap = await loadDir(g.templates);
    expect(snap.names.length).toBe(g.counts.templates);
    for (const agent of snap.agents.values()) {
      expect(agent.parsedWith).toBe('lenient');
      expect(agent.description).toContain('</example>');
      expect(agent.examples.length).toBeGreaterThan(0);
    }
    expect(snap.agents.get('database-specialist')?.examples[0]?.user).toContain('Our PostgreSQL queries are slow');
  });

  it('keeps tools as given and normalises them to a list; reads non-strict YAML the way Claude Code does', async () => {
    const snap = await loadDir(g.categories);
    const privacy = snap.agents.get('privacy-compliance');
    expect(privacy?.parsedWith).toBe('lenient');
    expect(privacy?.description).toContain("Triggers on: 'GDPR', 'CCPA'");
    expect(privacy?.tools).toEqual(['Read', 'Grep', 'Glob', 'WebFetch', 'WebSearch']);
    expect(privacy?.frontmatter.tools).toBe('Read, Grep, Glob, WebFetch, WebSearch');
    expect(snap.agents.get('penetration-tester')?.description).toContain('report: findings with severity');
    expect(snap.agents.get('api-designer')?.parsedWith).toBe('yaml');
  });

  it('finds nested plugin agents and reports names that occur twice across catalogs', async () => {
    const snap = await buildSnapshot({
      sources: [g.plugins, g.categories, g.flat].map((dir) => ({ kind: 'flag' as const, dir, label: dir })),
      sharedPromptDirs: [],
    });
    expect(snap.agents.get('kafka-developer')?.path).toContain(path.join('plugins', 'kafka-toolkit', 'agents'));
    expect([...new Set(snap.shadowed.map((s) => s.name))].sort()).toEqual(g.duplicateNames);
    for (const s of snap.shadowed) expect(snap.agents.get(s.name)?.path).toBe(s.winner);
  });
});

describeCorpus('the real-world corpus (~640 agents)', () => {
  it('loads every agent file that has frontmatter, and reports the one without', async () => {
    const counts: Record<string, number> = {};
    const diagnostics: string[] = [];
    for (const rel of ['snits-claude-files/agent-templates', 'snits-claude-files/agents', 'wshobson-agents', 'voltagent-subagents', '0xfurai-subagents']) {
      const snap = await load(rel);
      counts[rel] = snap.names.length + snap.shadowed.length;
      diagnostics.push(...snap.diagnostics.map((d) => `${d.code} ${path.relative(CORPUS, d.path)}`));
    }
    expect(counts).toEqual({
      'snits-claude-files/agent-templates': 121,
      'snits-claude-files/agents': 26,
      'wshobson-agents': 202,
      'voltagent-subagents': 158,
      '0xfurai-subagents': 136,
    });
    expect(diagnostics).toEqual(['NO_FRONTMATTER 0xfurai-subagents/agents/sqs-expert.md']);
  });

  it('keeps snits descriptions whole, <example> text included (not cut at the first colon)', async () => {
    for (const rel of ['snits-claude-files/agent-templates', 'snits-claude-files/agents']) {
      const snap = await load(rel);
      let withExamples = 0;
      for (const name of snap.names) {
        const agent = snap.agents.get(name);
        if (!agent) continue;
        const raw = fs.readFileSync(agent.path, 'utf8');
        const line = raw.split('\n').find((l) => l.startsWith('description:')) ?? '';
        const lineValue = line.slice('description:'.length).trim();
        if (lineValue.includes('<example>')) {
          withExamples++;
          expect(agent.description.replace(/\s+/g, ' ')).toContain('</example>');
          if (/\buser:/.test(lineValue)) expect(agent.examples.length).toBeGreaterThan(0);
        }
        expect(agent.description.length).toBeGreaterThan(20);
      }
      if (rel.endsWith('agent-templates')) expect(withExamples).toBeGreaterThan(80);
    }
  });

  it('keeps tools as given and normalises them to a list', async () => {
    const snap = await load('voltagent-subagents');
    const gdpr = snap.agents.get('gdpr-ccpa-compliance');
    expect(gdpr?.parsedWith).toBe('lenient');
    expect(gdpr?.description).toContain("Triggers on: 'GDPR', 'CCPA'");
    expect(gdpr?.tools).toEqual(['Read', 'Grep', 'Glob', 'WebFetch', 'WebSearch']);
    expect(gdpr?.frontmatter.tools).toBe('Read, Grep, Glob, WebFetch, WebSearch');
  });

  it('finds nested plugin agents and reports names that occur twice across catalogs', async () => {
    const snap = await buildSnapshot({
      sources: ['wshobson-agents', 'voltagent-subagents', '0xfurai-subagents', 'snits-claude-files/agents'].map((rel) => ({ kind: 'flag' as const, dir: path.join(CORPUS, rel), label: rel })),
      sharedPromptDirs: [],
    });
    expect(snap.agents.get('ui-visual-validator')?.path).toContain(path.join('plugins', 'accessibility-compliance', 'agents'));
    expect(snap.shadowed.length).toBeGreaterThan(10);
    for (const s of snap.shadowed) expect(snap.agents.get(s.name)?.path).toBe(s.winner);
  });
});
