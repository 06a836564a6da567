/**
 * delegate through a runner CLI (the stub runner in test/fixtures), driven by an SDK client over the real
 * protocol: argv without a shell, prompt file, stdin, non-zero exit, timeout, output cap, cancellation,
 * missing binary, progress notifications.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FlagValues } from '../../src/app/config.js';
import { closeContext } from '../../src/app/context.js';
import { agentFile, tempDir, testConfig, textOf, writeFiles } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { alive, connectClient, stubCommand, type Session } from './helpers.js';

interface Echo {
  argv: string[];
  stdin: string;
  cwd: string;
  promptFile?: { path: string; mode: number; content: string };
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

function agentsDir(): string {
  const dir = tempDir('acm-deleg-agents-');
  writeFiles(dir, {
    'deep.md': agentFile('deep-thinker', 'Solves hard algorithm problems step by step', 'You are deep.\nThink before you answer.\n', 'model: opus\n'),
    'plain.md': agentFile('plain-helper', 'Writes release notes', 'You write release notes.\n'),
  });
  return dir;
}

async function open(flags: FlagValues, tweak: (c: ReturnType<typeof testConfig>) => void = () => undefined): Promise<Session & { project: string }> {
  const config = testConfig({ agents: [agentsDir()], noUser: true, noBundled: true, ...flags });
  tweak(config);
  const session = await connectClient(config, new Client({ name: 'runner-test', version: '1.0.0' }));
  sessions.push(session);
  return Object.assign(session, { project: config.projectDir });
}

const call = (s: Session, args: Record<string, unknown>, options?: Parameters<Client['callTool']>[2]): Promise<CallToolResult> =>
  s.client.callTool({ name: 'delegate', arguments: args }, undefined, options) as Promise<CallToolResult>;

const structured = (r: CallToolResult): Record<string, unknown> => r.structuredContent as Record<string, unknown>;

describe('delegate via a runner command', () => {
  it('passes the task verbatim as one argv word (no shell), the prompt in a 0600 file removed afterwards, cwd = project', async () => {
    const s = await open({ runnerCommand: stubCommand('echo', '--prompt-file {prompt_file} --task {task} --model={model}') });
    const marker = path.join(os.tmpdir(), `acm-delegate-marker-${randomBytes(6).toString('hex')}`);
    const task = `sort this; rm -rf "$HOME" && echo $(touch ${marker}) \`touch ${marker}\` | cat > ${marker} 'q' "qq" {prompt_file} %PATH% \\n\nsecond line *`;
    const r = await call(s, { agent: 'deep-thinker', task });
    expect(r.isError).toBeFalsy();
    expect(structured(r)).toMatchObject({ agent: 'deep-thinker', method: 'runner', status: 'answered', runner: { name: 'custom', exitCode: 0, truncated: false } });
    expect((structured(r).skipped as string[])[0]).toContain('did not declare the sampling capability');
    const echo = JSON.parse(structured(r).answer as string) as Echo;
    expect(echo.argv).toEqual(['--prompt-file', echo.promptFile?.path, '--task', task, '--model=opus']);
    expect(fs.existsSync(marker)).toBe(false);
    const prompt = await s.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'deep-thinker' } });
    expect(echo.promptFile?.content).toBe((prompt.structuredContent as { prompt: string }).prompt);
    expect(echo.promptFile?.mode).toBe(0o600);
    expect(fs.existsSync(echo.promptFile?.path ?? '')).toBe(false);
    expect(fs.realpathSync(echo.cwd)).toBe(fs.realpathSync(s.project));
    expect(echo.stdin).toBe('');
    expect(textOf(r)).toContain('deep-thinker answered via runner (custom)');
  });

  it('sends what the template does not carry on stdin: the framed prompt and task, with the context', async () => {
    const s = await open({ runnerCommand: stubCommand('echo') });
    const r = await call(s, { agent: 'plain-helper', task: 'Write notes for 1.2', context: 'changes: fixed the $(parser)' });
    const echo = JSON.parse(structured(r).answer as string) as Echo;
    expect(echo.argv).toEqual([]);
    expect(echo.stdin).toContain('You write release notes.');
    expect(echo.stdin).toContain('# Task\n\nWrite notes for 1.2\n\n## Context\n\nchanges: fixed the $(parser)');
    expect(echo.stdin.indexOf('You write release notes.')).toBeLessThan(echo.stdin.indexOf('Write notes for 1.2'));
  });

  it('leaves out a {model} or {context} word that has no value, and sends the task alone on stdin with a prompt file', async () => {
    const s = await open({ runnerCommand: stubCommand('echo', '--prompt-file {prompt_file} --model={model} --context={context}') });
    const r = await call(s, { agent: 'plain-helper', task: 'Write notes' });
    const echo = JSON.parse(structured(r).answer as string) as Echo;
    expect(echo.argv).toEqual(['--prompt-file', echo.promptFile?.path]);
    expect(echo.stdin).toBe('Write notes');
  });

  it('reports a non-zero exit as isError with the exit code, the stderr tail and what to check', async () => {
    const s = await open({ runnerCommand: stubCommand('fail', '--exit 3') });
    const r = await call(s, { agent: 'plain-helper', task: 'anything' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ status: 'failed', method: 'runner', runner: { exitCode: 3 }, error: { code: 'RUNNER_FAILED' } });
    const text = textOf(r);
    expect(text).toContain('exited with code 3');
    expect(text).toContain('authentication failed');
    expect(text).toContain('signed in');
  });

  it('stops a runner that outlives --runner-timeout, whole process group included', async () => {
    const pidFile = path.join(tempDir('acm-deleg-pid-'), 'pid');
    const s = await open({ runnerCommand: stubCommand('hang', `--child --pid-file "${pidFile}"`), runnerTimeout: '1s' });
    const r = await call(s, { agent: 'plain-helper', task: 'never ends' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ status: 'failed', error: { code: 'RUNNER_TIMEOUT' } });
    expect(textOf(r)).toContain('--runner-timeout');
    const pids = fs.readFileSync(pidFile, 'utf8').split(' ').map(Number);
    expect(pids).toHaveLength(2);
    await eventually(() => pids.every((p) => !alive(p)), (ok) => ok, { timeoutMs: 10_000, what: 'the runner and its child to be gone' });
  });

  it('keeps 1 MB of a 50 MB output, says it was truncated, and answers other calls meanwhile', async () => {
    const dir = tempDir('acm-deleg-flood-');
    const marker = path.join(dir, 'written');
    const go = path.join(dir, 'go');
    const s = await open({ runnerCommand: stubCommand('flood', `--marker "${marker}" --go-file "${go}"`) });
    const pending = call(s, { agent: 'plain-helper', task: 'flood' });
    await eventually(() => fs.existsSync(marker), (ok) => ok, { timeoutMs: 30_000, what: 'the stub to write 50 MB' });
    // The runner is still running (waiting for the go file): the server answers another call meanwhile.
    const list = await s.client.callTool({ name: 'list_agents', arguments: {} });
    expect((list.structuredContent as { total: number }).total).toBe(2);
    fs.writeFileSync(go, '');
    const r = await pending;
    expect(r.isError).toBeFalsy();
    const runner = structured(r).runner as { truncated: boolean; outputBytes: number };
    expect(runner.truncated).toBe(true);
    expect(runner.outputBytes).toBe(50 * 1024 * 1024);
    const answer = structured(r).answer as string;
    expect(answer.length).toBeLessThan(1024 * 1024 + 200);
    expect(answer.length).toBeGreaterThan(1024 * 1024 - 10);
    expect(answer).toContain('[output truncated: 52428800 bytes written, the first 1048576 kept]');
  });

  it('kills the runner (and its child) when the request is cancelled', async () => {
    const pidFile = path.join(tempDir('acm-deleg-pid-'), 'pid');
    const s = await open({ runnerCommand: stubCommand('hang', `--child --pid-file "${pidFile}"`) });
    const controller = new AbortController();
    const pending = call(s, { agent: 'plain-helper', task: 'cancel me' }, { signal: controller.signal });
    await eventually(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').includes(' '), (ok) => ok, { timeoutMs: 10_000, what: 'the stub to start' });
    const pids = fs.readFileSync(pidFile, 'utf8').split(' ').map(Number);
    expect(pids.every(alive)).toBe(true);
    controller.abort('user cancelled');
    await expect(pending).rejects.toThrow();
    await eventually(() => pids.every((p) => !alive(p)), (ok) => ok, { timeoutMs: 10_000, what: 'the runner and its child to be gone' });
    await eventually(() => s.ctx.delegation.pool.running === 0, (ok) => ok, { timeoutMs: 10_000, what: 'the pool to be empty' });
  });

  it('kills running runners when the server context closes', async () => {
    const pidFile = path.join(tempDir('acm-deleg-pid-'), 'pid');
    const s = await open({ runnerCommand: stubCommand('hang', `--child --pid-file "${pidFile}"`) });
    const pending = call(s, { agent: 'plain-helper', task: 'outlive the server' }).catch((err: unknown) => err);
    await eventually(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').includes(' '), (ok) => ok, { timeoutMs: 10_000, what: 'the stub to start' });
    const pids = fs.readFileSync(pidFile, 'utf8').split(' ').map(Number);
    // The context alone (the request itself is still open): what a server does after its transports close.
    await closeContext(s.ctx);
    await eventually(() => pids.every((p) => !alive(p)), (ok) => ok, { timeoutMs: 10_000, what: 'the runner and its child to be gone' });
    expect(structured((await pending) as CallToolResult)).toMatchObject({ status: 'failed', method: 'runner' });
  });

  it('names a missing binary', async () => {
    const s = await open({ runnerCommand: 'acm-no-such-runner-3f9a --task {task}' });
    const r = await call(s, { agent: 'plain-helper', task: 'x' });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ error: { code: 'RUNNER_NOT_FOUND' } });
    expect(textOf(r)).toContain('"acm-no-such-runner-3f9a" was not found');
  });

  it('says to use stdin when the task is too long for one argument', async () => {
    const s = await open({ runnerCommand: stubCommand('echo', '--task {task}') });
    const r = await call(s, { agent: 'plain-helper', task: 'x'.repeat(150_000) });
    expect(r.isError).toBe(true);
    expect(structured(r)).toMatchObject({ error: { code: 'RUNNER_ARGS_TOO_LONG' } });
    expect(textOf(r)).toContain('so they go on stdin');
  });

  it('sends progress notifications while the runner works, when the client asked for them', async () => {
    const dir = tempDir('acm-deleg-wait-');
    const go = path.join(dir, 'go');
    const s = await open({ runnerCommand: stubCommand('wait', `--pid-file "${path.join(dir, 'pid')}" --go-file "${go}"`) }, (c) => (c.delegate.progressIntervalMs = 50));
    const progress: Array<{ progress: number; message?: string | undefined }> = [];
    const pending = call(s, { agent: 'plain-helper', task: 'wait' }, { onprogress: (p) => void progress.push(p) });
    await eventually(() => progress.length >= 2, (ok) => ok, { timeoutMs: 10_000, what: 'two progress notifications' });
    fs.writeFileSync(go, '');
    const r = await pending;
    expect(structured(r)).toMatchObject({ status: 'answered', answer: 'done waiting' });
    expect(progress[1]?.progress).toBeGreaterThan(progress[0]?.progress ?? Infinity);
    expect(progress[0]?.message).toContain('plain-helper via runner');
  });
});
