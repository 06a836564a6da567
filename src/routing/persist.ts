/**
 * Routing documents persisted with the parse cache (catalog/derived.ts), so a restart over a warm cache
 * builds the routing index from them instead of re-reading every agent's text: at 10,000 agents that is
 * ~3 s of card building, and most of the memory peak of a restart.
 *
 * A packed document holds term ids, which are only valid in the process that assigned them, so a save
 * writes the dictionary once (its terms in id order) and a load maps every saved id to this process's id.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { DerivedCodec } from '../catalog/derived.js';
import type { AgentRecord } from '../catalog/types.js';
import { DEFAULT_TUNING, documentHeld, packedDocumentOfRecord, seedStoredDocument, type PackedDoc } from './index.js';
import { idOfTerm, MAX_DICTIONARY, termDictionary } from './text.js';

/** Bump when cards, tokenizing or stemming change what a document holds (the tuning is fingerprinted). */
const DOCUMENT_FORMAT = 2;

// Documents are saved as the raw bytes of their 32-bit words: only valid on a machine of the same byte order.
let key: string | undefined;

export const routingDocumentCodec: DerivedCodec = {
  // Computed on first use, not at import: the CLI's --version and help import this module too.
  get key(): string {
    return (key ??= `routing-document/${DOCUMENT_FORMAT}/${os.endianness()}/${createHash('sha256').update(JSON.stringify(DEFAULT_TUNING)).digest('hex').slice(0, 12)}`);
  },
  beginSave() {
    const dict = termDictionary();
    const generation = dict.generation;
    const size = dict.terms.length;
    return {
      shared: dict.terms.slice(0, size),
      save(agent: AgentRecord): unknown {
        const doc = packedDocumentOfRecord(agent);
        if (!doc || doc.generation !== generation) return undefined;
        // Terms added since the dictionary was taken are not in the saved one.
        for (const word of doc.packed) if (word >>> 8 >= size) return undefined;
        // Raw bytes: a byte array read back from the cache is always a view into the frame (so it can stay
        // in the file), a Uint32Array only when the serializer happened to align it.
        return Buffer.from(doc.packed.buffer, doc.packed.byteOffset, doc.packed.byteLength);
      },
      held: (agent) => documentHeld(agent),
      adopt(agent, at, byteLength): void {
        // Saved ids are this process's own: valid while the dictionary is the one the save wrote.
        if (termDictionary().generation !== generation || byteLength % 4 !== 0) return;
        const length = byteLength / 4;
        seedStoredDocument(agent, () => {
          const words = new Uint32Array(length);
          at.file.readInto(words, at.position);
          return words;
        });
      },
    };
  },
  beginLoad(shared: unknown) {
    // A dictionary far larger than one ever grows (it is reset once past MAX_DICTIONARY terms) is not ours.
    if (!Array.isArray(shared) || shared.length > 2 * MAX_DICTIONARY) return undefined;
    const terms = shared as unknown[];
    const remap = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i];
      if (typeof term !== 'string') return undefined;
      remap[i] = idOfTerm(term);
    }
    /** Maps a saved document to this process's ids, in place; undefined if it does not fit the dictionary. */
    const mapped = (words: Uint32Array): PackedDoc | undefined => {
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as number;
        const id = word >>> 8;
        if (id >= remap.length) return undefined;
        words[i] = (remap[id] as number) * 256 + (word & 255);
      }
      return words;
    };
    return (agent, data, locate): void => {
      if (!(data instanceof Uint8Array) || data.byteLength % 4 !== 0) return;
      const length = data.byteLength / 4;
      const at = locate(data);
      if (at) {
        // Read again (and mapped) whenever the index is built; not kept in memory. A document that does not
        // fit the dictionary fails there, and the agent's document is made from its text instead.
        seedStoredDocument(agent, () => {
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
      if (doc) seedStoredDocument(agent, () => doc);
    };
  },
};
