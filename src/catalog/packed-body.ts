/**
 * Agent bodies are kept compressed: at 10,000 agents they are ~70 MB of text, ~4× less deflated, and most
 * are never read. `agent.body` inflates on access (tens of microseconds for a typical agent). The bytes of a
 * freshly parsed file live in memory until the parse cache holding them is written; those of an agent read
 * from the parse cache (or written to it) stay in that cache file and are read on access through a
 * descriptor kept open (the file is only ever replaced by a rename, so the open file keeps its content). Either way a body always belongs to the same file version as the record's
 * name and description, whatever happens to the agent file meanwhile.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { CachedFile } from './cached-file.js';
import type { AgentRecord } from './types.js';

/** Bodies shorter than this stay plain strings (compression would not pay). */
export const PACK_THRESHOLD = 1024;

/**
 * A body as kept: short ones as text; others deflated, in memory or in a cache file, with `size`, the byte
 * length of the body they inflate to. Inflating stops at `size` (a cache file may hold a crafted body that
 * would inflate to gigabytes).
 */
export type PackedBody = { packed: Buffer; size: number } | { text: string } | { file: CachedFile; position: number; length: number; size: number };

export function packBody(body: string): PackedBody {
  if (body.length < PACK_THRESHOLD) return { text: body };
  const bytes = Buffer.from(body, 'utf8');
  // zlib hands back a view into its (much larger) output chunk: keep a copy of just the bytes.
  return { packed: ownCopy(deflateRawSync(bytes, { level: constants.Z_BEST_SPEED })), size: bytes.byteLength };
}

/**
 * A copy of `bytes` in a buffer of exactly their size, for bytes kept as long as their record. (Buffer.from(bytes)
 * would copy small ones into Node's shared 8 KB pool, whose slab stays alive as long as any body in it does: at
 * 10,000 agents that doubled the memory the bodies take.)
 */
export function ownCopy(bytes: Uint8Array): Buffer {
  const own = new Uint8Array(bytes);
  return Buffer.from(own.buffer, 0, own.byteLength);
}

/** The deflated bytes of a packed body (read from its file when it lives there); undefined for a plain one. */
export function packedBytes(p: PackedBody): Buffer | undefined {
  if ('text' in p) return undefined;
  return 'packed' in p ? p.packed : p.file.read(p.position, p.length);
}

export function unpackBody(p: PackedBody): string {
  if ('text' in p) return p.text;
  const bytes = packedBytes(p) as Buffer;
  let out: Buffer;
  try {
    // Never more than the recorded size; fewer bytes than that is damage too.
    out = inflateRawSync(bytes, { maxOutputLength: Math.max(1, p.size) });
    if (out.byteLength !== p.size) throw new Error(`it inflates to ${out.byteLength} bytes, not the ${p.size} recorded`);
  } catch (err) {
    if ('file' in p) throw p.file.failed(`holds a damaged agent body (${(err as Error).message})`);
    throw err;
  }
  return out.toString('utf8');
}

/**
 * A record whose `body` is inflated from packed bytes on access. `body` is a getter on the prototype and
 * the bytes a private field, so neither is an own enumerable property: spreading, serializing or cloning a
 * record copies its fields, never the body. (Defining them per object with Object.defineProperty, as
 * before, turned most records into slow dictionary-mode objects: ~0.7 KB more each.)
 */
class PackedRecord {
  #packed: PackedBody;

  constructor(packed: PackedBody) {
    this.#packed = packed;
  }

  get body(): string {
    return unpackBody(this.#packed);
  }

  static packedOf(record: object): PackedBody | undefined {
    return #packed in record ? record.#packed : undefined;
  }

  static repack(record: object, packed: PackedBody): void {
    if (#packed in record) record.#packed = packed;
  }
}

/** A copy of `agent` (same fields, same order) whose `body` reads the packed bytes. */
export function attachPackedBody<T extends Omit<AgentRecord, 'body'>>(agent: T, packed: PackedBody): T & AgentRecord {
  return Object.assign(new PackedRecord(packed), agent) as unknown as T & AgentRecord;
}

export function packedBodyOf(agent: AgentRecord): PackedBody | undefined {
  return PackedRecord.packedOf(agent);
}

/**
 * `agent`'s body is read from `packed` from now on: the same bytes, found elsewhere (in a cache file just
 * written instead of memory).
 */
export function repackBody(agent: AgentRecord, packed: PackedBody): void {
  PackedRecord.repack(agent, packed);
}
