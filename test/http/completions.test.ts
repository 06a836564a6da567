import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAgentNames } from '../../src/mcp/completions.js';
import { agentFile, connect, tempDir, testConfig, writeFiles, type Connected } from '../helpers/env.js';

describe('completion/complete (agent names)', () => {
  let c: Connected;
  beforeAll(async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    // 120 "alpha-*" agents (prefix matches for "alp"), and a few with "alp" inside the name.
    for (let i = 0; i < 120; i++) files[`alpha-${String(i).padStart(3, '0')}.md`] = agentFile(`alpha-${String(i).padStart(3, '0')}`, 'An alpha agent.');
    for (const name of ['python-engineer', 'python-infrastructure-engineer', 'typescript-engineer', 'scalp-reviewer']) files[`${name}.md`] = agentFile(name, `The ${name}.`);
    writeFiles(dir, files);
    c = await connect(testConfig({ agents: [dir], noUser: true, noBundled: true }));
  });
  afterAll(async () => {
    await c.close();
  });

  it('declares the capability', () => {
    expect(c.client.getServerCapabilities()?.completions).toEqual({});
  });

  it('completes agent://{name} and agent://{name}/card: prefix matches first, then substring', async () => {
    for (const uri of ['agent://{name}', 'agent://{name}/card']) {
      const r = await c.client.complete({ ref: { type: 'ref/resource', uri }, argument: { name: 'name', value: 'Py' } });
      expect(r.completion).toEqual({ values: ['python-engineer', 'python-infrastructure-engineer'], total: 2, hasMore: false });
    }
    const eng = await c.client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: 'engineer' } });
    expect(eng.completion.values).toEqual(['python-engineer', 'python-infrastructure-engineer', 'typescript-engineer']);
  });

  it('caps at 100 values with total and hasMore; prefix matches win the slots', async () => {
    const r = await c.client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: 'alp' } });
    expect(r.completion.values).toHaveLength(100);
    expect(r.completion.values.every((v) => v.startsWith('alpha-'))).toBe(true);
    expect(r.completion.total).toBe(121);
    expect(r.completion.hasMore).toBe(true);
    const all = await c.client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'name', value: '' } });
    expect(all.completion).toMatchObject({ total: 124, hasMore: true });
  });

  it('completes prompt arguments that name an agent; other arguments, templates and unknown prompts get an empty list', async () => {
    for (const arg of ['name', 'agent', 'current_agent', 'from']) {
      const r = await c.client.complete({ ref: { type: 'ref/prompt', name: 'python-engineer' }, argument: { name: arg, value: 'typescript' } });
      expect(r.completion.values, arg).toEqual(['typescript-engineer']);
    }
    const empty = { values: [], total: 0, hasMore: false };
    expect((await c.client.complete({ ref: { type: 'ref/prompt', name: 'python-engineer' }, argument: { name: 'task', value: 'py' } })).completion).toEqual(empty);
    expect((await c.client.complete({ ref: { type: 'ref/prompt', name: 'no-such-prompt' }, argument: { name: 'arg1', value: 'py' } })).completion).toEqual(empty);
    expect((await c.client.complete({ ref: { type: 'ref/resource', uri: 'file:///{path}' }, argument: { name: 'name', value: 'py' } })).completion).toEqual(empty);
    expect((await c.client.complete({ ref: { type: 'ref/resource', uri: 'agent://{name}' }, argument: { name: 'other', value: 'py' } })).completion).toEqual(empty);
  });

  it('completeAgentNames is case-insensitive and keeps catalog order within each group', () => {
    expect(completeAgentNames(['b-x', 'a-x', 'x-a', 'x-b'], 'X')).toEqual({ values: ['x-a', 'x-b', 'b-x', 'a-x'], total: 4, hasMore: false });
    expect(completeAgentNames(['a'], 'zzz')).toEqual({ values: [], total: 0, hasMore: false });
  });
});
