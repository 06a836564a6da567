/**
 * Running a runner CLI: spawned without a shell (an argv array), in its own process group so that a
 * timeout, a cancelled request or the server closing ends the whole tree; stdout kept up to a cap (the rest
 * read and dropped, so the child never blocks), the end of stderr kept for the error report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CatalogError } from '../shared/errors.js';

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Written to the child's stdin, which is then closed ('' closes it at once). */
  stdin: string;
}

export interface ProcessLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
  /** After SIGTERM, how long before SIGKILL (default 2 s). */
  killGraceMs?: number;
}

export type ProcessEnd = 'exited' | 'timeout' | 'cancelled' | 'spawn-failed';

export interface ProcessOutcome {
  end: ProcessEnd;
  exitCode: number | null;
  signal: string | null;
  /** Standard output as UTF-8, at most maxOutputBytes of it. */
  stdout: string;
  /** Bytes the child wrote to stdout in all. */
  outputBytes: number;
  truncated: boolean;
  /** The last few KB of standard error. */
  stderrTail: string;
  durationMs: number;
  pid?: number;
  /** Why the process could not start (ENOENT: not found, EACCES: not executable, …). */
  spawnError?: { code: string; message: string };
}

const STDERR_TAIL_BYTES = 4096;
const DEFAULT_KILL_GRACE_MS = 2000;
const POSIX = process.platform !== 'win32';

/** Signal the child's whole process group (POSIX), or the child alone; a group already gone is fine. */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (POSIX) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** Keeps the last `max` bytes written to it. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    if (this.size > 2 * this.max) {
      const all = Buffer.concat(this.chunks).subarray(-this.max);
      this.chunks = [all];
      this.size = all.length;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).subarray(-this.max).toString('utf8').replace(/^\uFFFD+/, '');
  }
}

/** The runner processes of one server context: bounded in number, all ended by close(). */
export class RunnerPool {
  private readonly active = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly maxConcurrent: number) {}

  get running(): number {
    return this.active.size;
  }

  run(spec: ProcessSpec, limits: ProcessLimits): Promise<ProcessOutcome> {
    if (this.closed) return Promise.reject(new CatalogError('CLOSED', 'The server is shutting down.'));
    if (this.active.size >= this.maxConcurrent) {
      return Promise.reject(new CatalogError('RUNNER_BUSY', `${this.active.size} delegations are already running (the limit): wait for one to finish, then call again.`));
    }
    return new Promise((resolve) => {
      const started = performance.now();
      const grace = limits.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
      const chunks: Buffer[] = [];
      const stderr = new Tail(STDERR_TAIL_BYTES);
      let kept = 0;
      let total = 0;
      let end: ProcessEnd = 'exited';
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const later = (ms: number, fn: () => void): void => {
        const t = setTimeout(fn, ms);
        t.unref();
        timers.push(t);
      };

      let child: ChildProcess;
      try {
        child = spawn(spec.command, [...spec.args], {
          cwd: spec.cwd,
          stdio: ['pipe', 'pipe', 'pipe'],
          // Its own process group, so the whole tree can be signalled at once.
          detached: POSIX,
          windowsHide: true,
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        resolve({ end: 'spawn-failed', exitCode: null, signal: null, stdout: '', outputBytes: 0, truncated: false, stderrTail: '', durationMs: 0, spawnError: { code: e.code ?? 'SPAWN_FAILED', message: e.message } });
        return;
      }
      this.active.add(child);

      const finish = (outcome: Omit<ProcessOutcome, 'stdout' | 'outputBytes' | 'truncated' | 'stderrTail' | 'durationMs'>): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        limits.signal.removeEventListener('abort', onAbort);
        this.active.delete(child);
        // A multi-byte character cut by the cap is dropped rather than shown as garbage.
        const stdout = new TextDecoder('utf-8').decode(Buffer.concat(chunks), { stream: true });
        resolve({ ...outcome, stdout, outputBytes: total, truncated: total > kept, stderrTail: stderr.text(), durationMs: Math.round(performance.now() - started) });
      };

      const stop = (why: ProcessEnd): void => {
        if (settled || end !== 'exited') return;
        end = why;
        signalTree(child, 'SIGTERM');
        later(grace, () => signalTree(child, 'SIGKILL'));
        // Whatever holds the pipes open, the call ends soon after SIGKILL.
        later(2 * grace + 1000, () => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish({ end, exitCode: child.exitCode, signal: child.signalCode, ...(child.pid !== undefined ? { pid: child.pid } : {}) });
        });
      };
      const onAbort = (): void => stop('cancelled');

      child.stdout?.on('data', (b: Buffer) => {
        total += b.length;
        if (kept < limits.maxOutputBytes) {
          const take = b.subarray(0, limits.maxOutputBytes - kept);
          chunks.push(take);
          kept += take.length;
        }
      });
      child.stderr?.on('data', (b: Buffer) => stderr.push(b));
      // A child that never reads stdin closes the pipe under us: not an error.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(spec.stdin);

      child.on('error', (err: NodeJS.ErrnoException) => {
        if (child.pid !== undefined) return;
        finish({ end: 'spawn-failed', exitCode: null, signal: null, spawnError: { code: err.code ?? 'SPAWN_FAILED', message: err.message } });
      });
      child.on('exit', () => {
        // Anything the runner left behind in its group goes with it (and releases the pipes it holds).
        signalTree(child, 'SIGTERM');
        later(grace, () => signalTree(child, 'SIGKILL'));
      });
      child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
        finish({ end, exitCode: code, signal, ...(child.pid !== undefined ? { pid: child.pid } : {}) });
      });

      later(limits.timeoutMs, () => stop('timeout'));
      limits.signal.addEventListener('abort', onAbort, { once: true });
      if (limits.signal.aborted) onAbort();
    });
  }

  /** End every running process (server shutdown). */
  close(): void {
    this.closed = true;
    for (const child of this.active) signalTree(child, 'SIGKILL');
  }
}
