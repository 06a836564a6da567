/**
 * Agent bodies are kept in the snapshot compressed: at 10,000 agents they are ~70 MB of text, ~4× less
 * deflated, and most are never read. `agent.body` inflates on access (tens of microseconds for a typical
 * agent). Because the bytes live in the snapshot, a body always belongs to the same file version as the
 * record's name and description, whatever happens on disk meanwhile.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { AgentRecord } from './types.js';

/** Bodies shorter than this stay plain strings (compression would not pay). */
export const PACK_THRESHOLD = 1024;

export type PackedBody = { packed: Buffer } | { text: string };

export function packBody(body: string): PackedBody {
  if (body.length < PACK_THRESHOLD) return { text: body };
  // zlib hands back a view into its (much larger) output chunk; copy so each body holds only its bytes.
  return { packed: Buffer.from(new Uint8Array(deflateRawSync(Buffer.from(body, 'utf8'), { level: constants.Z_BEST_SPEED }))) };
}

export function unpackBody(p: PackedBody): string {
  return 'text' in p ? p.text : inflateRawSync(p.packed).toString('utf8');
}

/**
 * A record whose `body` is inflated from packed bytes on access. `body` is a getter on the prototype and
 * the bytes a private field, so neither is an own enumerable property: spreading, serializing or cloning a
 * record copies its fields, never the body. (Defining them per object with Object.defineProperty, as
 * before, turned most records into slow dictionary-mode objects: ~0.7 KB more each.)
 */
class PackedRecord {
  readonly #packed: PackedBody;

  constructor(packed: PackedBody) {
    this.#packed = packed;
  }

  get body(): string {
    return unpackBody(this.#packed);
  }

  static packedOf(record: object): PackedBody | undefined {
    return #packed in record ? record.#packed : undefined;
  }
}

/** A copy of `agent` (same fields, same order) whose `body` reads the packed bytes. */
export function attachPackedBody<T extends Omit<AgentRecord, 'body'>>(agent: T, packed: PackedBody): T & AgentRecord {
  return Object.assign(new PackedRecord(packed), agent) as unknown as T & AgentRecord;
}

export function packedBodyOf(agent: AgentRecord): PackedBody | undefined {
  return PackedRecord.packedOf(agent);
}
