/**
 * Agent bodies are kept compressed (most are never read; docs/decisions.md, "Catalog: agent bodies kept
 * compressed"). `bodies.read(agent)` inflates one (tens of microseconds for a typical agent). The bytes of a
 * freshly parsed file live in memory until the parse cache holding them is written; those of an agent read
 * from the parse cache (or written to it) stay in that cache file and are read on demand through a
 * descriptor kept open (the file is only ever replaced by a rename, so the open file keeps its content).
 * Either way a body always belongs to the same file version as the record's name and description, whatever
 * happens to the agent file meanwhile.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { CachedFile } from './cached-file.js';
import { CatalogError } from '../shared/errors.js';
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
 * would copy small ones into Node's shared 8 KB pool, whose slab stays alive as long as any body in it does.)
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

/** An agent's body as read: its text, or why it could not be read (the parse cache file it lives in was damaged). */
export type BodyRead = { ok: true; body: string } | { ok: false; error: CatalogError };

/** Read access to agents' bodies (a snapshot's `bodies`). */
export interface AgentBodies {
  /**
   * `agent`'s markdown body. May read and inflate its bytes from the parse cache file; a file found damaged
   * gives `{ ok: false }` with a CACHE_UNREADABLE error (the file is removed, see CachedFile.failed).
   */
  read(agent: AgentRecord): BodyRead;
}

/**
 * Where each record's body is kept: one per CatalogStore, shared by its snapshots (records of unchanged files,
 * and so their bodies, are reused across reloads). Keyed by record, so a record's body always belongs to the
 * same file version as its other fields; a record that is no longer referenced drops its body with it.
 * (docs/decisions.md "Catalog: agent bodies read explicitly; state outside routing has owners".)
 */
export class BodyStore implements AgentBodies {
  private readonly bodies = new WeakMap<AgentRecord, PackedBody>();

  /** Keep `agent`'s body (as text, deflated, or in a cache file). */
  keep(agent: AgentRecord, packed: PackedBody): void {
    this.bodies.set(agent, packed);
  }

  /** Keep `agent`'s body given as text (compressed when long enough to pay). */
  keepText(agent: AgentRecord, body: string): void {
    this.bodies.set(agent, packBody(body));
  }

  read(agent: AgentRecord): BodyRead {
    const packed = this.bodies.get(agent);
    // Every record a snapshot holds had its body kept when it was made: a miss is a bug, not a damaged file.
    if (!packed) throw new Error(`no body is kept for agent ${agent.name} (${agent.path})`);
    try {
      return { ok: true, body: unpackBody(packed) };
    } catch (err) {
      if (err instanceof CatalogError && err.code === 'CACHE_UNREADABLE') return { ok: false, error: err };
      throw err;
    }
  }

  /** The body of `agent` as kept (for the parse cache write); undefined if none is. */
  packedOf(agent: AgentRecord): PackedBody | undefined {
    return this.bodies.get(agent);
  }

  /**
   * `agent`'s body is read from `to` from now on: the same bytes, found elsewhere (in a cache file just
   * written instead of memory). Nothing changes if its body is no longer `from` (it changed meanwhile).
   */
  relocate(agent: AgentRecord, from: PackedBody, to: PackedBody): void {
    if (this.bodies.get(agent) === from) this.bodies.set(agent, to);
  }
}
