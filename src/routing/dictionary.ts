/**
 * The term dictionary of one Routing (one per server): every index term gets a small integer id, shared by
 * all the indexes and stored documents of that Routing, so the hot loops of an index build compare numbers,
 * not strings. It also keeps the token tables that make tokenising fast: raw token → term (queries, boundary
 * topics) and raw token → term id (index builds). Ids are only valid within the Routing that assigned them;
 * documents saved with the parse cache carry the dictionary with them (persist.ts).
 */
import { computeTerm, scan, unlink, type TermLookup } from './text.js';
import { ID_MEMO_SIZE, MAX_DICTIONARY, RUN_TABLE_SLOTS, TERM_MEMO_SIZE } from './tuning.js';

/**
 * One generation of ids. The dictionary only grows; past MAX_DICTIONARY terms it starts a new generation
 * and the ids of the old one are void (indexes built on it keep their generation object and stay valid).
 */
export interface TermGeneration {
  readonly generation: number;
  /** Term by id. */
  readonly terms: string[];
  /** Id by term. */
  readonly ids: Map<string, number>;
}

const RUN_MASK = RUN_TABLE_SLOTS - 1;
const RUN_MAX = Math.floor(RUN_TABLE_SLOTS * 0.6);

export class TermDictionary {
  private current: TermGeneration = { generation: 0, terms: [], ids: new Map() };
  /** Raw token → term, or null for a stop word or noise. */
  private readonly termMemo = new Map<string, string | null>();
  /** Special raw token (c++, node.js…) → term id, or -1 for a stop word or noise. */
  private readonly idMemo = new Map<string, number>();
  /**
   * Plain runs of letters and digits → their term ids, looked up without cutting the run out of the text:
   * an open-addressing table keyed by a hash computed while scanning, checked with `startsWith`. Most tokens
   * of a card were seen before, and a substring per token plus a Map lookup would be the largest cost of an
   * index build. Allocated on the first build.
   */
  private runKeys: Array<string | undefined> | undefined;
  /** Per slot: the hash, then the term id (one cache line for both). */
  private runData: Int32Array | undefined;
  private runCount = 0;

  /** The current generation (its arrays grow as terms are added). */
  get generation(): TermGeneration {
    return this.current;
  }

  /** Number of terms in the current generation. */
  get size(): number {
    return this.current.terms.length;
  }

  /** The id of a term in the current generation (added when new). */
  idOf(term: string): number {
    const gen = this.current;
    let id = gen.ids.get(term);
    if (id === undefined) {
      id = gen.terms.length;
      const copy = unlink(term);
      gen.ids.set(copy, id);
      gen.terms.push(copy);
    }
    return id;
  }

  /** Start a new generation when this one is too large; true when it did (old ids are void). */
  resetIfLarge(): boolean {
    if (this.current.terms.length <= MAX_DICTIONARY) return false;
    this.current = { generation: this.current.generation + 1, terms: [], ids: new Map() };
    this.idMemo.clear();
    this.clearRuns();
    return true;
  }

  /** Raw token → index term, memoised (queries and boundary topics; never grows the dictionary). */
  readonly termOf: TermLookup = (token) => {
    const hit = this.termMemo.get(token);
    if (hit !== undefined) return hit ?? undefined;
    let out = computeTerm(token);
    if (this.termMemo.size > TERM_MEMO_SIZE) this.termMemo.clear();
    if (out !== null) out = unlink(out);
    this.termMemo.set(unlink(token), out);
    return out ?? undefined;
  };

  /** Call `fn` with the id of each index term of a text (stop words removed, stemmed), in order, duplicates kept. */
  forEachTermId(text: string, fn: (id: number) => void): void {
    const lower = text.toLowerCase();
    scan(
      lower,
      (i, j, h) => {
        const id = this.runTermId(lower, i, j, h);
        if (id >= 0) fn(id);
      },
      (token) => {
        const id = this.specialTermId(token);
        if (id >= 0) fn(id);
      },
    );
  }

  /** A special token → its term id (-1 for a stop word or noise). Memoised. Adds the term. */
  private specialTermId(token: string): number {
    const hit = this.idMemo.get(token);
    if (hit !== undefined) return hit;
    const id = this.computeTermId(token);
    if (this.idMemo.size > ID_MEMO_SIZE) this.idMemo.clear();
    this.idMemo.set(unlink(token), id);
    return id;
  }

  private computeTermId(token: string): number {
    const term = computeTerm(token);
    return term === null ? -1 : this.idOf(term);
  }

  private clearRuns(): void {
    this.runKeys = undefined;
    this.runData = undefined;
    this.runCount = 0;
  }

  private runTermId(lower: string, i: number, j: number, hash: number): number {
    // (Filled, so V8 keeps fast elements: a large `new Array(n)` with holes becomes a slow dictionary.)
    let keys = (this.runKeys ??= new Array<string | undefined>(RUN_TABLE_SLOTS).fill(undefined));
    let data = (this.runData ??= new Int32Array(RUN_TABLE_SLOTS * 2));
    let h = hash ^ (hash >>> 16);
    h = Math.imul(h, 0x45d9f3b);
    h ^= h >>> 16;
    // Hash 0 marks an empty slot.
    if (h === 0) h = 1;
    const len = j - i;
    let slot = h & RUN_MASK;
    for (;;) {
      const stored = data[2 * slot] as number;
      if (stored === 0) break;
      if (stored === h) {
        const key = keys[slot] as string;
        if (key.length === len && lower.startsWith(key, i)) return data[2 * slot + 1] as number;
      }
      slot = (slot + 1) & RUN_MASK;
    }
    const token = lower.slice(i, j);
    // The run table is this path's cache: no second copy of the token in idMemo or termMemo.
    const id = this.computeTermId(token);
    if (this.runCount >= RUN_MAX) {
      this.clearRuns();
      keys = this.runKeys = new Array<string | undefined>(RUN_TABLE_SLOTS).fill(undefined);
      data = this.runData = new Int32Array(RUN_TABLE_SLOTS * 2);
      slot = h & RUN_MASK;
    }
    keys[slot] = unlink(token);
    data[2 * slot] = h;
    data[2 * slot + 1] = id;
    this.runCount++;
    return id;
  }
}
