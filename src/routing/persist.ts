/**
 * Routing data persisted with the parse cache (catalog/derived.ts): each record's routing document and its
 * boundary count, so a restart over a warm cache builds the routing index, and answers list_agents, without
 * re-reading every agent's text (at 10,000 agents that is seconds of card building, and most of the memory
 * peak of a restart).
 *
 * One record's data is a run of native 32-bit words: word 0 is the boundary count + 1 (0 = not counted),
 * then the packed document (none when only the count is known). A packed document holds term ids, which are
 * only valid in the Routing that assigned them, so a save writes the dictionary once (its terms in id order)
 * and a load maps every saved id to the loading Routing's id. (docs/decisions.md "Routing: boundary counts in one place".)
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { DerivedCodec } from '../catalog/derived.js';
import type { AgentRecord } from '../catalog/types.js';
import type { RoutingDocuments, StoredWords } from './documents.js';
import { DEFAULT_TUNING, MAX_DICTIONARY } from './tuning.js';

/** Bump when cards, tokenizing, stemming or this layout change what is saved (the tuning is fingerprinted). */
const DOCUMENT_FORMAT = 3;

/** Where a Routing keeps what is persisted: its documents and its boundary counts. */
export interface PersistedRouting {
  readonly documents: RoutingDocuments;
  readonly boundaryCounts: {
    get(agent: AgentRecord): number | undefined;
    set(agent: AgentRecord, count: number): void;
  };
}

/** The first word of saved data (the words may not be aligned in the cache frame). */
function headerOf(data: Uint8Array): number {
  const head = new Uint32Array(1);
  new Uint8Array(head.buffer).set(data.subarray(0, 4));
  return head[0] as number;
}

/** True when every term id of stored words is below `size` (in the dictionary a save writes). */
function fits(words: StoredWords, size: number): boolean {
  for (let i = 1; i < words.length; i++) if ((words[i] as number) >>> 8 >= size) return false;
  return true;
}

/** The parse-cache codec of one Routing's data. */
export function routingDocumentCodec(routing: PersistedRouting): DerivedCodec {
  const { documents, boundaryCounts } = routing;
  // Documents are saved as the raw bytes of their 32-bit words: only valid on a machine of the same byte order.
  const key = `routing-document/${DOCUMENT_FORMAT}/${os.endianness()}/${createHash('sha256').update(JSON.stringify(DEFAULT_TUNING)).digest('hex').slice(0, 12)}`;
  return {
    key,
    beginSave() {
      const dict = documents.dictionary.generation;
      const generation = dict.generation;
      const size = dict.terms.length;
      /** Records whose saved bytes are their in-memory words (the cache may then read them from the file). */
      const heldWords = new WeakSet<AgentRecord>();
      return {
        shared: dict.terms.slice(0, size),
        save(agent: AgentRecord): unknown {
          const count = boundaryCounts.get(agent);
          const header = count === undefined ? 0 : count + 1;
          const stored = documents.storedWords(agent);
          // Terms added since the dictionary was taken are not in the saved one.
          let words: StoredWords | undefined = stored && stored.generation === generation && fits(stored.words, size) ? stored.words : undefined;
          if (words) {
            words[0] = header;
            if (documents.held(agent)) heldWords.add(agent);
          } else if (header > 0) {
            words = Uint32Array.of(header);
          } else {
            return undefined;
          }
          // Raw bytes: a byte array read back from the cache is always a view into the frame (so it can stay
          // in the file), a Uint32Array only when the serializer happened to align it.
          return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
        },
        held: (agent) => heldWords.has(agent),
        adopt(agent, at, byteLength): void {
          // Saved ids are this Routing's own: valid while the dictionary is the one the save wrote.
          if (documents.dictionary.generation.generation !== generation || byteLength % 4 !== 0) return;
          const length = byteLength / 4;
          documents.seed(agent, () => {
            const words = new Uint32Array(length);
            at.file.readInto(words, at.position);
            return words;
          });
        },
      };
    },
    beginLoad(shared: unknown) {
      // A dictionary far larger than one ever grows (it starts a new generation past MAX_DICTIONARY terms) is not ours.
      if (!Array.isArray(shared) || shared.length > 2 * MAX_DICTIONARY) return undefined;
      const terms = shared as unknown[];
      const remap = new Uint32Array(terms.length);
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i];
        if (typeof term !== 'string') return undefined;
        remap[i] = documents.dictionary.idOf(term);
      }
      /** Maps saved words to this Routing's ids, in place; undefined if they do not fit the dictionary. */
      const mapped = (words: StoredWords): StoredWords | undefined => {
        for (let i = 1; i < words.length; i++) {
          const word = words[i] as number;
          const id = word >>> 8;
          if (id >= remap.length) return undefined;
          words[i] = (remap[id] as number) * 256 + (word & 255);
        }
        return words;
      };
      return (agent, data, locate): void => {
        if (!(data instanceof Uint8Array) || data.byteLength < 4 || data.byteLength % 4 !== 0) return;
        const header = headerOf(data);
        if (header > 0) boundaryCounts.set(agent, header - 1);
        const length = data.byteLength / 4;
        if (length === 1) return;
        const at = locate(data);
        if (at) {
          // Read again (and mapped) whenever an index is built; not kept in memory. A document that does not
          // fit the dictionary fails there, and the agent's document is made from its text instead.
          documents.seed(agent, () => {
            const words = new Uint32Array(length);
            at.file.readInto(words, at.position);
            const doc = mapped(words);
            if (!doc) throw new Error('stored routing document does not fit the dictionary');
            return doc;
          });
          return;
        }
        const words = new Uint32Array(length);
        new Uint8Array(words.buffer).set(data);
        const doc = mapped(words);
        if (doc) documents.seed(agent, () => doc);
      };
    },
  };
}
