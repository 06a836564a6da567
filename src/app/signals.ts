/**
 * SIGTERM/SIGINT handling for the whole process, installed once, before any other work (src/bin.ts), and
 * never removed. Removing the last listener of a signal while that signal is pending drops it: a start-up
 * that swapped an "early exit" listener for the server's own lost signals sent in between (the server then
 * ran on until a second signal).
 *
 * Until a server hands over its graceful stop (`onStop`), a signal ends the process at once with the exit
 * code for that signal: 0 for servers (nothing to save yet), 130 (SIGINT) / 143 (SIGTERM) for CLI commands.
 * A handler runs when the event loop gets a turn, so long work yields now and then (catalog parsing,
 * routing index, compiles do).
 */
export type StopSignal = 'SIGTERM' | 'SIGINT';

export type SignalExitCodes = Record<StopSignal, number>;

/** Exit codes of a server stopped by a signal (documented: 0). */
export const SERVER_EXIT_CODES: SignalExitCodes = { SIGTERM: 0, SIGINT: 0 };
/** Exit codes of a CLI command interrupted by a signal (128 + the signal number, as shells report it). */
export const CLI_EXIT_CODES: SignalExitCodes = { SIGTERM: 143, SIGINT: 130 };

export class ProcessSignals {
  private stop: ((signal: StopSignal) => void) | undefined;
  private installed = false;

  constructor(private exitCodes: SignalExitCodes) {}

  /** Start listening (idempotent). */
  install(): this {
    if (this.installed) return this;
    this.installed = true;
    process.on('SIGTERM', () => this.received('SIGTERM'));
    process.on('SIGINT', () => this.received('SIGINT'));
    return this;
  }

  /** The exit codes used while no stop handler is set (the command is known once the arguments are read). */
  setExitCodes(codes: SignalExitCodes): void {
    this.exitCodes = codes;
  }

  /** From now on, signals call `stop` (which owns the shutdown and the exit) instead of exiting at once. */
  onStop(stop: (signal: StopSignal) => void): void {
    this.stop = stop;
  }

  private received(signal: StopSignal): void {
    if (this.stop) this.stop(signal);
    else process.exit(this.exitCodes[signal]);
  }
}
