/**
 * Unusable folder arguments: a folder on a file system that refuses new folders (procfs), a file where a
 * folder should be, a folder that cannot be written. Each ends promptly with exit code 1 or 2 and one line
 * that names the folder and what to do, never a hang, a busy loop or a stack trace.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { resultText, runCli, spawnRaw, writeTree, type CliRun } from './helpers.js';

/** Well under the 20 s after which runCli kills a command. */
const BOUND_MS = 10_000;
const HAVE_PROC = fs.existsSync('/proc/self');

function expectClearFailure(run: CliRun, folder: string, label: string): void {
  expect(run.timedOut, `${label}: still running after ${BOUND_MS} ms`).toBe(false);
  expect([1, 2], `${label}: exit code; stderr: ${run.err}`).toContain(run.code);
  const lines = run.err.trim().split('\n');
  expect(lines, `${label}: one line on stderr`).toHaveLength(1);
  expect(lines[0], label).toContain(folder);
  expect(run.err, label).not.toMatch(/^\s+at /m);
  expect(run.err, label).not.toMatch(/INTERNAL/);
}

describe('unusable folder arguments', () => {
  const agents = tempDir('acm-folders-agents-');
  writeTree(agents, { 'one.md': agentFile('one', 'an agent') });
  const base = ['--agents', agents, '--no-user', '--no-bundled'];
  const run = (args: string[]): Promise<CliRun> => runCli([...base, ...args], { timeoutMs: BOUND_MS });

  it.runIf(HAVE_PROC)('journal folders on procfs (no new folders possible): journal write fails at once, naming the folder', async () => {
    const cache = tempDir('acm-folders-cache-');
    for (const [flag, field] of [
      ['--journal', '--project-notes'],
      ['--user-journal', '--technical-insights'],
    ] as const) {
      const res = await run([flag, '/proc/nope/journal', '--cache-dir', cache, 'journal', 'write', field, 'an insight']);
      expectClearFailure(res, '/proc/nope/journal', `${flag} /proc/nope/journal`);
    }
  }, 60_000);

  it.runIf(HAVE_PROC)('--cache-dir on procfs: list and the server answer promptly and clearly', async () => {
    const res = await run(['--cache-dir', '/proc/x', 'list']);
    expectClearFailure(res, '/proc/x', 'list --cache-dir /proc/x');
    const search = await run(['--cache-dir', '/proc/x/y', '--journal', tempDir(), '--user-journal', tempDir(), 'journal', 'search', 'anything']);
    expectClearFailure(search, '/proc/x/y', 'journal search --cache-dir /proc/x/y');
  }, 60_000);

  it('a file given as a folder: one clear line, no stack trace', async () => {
    const file = `${tempDir('acm-folders-file-')}/plain-file`;
    fs.writeFileSync(file, 'not a folder\n');
    for (const args of [
      ['--journal', file, 'journal', 'write', '--project-notes', 'x'],
      ['--user-journal', file, 'journal', 'write', '--technical-insights', 'x'],
      ['--journal', `${file}/below`, 'journal', 'write', '--project-notes', 'x'],
      ['--cache-dir', file, 'list'],
      ['--shared-prompts', file, 'list'],
      ['--project', file, 'profile'],
    ]) {
      const res = await run(args);
      expectClearFailure(res, file, args.join(' '));
    }
    if (fs.existsSync('/etc/passwd')) expectClearFailure(await run(['--journal', '/etc/passwd', 'journal', 'write', '--project-notes', 'x']), '/etc/passwd', '--journal /etc/passwd');
  }, 60_000);

  it.runIf(HAVE_PROC)('the stdio server with a journal on procfs answers process_thoughts with a clear error, at once', async () => {
    const s = spawnRaw([...base, '--journal', '/proc/nope/j', '--user-journal', '/proc/nope/u', '--cache-dir', tempDir()]);
    try {
      await s.initialize();
      const res = await s.callTool('process_thoughts', { project_notes: 'x', technical_insights: 'y' }, BOUND_MS);
      expect(res.isError).toBe(true);
      expect(resultText(res)).toMatch(/\/proc\/nope\/j/);
      expect(resultText(res)).not.toMatch(/INTERNAL/);
      const list = await s.callTool('list_agents', {}, BOUND_MS);
      expect(list.isError).toBeFalsy();
      expect((await s.close()).code).toBe(0);
    } finally {
      if (!s.exited()) s.child.kill('SIGKILL');
    }
  }, 60_000);
});
