/**
 * The lifecycle of the journal's index as one value, and every change to it in one pure function.
 *
 *   idle ─start→ opening ─index open→ opened ─pass begins→ building ─pass done→ ready
 *                   │                             └────(warm: complete)──────→ ready
 *                   └─no SQLite engine→ unindexed
 *   changed roots or a corrupt database: → opening (a new load); close(): → closed, from anywhere.
 *
 * A load is one opening of the index; events name the load they belong to, and an event of an older load
 * changes nothing (its work was overtaken). `degraded` is a field, not a kind: a write to the index can
 * fail in any state that has (or is about to have) one, and the state itself goes on (status says
 * 'indexing' or 'ready', with why the index lacks entries); it outlives a reload until a full pass gets
 * every write through.
 */
import type { JournalIndex } from './index.js';
import type { JournalStore } from './store.js';

/** The state the service reports: `unindexed`, no SQLite engine could be loaded (every query scans the entry files). */
export type JournalState = 'idle' | 'loading' | 'indexing' | 'ready' | 'unindexed' | 'closed';

/** An open index database and the search side over it. */
export interface OpenIndex {
  readonly store: JournalStore;
  readonly index: JournalIndex;
}

/** One opening of the index: at start, when the roots change, after the database turned out corrupt. */
export interface Load {
  readonly id: number;
  /** performance.now() when it began (a search waits for a first build only shortly after). */
  readonly startedAt: number;
  /** Settles once the roots are resolved and the index opened, or known to be unavailable. */
  readonly opened: Promise<void>;
  /** Settles once the first pass over the files has ended (done, failed or overtaken). */
  readonly built: Promise<void>;
}

/**
 * `degraded`: why the index lacks entries since a write to it failed (disk full, I/O error); undefined while
 * it is whole. `complete`: a complete pass has finished on the database, by this process or another one
 * sharing it (a `ready` index always is).
 */
export type Lifecycle =
  | { readonly kind: 'idle' }
  /** Resolving the roots and opening the index. */
  | { readonly kind: 'opening'; readonly load: Load; readonly degraded: string | undefined }
  /** Index open; its first pass of this load has not begun (it may wait for `firstBuildAfter`). */
  | { readonly kind: 'opened'; readonly load: Load; readonly open: OpenIndex; readonly complete: boolean; readonly degraded: string | undefined }
  /** First build: a pass over the files into an index that was never complete when it began. */
  | { readonly kind: 'building'; readonly load: Load; readonly open: OpenIndex; readonly complete: boolean; readonly degraded: string | undefined }
  /** The index holds every entry (possibly stale by a few seconds); passes and events keep it current. */
  | { readonly kind: 'ready'; readonly load: Load; readonly open: OpenIndex; readonly degraded: string | undefined }
  /** No SQLite engine: no index, every query scans the entry files. */
  | { readonly kind: 'unindexed'; readonly load: Load }
  | { readonly kind: 'closed' };

export type LifecycleEvent =
  /** A new load begins (start, changed roots, corrupt database): whatever index was open is dropped. */
  | { readonly kind: 'load'; readonly load: Load }
  | { readonly kind: 'opened'; readonly load: number; readonly open: OpenIndex }
  | { readonly kind: 'noEngine'; readonly load: number }
  /** The database says a complete pass finished on it (by another process sharing it, say). */
  | { readonly kind: 'completeSeen'; readonly load: number }
  /** The load's first pass begins; `warm`: the index was complete when the load got to it. */
  | { readonly kind: 'passStarted'; readonly load: number; readonly warm: boolean }
  | { readonly kind: 'passDone'; readonly load: number }
  | { readonly kind: 'writeFailed'; readonly reason: string }
  /** A full pass ended with no index write failing meanwhile: the index is whole again. */
  | { readonly kind: 'whole'; readonly load: number }
  | { readonly kind: 'close' };

/** The open index of a state that has one. */
export function openIndexOf(life: Lifecycle): OpenIndex | undefined {
  return life.kind === 'opened' || life.kind === 'building' || life.kind === 'ready' ? life.open : undefined;
}

/** The current load, unless idle or closed. */
export function loadOf(life: Lifecycle): Load | undefined {
  return life.kind === 'idle' || life.kind === 'closed' ? undefined : life.load;
}

export function degradedOf(life: Lifecycle): string | undefined {
  return life.kind === 'opening' || life.kind === 'opened' || life.kind === 'building' || life.kind === 'ready' ? life.degraded : undefined;
}

/** True when the index holds every entry (a `ready` one, or one another process completed). */
export function holdsEveryEntry(life: Lifecycle): boolean {
  return life.kind === 'ready' || ((life.kind === 'opened' || life.kind === 'building') && life.complete);
}

export function reportedState(life: Lifecycle): JournalState {
  switch (life.kind) {
    case 'opening':
    case 'opened':
      return 'loading';
    case 'building':
      return 'indexing';
    default:
      return life.kind;
  }
}

/** The state after `event`. Pure; an event that does not apply to the state (or to its load) leaves it as it is. */
export function nextLifecycle(life: Lifecycle, event: LifecycleEvent): Lifecycle {
  if (life.kind === 'closed') return life;
  switch (event.kind) {
    case 'close':
      return { kind: 'closed' };
    case 'load':
      return { kind: 'opening', load: event.load, degraded: degradedOf(life) };
    case 'writeFailed':
      if (life.kind === 'idle' || life.kind === 'unindexed' || life.degraded !== undefined) return life;
      return { ...life, degraded: event.reason };
  }
  if (life.kind === 'idle' || life.load.id !== event.load) return life;
  const { load } = life;
  switch (event.kind) {
    case 'opened':
      return life.kind === 'opening' ? { kind: 'opened', load, open: event.open, complete: false, degraded: life.degraded } : life;
    case 'noEngine':
      return life.kind === 'opening' ? { kind: 'unindexed', load } : life;
    case 'completeSeen':
      return life.kind === 'opened' || life.kind === 'building' ? { ...life, complete: true } : life;
    case 'passStarted':
      if (life.kind !== 'opened') return life;
      return event.warm
        ? { kind: 'ready', load, open: life.open, degraded: life.degraded }
        : { kind: 'building', load, open: life.open, complete: life.complete, degraded: life.degraded };
    case 'passDone':
      return life.kind === 'building' ? { kind: 'ready', load, open: life.open, degraded: life.degraded } : life;
    case 'whole':
      return life.kind === 'unindexed' ? life : { ...life, degraded: undefined };
  }
}
