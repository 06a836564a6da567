/**
 * Routing documents: a card folded into (term id, weighted count) pairs, the unit the index is built from.
 * One `RoutingDocuments` per Routing (per server) makes them and keeps each record's document, so a reload
 * (a new snapshot) re-reads only the files that changed and a rebuild is one pass over typed arrays.
 *
 * A record's document is kept in memory (packed term ids and counts, far smaller than a card), or read
 * again from the parse cache each time an index is built (persist.ts; docs/decisions.md, "Routing: memory
 * at 10,000 agents"). In both forms the words are laid out as they are saved: word 0 is a header the codec
 * fills in (persist.ts), then the packed document.
 */
import type { AgentRecord } from '../catalog/types.js';
import { CARD_FIELDS, type AgentCard } from './card.js';
import type { TermDictionary } from './dictionary.js';
import { MAX_COUNT, packDocument, withRoomFor, type PackedDoc, type RoutingDoc } from './index.js';
import { DEFAULT_TUNING, type SearchTuning } from './tuning.js';

export interface DocumentOptions {
  /** Leave out one example (leave-one-example-out evaluation). */
  withoutExample?: number;
  /** Leave out the description (description-as-query evaluation). */
  withoutSummary?: boolean;
}

/** A record's stored words: a header word, then its packed document. */
export type StoredWords = Uint32Array;

/** Where a record's document is: in memory, or read from the parse cache file on demand. */
type DocEntry = { generation: number; tuning: Readonly<SearchTuning> } & ({ words: StoredWords } | { load: () => StoredWords });

export class RoutingDocuments {
  private entries = new WeakMap<AgentRecord, DocEntry>();
  /** Scratch of accumulate(): per term id, the serial of the last document that saw it, and its slot. */
  private seenBy = new Int32Array(1 << 15);
  private slotOf = new Int32Array(1 << 15);
  private serial = 0;

  constructor(readonly dictionary: TermDictionary) {}

  /** Start a new dictionary generation when the dictionary is too large (every kept document is void then). */
  resetIfLarge(): void {
    if (this.dictionary.resetIfLarge()) this.entries = new WeakMap();
  }

  /**
   * The card's terms (as ids) with their weighted counts: each term counts its field's weight per occurrence,
   * at most `tfCap` occurrences per field. Per token only typed-array reads and writes (no Map lookups).
   */
  private accumulate(card: AgentCard, options: DocumentOptions, tuning: Readonly<SearchTuning>): { ids: number[]; counts: number[] } {
    if (++this.serial >= 0x7fffffff) {
      this.serial = 1;
      this.seenBy.fill(0);
    }
    const serial = this.serial;
    const ids: number[] = [];
    const counts: number[] = [];
    // Per slot: field number × 256 + occurrences in that field.
    const last: number[] = [];
    const cap = Math.min(255, tuning.tfCap);
    CARD_FIELDS.forEach((f, fi) => {
      const weight = tuning.fieldWeights[f];
      if (weight <= 0 || (f === 'summary' && options.withoutSummary)) return;
      const segs = f === 'examples' && options.withoutExample !== undefined ? card.fields.examples.filter((_, i) => i !== options.withoutExample) : card.fields[f];
      const tag = fi * 256;
      const count = (id: number): void => {
        if (id >= this.seenBy.length) {
          this.seenBy = withRoomFor(this.seenBy, id);
          this.slotOf = withRoomFor(this.slotOf, id);
        }
        const seenBy = this.seenBy;
        if (seenBy[id] !== serial) {
          seenBy[id] = serial;
          this.slotOf[id] = ids.length;
          ids.push(id);
          counts.push(weight);
          last.push(tag + 1);
          return;
        }
        const k = this.slotOf[id] as number;
        const l = last[k] as number;
        if (l - (l % 256) !== tag) last[k] = tag + 1;
        else if (l % 256 < cap) last[k] = l + 1;
        else return;
        counts[k] = (counts[k] as number) + weight;
      };
      // One pass over the field (the cap is per field, and no token spans a line break).
      this.dictionary.forEachTermId(segs.join('\n'), count);
    });
    return { ids, counts };
  }

  /** A card → its document (terms as strings): what the eval indexes instead, and route_task's term set. */
  documentOf(card: AgentCard, options: DocumentOptions = {}, tuning: Readonly<SearchTuning> = DEFAULT_TUNING): RoutingDoc {
    const { ids, counts } = this.accumulate(card, options, tuning);
    const names = this.dictionary.generation.terms;
    return { id: card.name, terms: ids.map((id) => names[id] as string), counts };
  }

  /** Pack a document made elsewhere (the eval's replacements) against this dictionary. */
  pack(doc: RoutingDoc): PackedDoc {
    return packDocument(doc, this.dictionary);
  }

  /** The record's document for `tuning` in the current dictionary generation, if kept or stored (may read the cache file). */
  keptDocument(agent: AgentRecord, tuning: Readonly<SearchTuning>): PackedDoc | undefined {
    const entry = this.current(agent, tuning);
    const words = entry ? wordsOf(entry) : undefined;
    return words?.subarray(1);
  }

  /**
   * The record's document for `tuning`: the one kept (or stored) if any, else made from `card()` and kept.
   * `built` is true when it was made now.
   */
  documentFor(agent: AgentRecord, tuning: Readonly<SearchTuning>, card: () => AgentCard): { packed: PackedDoc; built: boolean } {
    const kept = this.keptDocument(agent, tuning);
    if (kept) return { packed: kept, built: false };
    const generation = this.dictionary.generation.generation;
    const { ids, counts } = this.accumulate(card(), {}, tuning);
    const words = new Uint32Array(ids.length + 1);
    for (let i = 0; i < ids.length; i++) words[i + 1] = (ids[i] as number) * 256 + Math.min(MAX_COUNT, Math.max(1, Math.round(counts[i] as number)));
    this.entries.set(agent, { generation, tuning, words });
    return { packed: words.subarray(1), built: true };
  }

  /** True when the record has a document for `tuning` in this dictionary generation (kept or stored). */
  has(agent: AgentRecord, tuning: Readonly<SearchTuning> = DEFAULT_TUNING): boolean {
    return this.current(agent, tuning) !== undefined;
  }

  /** The stored words of a record's default-tuning document in the current generation (for saving), if any. */
  storedWords(agent: AgentRecord): { words: StoredWords; generation: number } | undefined {
    const entry = this.current(agent, DEFAULT_TUNING);
    const words = entry ? wordsOf(entry) : undefined;
    return entry && words ? { words, generation: entry.generation } : undefined;
  }

  /** True when the record's default-tuning document is held in memory, not read from a file. */
  held(agent: AgentRecord): boolean {
    const entry = this.current(agent, DEFAULT_TUNING);
    return entry !== undefined && 'words' in entry;
  }

  /**
   * Give a record its default-tuning document, in the current generation, as a function that reads its
   * stored words (from the parse cache) each time an index is built.
   */
  seed(agent: AgentRecord, load: () => StoredWords): void {
    this.entries.set(agent, { generation: this.dictionary.generation.generation, tuning: DEFAULT_TUNING, load });
  }

  private current(agent: AgentRecord, tuning: Readonly<SearchTuning>): DocEntry | undefined {
    const hit = this.entries.get(agent);
    return hit && hit.tuning === tuning && hit.generation === this.dictionary.generation.generation ? hit : undefined;
  }
}

/** The entry's words: kept in memory, or read again from the parse cache (undefined if that fails). */
function wordsOf(entry: DocEntry): StoredWords | undefined {
  if ('words' in entry) return entry.words;
  try {
    const words = entry.load();
    return words.length >= 1 ? words : undefined;
  } catch {
    return undefined;
  }
}
