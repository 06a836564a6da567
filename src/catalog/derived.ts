/**
 * Data other modules derive from a record (the routing document, say), persisted in the parse cache beside
 * the record but never kept on it: a codec saves it from, and loads it back into, its owner's own storage.
 * The catalog does not know what the data is.
 */
import type { CachedSlice } from './cached-file.js';
import type { AgentRecord } from './types.js';

export interface DerivedCodec {
  /** Names the format of the data; data written under another key is dropped on load. */
  readonly key: string;
  /**
   * Starts one cache write: `shared` is written once before the entries (a dictionary they refer to, say),
   * `save` gives one record's data (undefined: none).
   */
  beginSave(): DerivedSaving;
  /**
   * Starts one cache read from what beginSave's `shared` was; the loader takes each record's data, and
   * `locate` says where a typed array of that data lies in the cache file (read it again from there instead
   * of keeping it in memory; the view itself is only valid during the call).
   */
  beginLoad(shared: unknown): ((agent: AgentRecord, data: unknown, locate: (view: ArrayBufferView) => CachedSlice | undefined) => void) | undefined;
}

/** One cache write of a codec's data. */
export interface DerivedSaving {
  shared: unknown;
  save(agent: AgentRecord): unknown;
  /** True when the record's data is held in memory (once written, it can be read from the file instead). */
  held?(agent: AgentRecord): boolean;
  /**
   * The data `save` gave for a held record, a byte array of `byteLength` bytes, is at `at` in the file just
   * written: read it from there from now on, and let the in-memory copy go.
   */
  adopt?(agent: AgentRecord, at: CachedSlice, byteLength: number): void;
}
