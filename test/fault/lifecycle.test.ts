/**
 * Lifecycle: closing stdin, SIGTERM and SIGINT each end the server with exit code 0 in every state it can
 * be in (idle with a watcher, calls in flight, a reload pending, still loading), and without the
 * forced-exit fallback (no orphaned watcher or timer keeps it alive). A client that goes away without
 * reading its answers (EPIPE on stdout) ends the server cleanly too. The same for --http.
 *
 * "Within a second" is the stdio server's own rule (serve-stdio's forced exit after 800 ms, which logs
 * "forced exit"): that log line is what these tests check, not the clock. The time to exit is bounded
 * only by a hang guard.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { BIN } from '../helpers/stdio.js';
import { eventually, hangGuard } from '../helpers/poll.js';
import { catalogWatching, spawnRaw, writeTree, type ExitInfo, type RawServer } from './helpers.js';

/**
 * Hang guard on the time from the ending to the exit. Stdio servers exit by themselves within 800 ms
 * (and say so when forced); the HTTP server's own fallback comes only after 12 s (a 10 s drain + 2 s), so
 * this bound also tells its clean exit from that fallback.
 */
const EXIT_BOUND_MS = 6_000;

type Ending = 'stdin' | 'SIGTERM' | 'SIGINT';

function watchedCatalog(): string {
  const dir = tempDir('acm-life-agents-');
  writeTree(dir, {
    'one.md': agentFile('one', 'the first agent'),
    'nested/two.md': agentFile('two', 'the second agent'),
  });
  return dir;
}

async function end(s: RawServer, how: Ending): Promise<{ exit: ExitInfo; ms: number }> {
  const at = Date.now();
  if (how === 'stdin') s.child.stdin.end();
  else s.child.kill(how);
  const cancel = hangGuard(EXIT_BOUND_MS + 5_000, () => s.child.kill('SIGKILL'));
  const exit = await s.exit;
  cancel();
  return { exit, ms: exit.at - at };
}

function expectCleanExit(s: RawServer, result: { exit: ExitInfo; ms: number }, label: string, check: typeof expect | typeof expect.soft = expect): void {
  check(result.exit, `${label}\n${s.stderr().slice(-1500)}`).toMatchObject({ code: 0, signal: null });
  check(result.ms, `${label}\n${s.stderr().slice(-1500)}`).toBeLessThan(EXIT_BOUND_MS);
  // The fallback timer in serve-stdio logs "forced exit" when something still held the process open.
  check(s.stderr(), label).not.toMatch(/forced exit/i);
  check(s.stderr(), label).not.toMatch(/Error:|EPIPE|Unhandled/);
}

describe('lifecycle of the stdio server', () => {
  const spawned: RawServer[] = [];
  afterEach(() => {
    for (const s of spawned.splice(0)) if (!s.exited()) s.child.kill('SIGKILL');
  });
  const start = (args: string[]): RawServer => {
    const s = spawnRaw(args);
    spawned.push(s);
    return s;
  };
  const timings: string[] = [];

  for (const how of ['stdin', 'SIGTERM', 'SIGINT'] as const) {
    it(`${how}: exits 0 without a forced exit — idle with a watcher, with 200 calls in flight, and with a reload pending`, async () => {
      // Idle, watching a folder (the watcher has reported a file, so it is in place).
      const dir = watchedCatalog();
      const idle = start(['--agents', dir, '--no-user', '--no-bundled']);
      await idle.initialize();
      await catalogWatching(idle, dir);
      const r1 = await end(idle, how);
      expectCleanExit(idle, r1, `${how} idle`, expect.soft);

      // 200 calls in flight.
      const busy = start(['--agents', watchedCatalog(), '--no-user']);
      await busy.initialize();
      const lines = Array.from({ length: 200 }, (_, i) =>
        JSON.stringify({ jsonrpc: '2.0', id: `busy-${i}`, method: 'tools/call', params: i % 2 ? { name: 'list_agents', arguments: {} } : { name: 'get_agent_prompt', arguments: { name: 'python-pro' } } }),
      );
      await busy.write(lines.join('\n') + '\n');
      const r2 = await end(busy, how);
      expectCleanExit(busy, r2, `${how} with calls in flight`, expect.soft);

      // A file just changed: the watcher's debounce timer and a reload are pending.
      const dir3 = watchedCatalog();
      const reloading = start(['--agents', dir3, '--no-user', '--no-bundled']);
      await reloading.initialize();
      await catalogWatching(reloading, dir3);
      // End at once, while the watcher is still taking in the burst (its events and the reload they
      // start are pending).
      for (let i = 0; i < 30; i++) writeTree(dir3, { [`burst-${i}.md`]: agentFile(`burst-${i}`, 'written just before the end') });
      fs.writeFileSync(path.join(dir3, 'one.md'), agentFile('one', 'edited'));
      const r3 = await end(reloading, how);
      expectCleanExit(reloading, r3, `${how} with a reload pending`, expect.soft);
      timings.push(`${how}: idle ${r1.ms} ms, in flight ${r2.ms} ms, reload pending ${r3.ms} ms`);
      console.log(`[fault] lifecycle ${timings[timings.length - 1]}`);
    }, 30_000);
  }

  it('stdin closed, SIGTERM and SIGINT while the catalog is still loading (10,000 agents, no cache): exits 0 without a forced exit', async () => {
    const dir = tempDir('acm-life-big-');
    const filler = 'Work carefully and report what you did. '.repeat(60);
    writeTree(dir, Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`group-${i % 50}/agent-${i}.md`, agentFile(`agent-${i}`, `Agent ${i} of a big catalog.`, `${filler}\n`)])));
    const args = ['--agents', dir, '--no-user', '--no-bundled', '--no-cache'];
    const rows: string[] = [];
    for (const how of ['stdin', 'SIGTERM', 'SIGINT'] as const) {
      const s = start(args);
      // Wait until the server answers (it does before the catalog is loaded): the handlers are in place,
      // and the time measured is the server's, not Node's start-up.
      await s.request('ping', undefined, 10_000);
      const r = await end(s, how);
      // Soft: report all three endings.
      expectCleanExit(s, r, `${how} while loading`, expect.soft);
      rows.push(`${how} ${r.ms} ms`);
    }
    console.log(`[fault] lifecycle while loading 10,000 agents: ${rows.join(', ')}`);
  }, 30_000);

  it('stdin closed while the agent vectors are being built (3,000 agents, no cache): exits 0 without a forced exit', async () => {
    const dir = tempDir('acm-life-vectors-');
    writeTree(dir, Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`group-${i % 30}/agent-${i}.md`, agentFile(`agent-${i}`, `Tunes service number ${i}: its queries, caches and queues.`, `## Responsibilities\n- Profile service ${i}\n- Fix slow query ${i}\n- Review cache ${i}\n`)])));
    const s = start(['--agents', dir, '--no-user', '--no-bundled', '--no-cache']);
    await s.initialize();
    // Answered by words while the vectors are still being computed: the build is in flight.
    const r = (await s.callTool('match_agents', { task: 'a slow query in service 42' })) as { structuredContent?: { mode?: string; modeNote?: string } };
    expect(r.structuredContent?.mode).toBe('lexical');
    expect(r.structuredContent?.modeNote).toMatch(/still being computed|loading/);
    expectCleanExit(s, await end(s, 'stdin'), 'stdin during the vector build');
  }, 60_000);

  it('a client that closes the server\'s stderr does not crash it (log writes fail quietly)', async () => {
    const s = start(['--agents', watchedCatalog(), '--no-user', '--log-level', 'debug']);
    await s.initialize();
    s.child.stderr.destroy();
    // Each answer comes after the debug log lines of its call were written to the closed stderr.
    for (let i = 0; i < 20; i++) await s.callTool('list_agents', {});
    // A reload logs too.
    expect(s.exited()).toBe(false);
    const r = await end(s, 'stdin');
    expect(r.exit).toMatchObject({ code: 0, signal: null });
    expect(r.ms).toBeLessThan(EXIT_BOUND_MS);
  }, 20_000);

  it('a client that goes away without reading (EPIPE on stdout) ends the server cleanly, exit 0', async () => {
    const s = start(['--agents', watchedCatalog(), '--no-user', '--log-level', 'info']);
    await s.initialize();
    await s.callTool('list_agents', {});
    // The client stops reading and closes its end of the server's stdout, then keeps asking: the
    // server's first answer fails with EPIPE, and it ends the session by itself.
    s.child.stdout.destroy();
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ jsonrpc: '2.0', id: `gone-${i}`, method: 'tools/call', params: { name: 'list_agents', arguments: {} } }));
    await s.write(lines.join('\n') + '\n').catch(() => undefined);
    const cancel = hangGuard(EXIT_BOUND_MS + 5_000, () => s.child.kill('SIGKILL'));
    const info = await s.exit;
    cancel();
    expect(info, s.stderr().slice(-1500)).toMatchObject({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/the client is gone; closing/);
    expect(s.stderr()).not.toMatch(/forced exit/i);
    expect(s.stderr()).not.toMatch(/Unhandled 'error' event|at .*stdio\.js/);
  }, 20_000);
});

describe('lifecycle of the --http server', () => {
  const httpAvailable = fs.readFileSync(path.join(path.dirname(BIN), 'cli', 'main.js'), 'utf8').includes('serveHttp');

  for (const how of ['SIGTERM', 'SIGINT'] as const) {
    it.skipIf(!httpAvailable)(`${how}: exits 0 without its fallback exit, watcher included`, async () => {
      const dir = watchedCatalog();
      const child = spawn(process.execPath, [BIN, '--http', '--port', '0', '--agents', dir, '--no-user', '--no-bundled'], {
        cwd: tempDir(),
        env: { PATH: process.env.PATH ?? '', HOME: tempDir() },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
      try {
        const listening = await eventually(() => stderr, (e) => /listening on (http:\/\/\S+)/.test(e) || child.exitCode !== null, { timeoutMs: 20_000, what: 'the "listening on" line' });
        const url = /listening on (http:\/\/\S+)/.exec(listening)?.[1];
        expect(url, stderr).toBeDefined();
        // Touch a file so the watcher is busy too (its events are pending at the signal).
        writeTree(dir, { 'late.md': agentFile('late', 'added while serving') });
        const at = Date.now();
        child.kill(how);
        const info = await exit;
        expect(info, stderr).toMatchObject({ code: 0, signal: null });
        expect(info.at - at).toBeLessThan(EXIT_BOUND_MS);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }, 20_000);
  }
});
