/**
 * Shared-prompt fan-out: fragments that include the next fragment many times, several levels deep. A 6 KB
 * catalog of 40 includes × 4 levels is 2.5 million copies (it froze the server 32 s at 734 MB); 20 × 6 is 64
 * million (never finished, and SIGTERM was not handled meanwhile). The compiled prompt is bounded (2 MB, the
 * rest reported in `unresolved` with its include chain), each fragment is read once per compile, and a
 * compile gives the event loop turns so signals are handled while it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { eventually, hangGuard } from '../helpers/poll.js';
import { spawnRaw, writeTree, type RawServer } from './helpers.js';

/** An agent `fan` whose body includes f0; f(i) includes f(i+1) `width` times, `depth` levels. */
function fanCatalog(width: number, depth: number): { agents: string; prompts: string } {
  const agents = tempDir('acm-fanout-agents-');
  const prompts = tempDir('acm-fanout-prompts-');
  writeTree(agents, { 'fan.md': agentFile('fan', 'An agent whose shared prompts fan out.', 'You are fan.\n\n@~/.claude/shared-prompts/f0.md\n\nEnd of fan.\n') });
  for (let i = 0; i < depth; i++) {
    const lines = [`Fragment ${i}.`, ...Array.from({ length: width }, () => `@~/.claude/shared-prompts/f${i + 1}.md`)];
    fs.writeFileSync(path.join(prompts, `f${i}.md`), lines.join('\n') + '\n');
  }
  fs.writeFileSync(path.join(prompts, `f${depth}.md`), 'The leaf fragment: a line of text that every include copies.\n');
  return { agents, prompts };
}

const MAX_PROMPT_CHARS = 2 * 1024 * 1024;

/** CPU time a process has used, in clock ticks (1/100 s on Linux), from /proc. */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

describe('shared-prompt fan-out', () => {
  const spawned: RawServer[] = [];
  afterEach(() => {
    for (const s of spawned.splice(0)) if (!s.exited()) s.child.kill('SIGKILL');
  });
  const start = (c: { agents: string; prompts: string }): RawServer => {
    const s = spawnRaw(['--agents', c.agents, '--shared-prompts', c.prompts, '--no-user', '--no-bundled', '--no-cache', '--no-watch']);
    spawned.push(s);
    return s;
  };

  for (const [width, depth] of [
    [40, 4],
    [20, 6],
  ] as const) {
    it(`${width} includes × ${depth} levels: get_agent_prompt answers at once, the prompt stops at 2 MB, unresolved names the chain`, async () => {
      const s = start(fanCatalog(width, depth));
      await s.initialize();
      const started = Date.now();
      const r = await s.callTool('get_agent_prompt', { name: 'fan' }, 30_000);
      const ms = Date.now() - started;
      expect(r.isError, JSON.stringify(r).slice(0, 300)).not.toBe(true);
      const sc = r.structuredContent as { prompt: string; unresolved: Array<{ name: string; reason: string }>; includes: string[] };
      // The limit, plus the rest of the fragments being inlined when it was reached (reference lines here).
      expect(sc.prompt.length).toBeLessThanOrEqual(MAX_PROMPT_CHARS + 64 * 1024);
      expect(sc.prompt.length).toBeGreaterThan(MAX_PROMPT_CHARS / 2);
      const limit = sc.unresolved.find((u) => /character limit/.test(u.reason));
      expect(limit, JSON.stringify(sc.unresolved).slice(0, 500)).toBeDefined();
      expect(limit?.reason).toMatch(/include chain: f0\.md → f1\.md/);
      expect(sc.includes).toEqual(expect.arrayContaining(['f0.md', 'f1.md']));
      // Hang guards: this took 32 s (40 × 4) or forever (20 × 6) before.
      expect(ms).toBeLessThan(15_000);
      expect(s.peakRssMb() ?? 0).toBeLessThan(500);
      // The server still answers.
      const list = await s.callTool('list_agents', {});
      expect(list.isError).not.toBe(true);
      expect((await s.close()).code).toBe(0);
    }, 60_000);
  }

  it('SIGTERM while fanning-out compiles run ends the server, exit 0', async () => {
    const s = start(fanCatalog(20, 6));
    await s.initialize();
    await s.callTool('list_agents', {});
    // The CPU one compile takes on this machine (in clock ticks), so "compiles are running" below holds
    // on a fast machine and a slow one alike.
    const t0 = cpuTicks(s.pid);
    await s.callTool('get_agent_prompt', { name: 'fan' }, 30_000);
    const perCompile = Math.max(1, cpuTicks(s.pid) - t0);
    // Ten compiles queued; signal once one compile's worth of CPU has gone into them: nine are still to run.
    const QUEUED = 10;
    const ids = Array.from({ length: QUEUED }, (_, i) => `fan-${i}`);
    const before = cpuTicks(s.pid);
    await s.write(ids.map((id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_agent_prompt', arguments: { name: 'fan' } } })).join('\n') + '\n');
    await eventually(() => cpuTicks(s.pid) - before, (ticks) => ticks >= perCompile, { timeoutMs: 20_000, stepMs: 5, what: `${perCompile} ticks of server CPU on the queued compiles` });
    const at = Date.now();
    s.child.kill('SIGTERM');
    const cancel = hangGuard(20_000, () => s.child.kill('SIGKILL'));
    const exit = await s.exit;
    cancel();
    expect(exit, s.stderr().slice(-1000)).toMatchObject({ code: 0, signal: null });
    // The signal came while compiles were still to run (not after the work was done).
    expect(ids.filter((id) => s.responses.has(JSON.stringify(id))).length).toBeLessThan(QUEUED);
    // Hang guard: a compile that never gave the event loop a turn kept the signal waiting (forever at 20 × 6).
    expect(exit.at - at).toBeLessThan(15_000);
  }, 30_000);
});
