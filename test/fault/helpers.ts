/**
 * Fault-suite helpers: the built CLI spawned as a raw JSON-RPC peer (no SDK client in between), so a test
 * can write arbitrary bytes to its stdin, see every byte of its stdout, and watch how and when it exits.
 */
import { prng } from '../../dev/bench/rows.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/stdio.js';
import { tempDir } from '../helpers/env.js';
import { eventually, hangGuard } from '../helpers/poll.js';

export type JsonRpcId = string | number;

export interface JsonRpcMessage {
  jsonrpc?: unknown;
  id?: JsonRpcId;
  method?: string;
  params?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content?: Array<{ type: string; text?: string }>;
}

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  /** Every byte written to stdout so far. */
  stdoutBytes(): Buffer;
  stderr(): string;
  /** Every response received, keyed by JSON.stringify(id) (a list, to catch double answers). */
  responses: Map<string, JsonRpcMessage[]>;
  /** Lines on stdout that are not JSON, or not JSON-RPC 2.0 (should stay empty). */
  badLines: string[];
  notifications: JsonRpcMessage[];
  /** Write raw bytes, honouring back-pressure; rejects if the server stops reading for `timeoutMs`. */
  write(data: string | Buffer, timeoutMs?: number): Promise<void>;
  send(message: unknown): Promise<void>;
  /** Send a request with a fresh id and wait for its response. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<JsonRpcMessage>;
  callTool(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<ToolResult>;
  /** Resolves with the response to `id` (already received or still to come). */
  waitFor(id: JsonRpcId, timeoutMs?: number): Promise<JsonRpcMessage>;
  initialize(): Promise<JsonRpcMessage>;
  exit: Promise<ExitInfo>;
  exited(): boolean;
  /** Peak resident set size of the server so far, in MB (Linux /proc; undefined elsewhere or after exit). */
  peakRssMb(): number | undefined;
  /** End stdin, wait for exit (killing after `graceMs`), return how it ended. */
  close(graceMs?: number): Promise<ExitInfo>;
}

export interface SpawnOptions {
  cwd?: string;
  home?: string;
  env?: Record<string, string>;
  /** Run as this user and group (a root test runner dropping privileges, so permissions apply). */
  uid?: number;
  gid?: number;
  /** Largest file the server may write, in KiB (RLIMIT_FSIZE, set by a shell before exec): a full disk, in effect. */
  fileSizeLimitKb?: number;
}

/** The command that runs the built CLI with `args`, under a file size limit when asked. */
export function cliCommand(args: readonly string[], fileSizeLimitKb?: number): [string, string[]] {
  if (fileSizeLimitKb === undefined) return [process.execPath, [BIN, ...args]];
  // `ulimit -f` counts 512-byte blocks in POSIX sh; Node ignores SIGXFSZ, so a write past the limit fails with EFBIG.
  return ['/bin/sh', ['-c', `ulimit -f ${fileSizeLimitKb * 2} && exec "$0" "$@"`, process.execPath, BIN, ...args]];
}

export function spawnRaw(args: string[], options: SpawnOptions = {}): RawServer {
  const [command, argv] = cliCommand(args, options.fileSizeLimitKb);
  const child = spawn(command, argv, {
    cwd: options.cwd ?? tempDir('acm-fault-cwd-'),
    env: { PATH: process.env.PATH ?? '', HOME: options.home ?? tempDir('acm-fault-home-'), ...options.env },
    stdio: 'pipe',
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  const chunks: Buffer[] = [];
  let pending = Buffer.alloc(0);
  let stderr = '';
  const responses = new Map<string, JsonRpcMessage[]>();
  const waiters = new Map<string, Array<(m: JsonRpcMessage) => void>>();
  const notifications: JsonRpcMessage[] = [];
  const badLines: string[] = [];

  const onLine = (line: Buffer): void => {
    const text = line.toString('utf8');
    let msg: JsonRpcMessage;
    try {
      msg = JSON.parse(text) as JsonRpcMessage;
    } catch {
      badLines.push(text.slice(0, 300));
      return;
    }
    if (msg === null || typeof msg !== 'object' || msg.jsonrpc !== '2.0') {
      badLines.push(text.slice(0, 300));
      return;
    }
    if (msg.method === undefined && ('result' in msg || 'error' in msg || 'id' in msg)) {
      const key = msg.id === undefined ? 'undefined' : JSON.stringify(msg.id);
      const list = responses.get(key) ?? [];
      list.push(msg);
      responses.set(key, list);
      for (const w of waiters.get(key) ?? []) w(msg);
      waiters.delete(key);
    } else {
      notifications.push(msg);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    let buf = pending.length > 0 ? Buffer.concat([pending, d]) : d;
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) >= 0) {
      onLine(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    pending = Buffer.from(buf);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 2_000_000) stderr = stderr.slice(-1_000_000);
  });
  // A server that dies mid-write must fail the test through its assertions, not crash the runner with EPIPE.
  child.stdin.on('error', () => undefined);

  let exitInfo: ExitInfo | undefined;
  const exit = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal, at: Date.now() };
      resolve(exitInfo);
    });
  });

  const write = (data: string | Buffer, timeoutMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (exitInfo || child.stdin.destroyed || child.stdin.writableEnded) {
        reject(new Error(`server stdin is closed (exit: ${JSON.stringify(exitInfo)})\n${stderr.slice(-2000)}`));
        return;
      }
      if (child.stdin.write(data)) {
        resolve();
        return;
      }
      // A server that stopped reading its stdin shows up as a write that never drains.
      const cancel = hangGuard(timeoutMs, () => reject(new Error(`server stopped reading stdin: a write did not drain within ${timeoutMs} ms\n${stderr.slice(-2000)}`)));
      child.stdin.once('drain', () => {
        cancel();
        resolve();
      });
    });

  const waitFor = (id: JsonRpcId, timeoutMs = 15_000): Promise<JsonRpcMessage> => {
    const key = JSON.stringify(id);
    const have = responses.get(key)?.[0];
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const cancel = hangGuard(timeoutMs, () => {
        reject(new Error(`no response to id ${key.slice(0, 80)} within ${timeoutMs} ms (exited: ${JSON.stringify(exitInfo)})\nstderr tail:\n${stderr.slice(-2000)}`));
      });
      const list = waiters.get(key) ?? [];
      list.push((m) => {
        cancel();
        resolve(m);
      });
      waiters.set(key, list);
    });
  };

  let nextId = 0;
  const request = async (method: string, params?: unknown, timeoutMs?: number): Promise<JsonRpcMessage> => {
    const id = `req-${++nextId}`;
    const answer = waitFor(id, timeoutMs);
    await write(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }) + '\n');
    return answer;
  };

  const server: RawServer = {
    child,
    pid: child.pid ?? -1,
    stdoutBytes: () => Buffer.concat(chunks),
    stderr: () => stderr,
    responses,
    badLines,
    notifications,
    write,
    send: (message) => write(JSON.stringify(message) + '\n'),
    request,
    callTool: async (name, args = {}, timeoutMs) => {
      const res = await request('tools/call', { name, arguments: args }, timeoutMs);
      if (res.error) throw new Error(`tools/call ${name} failed: ${JSON.stringify(res.error).slice(0, 500)}`);
      return res.result as ToolResult;
    },
    waitFor,
    initialize: async () => {
      const res = await request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'fault-suite', version: '1.0.0' },
      });
      await write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
      return res;
    },
    exit,
    exited: () => exitInfo !== undefined,
    peakRssMb: () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
        return m ? Number(m[1]) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    close: async (graceMs = 3000) => {
      if (!exitInfo) child.stdin.end();
      const cancel = hangGuard(graceMs, () => {
        if (!exitInfo) child.kill('SIGKILL');
      });
      const info = await exit;
      cancel();
      return info;
    },
  };
  return server;
}

/** Throws unless every byte on stdout is newline-terminated JSON-RPC 2.0, one message per line. */
export function assertCleanStdout(bytes: Buffer): number {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (text.length > 0 && !text.endsWith('\n')) throw new Error(`stdout does not end with a newline: …${JSON.stringify(text.slice(-200))}`);
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 300))}`);
    }
    if (msg === null || typeof msg !== 'object' || (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      throw new Error(`stdout line ${i + 1} is not JSON-RPC 2.0: ${line.slice(0, 300)}`);
    }
  });
  return lines.length;
}

/** Deterministic PRNG, so a failing run can be replayed. */
export const rng = prng;

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

export function listNames(result: ToolResult): string[] {
  return ((result.structuredContent?.agents ?? []) as Array<{ name: string }>).map((a) => a.name);
}

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
  /** True when the command did not end by itself within the time allowed (it was killed). */
  timedOut: boolean;
}

/** Run the built CLI once; killed (and reported as timed out) after `timeoutMs`. */
export function runCli(args: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<CliRun> {
  const start = Date.now();
  const [command, argv] = cliCommand(args, options.fileSizeLimitKb);
  return new Promise((resolve) => {
    const child = spawn(command, argv, {
      cwd: options.cwd ?? tempDir('acm-fault-cwd-'),
      env: { PATH: process.env.PATH ?? '', HOME: options.home ?? tempDir('acm-fault-home-'), ...options.env },
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const cancel = hangGuard(options.timeoutMs ?? 20_000, () => {
      timedOut = true;
      child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      cancel();
      resolve({ code, signal, out, err, ms: Date.now() - start, timedOut });
    });
  });
}

/** The structured content of a tool result, typed loosely for assertions. */
export function structured<T = Record<string, unknown>>(result: ToolResult): T {
  return (result.structuredContent ?? {}) as T;
}

/** All the text of a tool result. */
export function resultText(result: ToolResult): string {
  return (result.content ?? []).map((c) => c.text ?? '').join('\n');
}

/**
 * Wait until the server's catalog watcher is live on `dir`: a probe agent written there shows up in
 * list_agents. A file written before the watcher is ready is taken as already there and never reported,
 * so each try writes a fresh probe. With `remove`, the probes are then deleted and their going awaited,
 * so the catalog is back to what it was.
 */
export async function catalogWatching(s: RawServer, dir: string, options: { remove?: boolean } = {}): Promise<void> {
  const probes: string[] = [];
  const isProbe = (name: string): boolean => name.startsWith('watch-probe-');
  await eventually(
    async () => {
      const name = `watch-probe-${probes.length}`;
      probes.push(path.join(dir, `${name}.md`));
      fs.writeFileSync(path.join(dir, `${name}.md`), `---\nname: ${name}\ndescription: a probe showing the watcher is live\n---\n\nProbe.\n`);
      return listNames(await s.callTool('list_agents', { limit: 1000 }));
    },
    (names) => names.some(isProbe),
    { timeoutMs: 20_000, stepMs: 100, what: `the catalog watcher on ${dir} to report a new file` },
  );
  if (!options.remove) return;
  for (const p of probes) fs.rmSync(p, { force: true });
  await eventually(
    async () => listNames(await s.callTool('list_agents', { limit: 1000 })),
    (names) => !names.some(isProbe),
    { timeoutMs: 20_000, what: `the probe agents in ${dir} to be gone from list_agents` },
  );
}
