/**
 * The one way a test waits: poll for the condition it needs. No test sleeps for a fixed time and then
 * asserts (lint forbids it, see eslint.config.js): on a loaded machine a fixed sleep is too short, and on
 * an idle one it is time wasted.
 */

export interface PollOptions {
  /** Give up after this long (a hang guard, so generous: the machine may be shared and slow). */
  timeoutMs?: number;
  /** Time between two checks. */
  stepMs?: number;
  /** What is awaited, for the failure message ("the new agent in list_agents"). */
  what?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STEP_MS = 50;

function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 600 ? `${text.slice(0, 300)} … ${text.slice(-300)}` : text;
}

/**
 * Call `fn` until `until(value)` holds and return that value; throws, naming `what` and showing the last
 * value, when `timeoutMs` passes first. `fn` runs at least once, and once more after the time is up if
 * its last run started before, so a slow `fn` is not cut short.
 */
export async function eventually<T>(fn: () => T | Promise<T>, until: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (until(value)) return value;
    if (Date.now() >= end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}; last value: ${preview(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(stepMs, Math.max(0, end - Date.now()))));
  }
}

/**
 * Run `onExpire` (kill a child, reject a wait) if `ms` pass before the returned cancel function is called:
 * the bound on a wait for an event, so a broken server fails the test instead of hanging it. Keep it
 * generous; it is not a speed check.
 */
export function hangGuard(ms: number, onExpire: () => void): () => void {
  const timer = setTimeout(onExpire, ms);
  return () => clearTimeout(timer);
}
