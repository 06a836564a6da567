/**
 * Routing documents persisted with the parse cache (catalog/derived.ts), so a restart over a warm cache
 * builds the routing index from them instead of re-reading every agent's text: at 10,000 agents that is
 * ~3 s of card building, and most of the memory peak of a restart.
 *
 * A packed document holds term ids, which are only valid in the process that assigned them, so a save
 * writes the dictionary once (its terms in id order) and a load maps every saved id to this process's id.
 */
import { createHash } from 'node:crypto';
import type { DerivedCodec } from '../catalog/derived.js';
import type { AgentRecord } from '../catalog/types.js';
import { DEFAULT_TUNING, packedDocumentOfRecord, seedPackedDocument } from './index.js';
import { idOfTerm, termDictionary } from './text.js';

/** Bump when cards, tokenizing or stemming change what a document holds (the tuning is fingerprinted). */
const DOCUMENT_FORMAT = 1;

const key = `routing-document/${DOCUMENT_FORMAT}/${createHash('sha256').update(JSON.stringify(DEFAULT_TUNING)).digest('hex').slice(0, 12)}`;

export const routingDocumentCodec: DerivedCodec = {
  key,
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
        return doc.packed;
      },
    };
  },
  beginLoad(shared: unknown) {
    if (!Array.isArray(shared)) return undefined;
    const terms = shared as unknown[];
    const remap = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i];
      if (typeof term !== 'string') return undefined;
      remap[i] = idOfTerm(term);
    }
    return (agent: AgentRecord, data: unknown): void => {
      if (!(data instanceof Uint32Array)) return;
      const packed = new Uint32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const word = data[i] as number;
        const id = word >>> 8;
        if (id >= remap.length) return;
        packed[i] = (remap[id] as number) * 256 + (word & 255);
      }
      seedPackedDocument(agent, packed);
    };
  },
};
