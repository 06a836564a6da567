/**
 * The on-disk parse cache: parsed agent files keyed by path, valid while mtime and size are unchanged.
 * A cold start with a warm cache reads no agent file at all, only one serialized file. A cache that is
 * corrupt, from another format or another package version is ignored (and rewritten), never trusted.
 *
 * Layout: a sequence of frames, each a 4-byte big-endian length and a v8-serialized value; the first frame
 * is the header, each later one holds up to FRAME_ENTRIES entries. Frames are read and written one at a
 * time, so neither a start nor a save holds the whole file, or every entry's serialized copy, in memory at
 * once (docs/decisions.md, "Catalog: the parse cache file").
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { ParseCache, ParseCacheEntry } from './load.js';
import type { DerivedCodec, DerivedSaving } from './derived.js';
import { CachedFile, type CachedSlice } from './cached-file.js';
import { checkStoredEntry } from './cache-record.js';
import { ensureFolderSync } from '../shared/safe-paths.js';
import { ownCopy, packBody, packedBytes, type BodyStore, type PackedBody } from './packed-body.js';
import { shareRecordStrings } from './share-strings.js';
import type { AgentRecord } from './types.js';

const FORMAT = 'agent-catalog-mcp/parse-cache';
const FORMAT_VERSION = 6;
/** Entries per frame: small enough to bound memory, big enough that framing costs nothing. */
const FRAME_ENTRIES = 256;
/** A frame is written out once its entries' files add up to this many bytes (real frames are ~2 MB). */
const FRAME_TARGET_BYTES = 16 * 1024 * 1024;
/**
 * A frame longer than this is not ours: frames are cut at FRAME_TARGET_BYTES, plus one entry (at most ~3×
 * its 2 MB file).
 */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/**
 * The header holds the routing term dictionary (a dictionary is reset at 2^20 terms, ~10 MB): a longer header
 * is not ours.
 */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/**
 * How an entry is stored: the agent's packed body travels beside it (records have no body field, see
 * BodyStore), and so does the data a DerivedCodec saves for it.
 */
type StoredEntry = ParseCacheEntry & { packedBody?: PackedBody; derived?: unknown };

interface CacheHeader {
  format: string;
  formatVersion: number;
  packageVersion: string;
  derived?: { key: string; shared: unknown };
}

/** One cache file per set of source folders, so servers over different folders never fight over one file. */
export function parseCacheFile(cacheDir: string, sourceDirs: readonly string[]): string {
  const key = createHash('sha256').update(sourceDirs.join('\n')).digest('hex').slice(0, 16);
  return path.join(cacheDir, `parse-cache-${key}.bin`);
}

/**
 * Reads frames into one reused buffer: a fresh buffer per frame would leave the whole file's worth of dead
 * buffers until the next garbage collection. Typed arrays in a frame's value are views into that buffer, so
 * the reader copies what it keeps before reading the next frame.
 */
class FrameReader {
  // Never from Buffer's shared pool: filePosition() compares the views' buffer with this one.
  private scratch = Buffer.allocUnsafeSlow(64 * 1024);
  private readonly head = Buffer.alloc(4);
  private readonly size: number;
  /** File position of the current frame's first data byte. */
  private dataPosition = 0;

  constructor(private readonly fd: number) {
    this.size = fs.fstatSync(fd).size;
  }

  /** The frame at `position`; undefined at the end of the file. Throws on a bad, oversized or truncated frame. */
  read(position: number, maxBytes = MAX_FRAME_BYTES): { value: unknown; next: number } | undefined {
    const got = fs.readSync(this.fd, this.head, 0, 4, position);
    if (got === 0) return undefined;
    const length = got === 4 ? this.head.readUInt32BE(0) : -1;
    if (length < 0 || length > maxBytes || position + 4 + length > this.size) throw new Error('bad frame');
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, this.scratch.length * 2));
    if (fs.readSync(this.fd, this.scratch, 0, length, position + 4) !== length) throw new Error('truncated frame');
    this.dataPosition = position + 4;
    return { value: v8.deserialize(this.scratch.subarray(0, length)), next: position + 4 + length };
  }

  /** True when `view` (a typed array of the current frame's value) lies in the reused buffer. */
  owns(view: ArrayBufferView): boolean {
    return view.buffer === this.scratch.buffer;
  }

  /** Where in the file the bytes of `view` (a typed array of the current frame's value) are; undefined if copied. */
  filePosition(view: ArrayBufferView): number | undefined {
    if (!this.owns(view)) return undefined;
    return this.dataPosition + (view.byteOffset - this.scratch.byteOffset);
  }
}

/**
 * Bodies (and derived data) are read from the open cache file on demand, except on Windows: there a file
 * open in this process cannot be replaced by a rename, so later saves (ours and other processes') would
 * fail; bodies are copied into memory and the file closed after the load.
 */
const READ_FROM_FILE = process.platform !== 'win32';

/** Turns a stored entry's body into a PackedBody: bytes inside the cache file stay there (see packed-body.ts). */
type BodyReviver = (p: unknown, fileSize: number) => PackedBody | undefined;

/** Frames read between two turns of the event loop (a server answers `initialize` during a big load). */
const FRAMES_PER_TURN = 4;

/** Opening a cache file never follows a symlink: a link planted in the cache folder is not read through. */
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Read once, at the first load: sync reads (several times faster than fs.promises' chunked reads), frame by
 * frame, yielding to the event loop every few frames. Nothing in the file is trusted: frames are bounded,
 * every entry's shape is checked (cache-record.ts), bodies inflate only to their recorded size, and on any
 * mismatch the whole cache is dropped (the agent files are parsed again, and the cache rewritten).
 * The records' bodies are kept in `bodies`.
 */
export async function readParseCache(file: string, packageVersion: string, bodies: BodyStore, codec?: DerivedCodec): Promise<ParseCache> {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
  } catch {
    return new Map();
  }
  const cached = new CachedFile(fd, file);
  let cachedUsed = false;
  try {
    if (!fs.fstatSync(fd).isFile()) return new Map();
    const frames = new FrameReader(fd);
    const first = frames.read(0, MAX_HEADER_BYTES);
    const header = first?.value as Partial<CacheHeader> | undefined;
    if (!first || header?.format !== FORMAT || header.formatVersion !== FORMAT_VERSION || header.packageVersion !== packageVersion) return new Map();
    const cache: ParseCache = new Map();
    // Derived data under another key is dropped (another format); under ours it must load, or nothing does.
    const loadDerived = codec && header.derived?.key === codec.key ? codec.beginLoad(header.derived.shared) : undefined;
    if (codec && header.derived?.key === codec.key && !loadDerived) return new Map();
    const owns = (view: ArrayBufferView): boolean => frames.owns(view);
    const locate = (view: ArrayBufferView): CachedSlice | undefined => {
      const position = READ_FROM_FILE ? frames.filePosition(view) : undefined;
      if (position === undefined) return undefined;
      cachedUsed = true;
      return { file: cached, position };
    };
    // A body's recorded size is at most the size of the file it came from.
    const revive: BodyReviver = (p, fileSize) => {
      if (typeof p !== 'object' || p === null) return undefined;
      const o = p as { packed?: unknown; text?: unknown; size?: unknown };
      if (typeof o.text === 'string') return Object.keys(o).length === 1 ? { text: o.text } : undefined;
      if (!(o.packed instanceof Uint8Array) || typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 1 || o.size > fileSize) return undefined;
      const at = locate(o.packed);
      return at ? { ...at, length: o.packed.length, size: o.size } : { packed: ownCopy(o.packed), size: o.size };
    };
    /** Source folder paths interned across this read's records (share-strings.ts). */
    const folders = new Map<string, string>();
    const add: EntryAdder = { cache, bodies, folders, loadDerived: loadDerived && ((agent, data) => loadDerived(agent, data, locate)) };
    let count = 0;
    for (let frame = frames.read(first.next); frame; frame = frames.read(frame.next)) {
      if (++count % FRAMES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (!Array.isArray(frame.value)) {
        cachedUsed = false;
        return new Map();
      }
      for (const e of frame.value as unknown[]) {
        const checked = checkStoredEntry(e, owns);
        if (!checked || !addEntry(add, checked.key, (e as [string, StoredEntry])[1], (p) => revive(p, checked.fileSize))) {
          cachedUsed = false;
          return new Map();
        }
      }
    }
    return cache;
  } catch {
    cachedUsed = false;
    return new Map();
  } finally {
    if (!cachedUsed) cached.close();
  }
}

/** Where one cache read puts what it reads. */
interface EntryAdder {
  cache: ParseCache;
  bodies: BodyStore;
  folders: Map<string, string>;
  loadDerived: ((agent: AgentRecord, data: unknown) => void) | undefined;
}

/** Adds an entry whose shape checkStoredEntry accepted; false when its body is not usable (drop the cache). */
function addEntry(add: EntryAdder, key: string, stored: StoredEntry, revive: (p: unknown) => PackedBody | undefined): boolean {
  const { cache, bodies, folders, loadDerived } = add;
  const { packedBody, derived, ...entry } = stored;
  const agent = entry.outcome.agent;
  if (agent) {
    const packed = revive(packedBody);
    if (!packed) return false;
    const record = Object.freeze(shareRecordStrings(agent, folders));
    bodies.keep(record, packed);
    entry.outcome = { agent: record };
    if (loadDerived && derived !== undefined) {
      try {
        loadDerived(record, derived);
      } catch {
        // Derived data is only a shortcut: without it, its owner computes it again.
      }
    }
  }
  // The key is the agent's own path: one string, not two copies.
  cache.set(agent?.path ?? key, entry);
  return true;
}

/**
 * A body as written: bytes that live in a cache file are read from it; text a load left uncompressed
 * (BuildOptions.packOnSave) is compressed now. Throws for a file found damaged: its bodies are not carried
 * into the new cache (their agents are parsed again next time).
 */
function storedBody(p: PackedBody | undefined): PackedBody | undefined {
  if (!p) return p;
  if ('text' in p) return packBody(p.text);
  if ('file' in p) {
    if (p.file.damaged) throw new Error(`${p.file.path} is damaged`);
    return { packed: packedBytes(p) as Buffer, size: p.size };
  }
  return p;
}

function frame(value: unknown): [Buffer, Buffer] {
  const body = v8.serialize(value);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return [head, body];
}

/** A temporary file older than this was left by a process that died mid-write: removed by the next write. */
const STALE_TMP_MS = 60_000;

async function removeStaleTemporaries(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const p = path.join(dir, name);
    const st = await fs.promises.stat(p).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) await fs.promises.rm(p, { force: true }).catch(() => undefined);
  }
}

/**
 * Writes the cache frame by frame to a temporary file beside the target, then renames it over the target
 * (atomic on one file system). Not write-file-atomic: it takes the whole content as one buffer, which is
 * the memory peak this format exists to avoid; a failed write leaves the old cache and no temporary file.
 */
export async function writeParseCache(file: string, packageVersion: string, cache: ParseCache, bodies: BodyStore, codec?: DerivedCodec): Promise<void> {
  ensureFolderSync(path.dirname(file), 'The cache folder', 'Give a writable folder with --cache-dir, or turn the cache off with --no-cache.');
  await removeStaleTemporaries(file);
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  // A process that exits mid-write (e.g. a forced exit on stop) removes the temporary file: this write's own
  // listener, there only while it runs, and already before the file exists. (A file left by a process that
  // died is removed by the next write.)
  const removeTmp = (): void => {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // best effort: the next write removes it after STALE_TMP_MS
    }
  };
  process.once('exit', removeTmp);
  let handle: fs.promises.FileHandle;
  try {
    // 'wx': created here, never through a link someone planted at this name.
    handle = await fs.promises.open(tmp, 'wx');
  } catch (err) {
    process.off('exit', removeTmp);
    throw err;
  }
  try {
    const saving = codec?.beginSave();
    const header: CacheHeader = { format: FORMAT, formatVersion: FORMAT_VERSION, packageVersion };
    if (codec && saving) header.derived = { key: codec.key, shared: saving.shared };
    const head = frame(header);
    await handle.writev(head);
    let batch: Array<[string, StoredEntry]> = [];
    let batchBytes = 0;
    /** Bytes written from memory in the current batch, and where each was found in the file once written. */
    let held: HeldBytes[] = [];
    const placed: Array<HeldBytes & { position: number }> = [];
    let position = head[0].byteLength + head[1].byteLength;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const out = frame(batch);
      // The serializer writes a byte array's bytes as they are, in entry order: find each one's place.
      let cursor = 0;
      for (const h of held) {
        const at = out[1].indexOf(h.bytes, cursor);
        if (at < 0) continue;
        placed.push({ ...h, position: position + 4 + at });
        cursor = at + h.bytes.byteLength;
      }
      position += 4 + out[1].byteLength;
      batch = [];
      batchBytes = 0;
      held = [];
      await handle.writev(out);
    };
    for (const [key, entry] of cache) {
      const agent = entry.outcome.agent;
      const own = agent ? bodies.packedOf(agent) : undefined;
      let packedBody: PackedBody | undefined;
      try {
        packedBody = storedBody(own);
      } catch {
        continue; // its body cannot be read any more: left out, the file is parsed again next time
      }
      const derived = agent && saving ? saving.save(agent) : undefined;
      const stored: StoredEntry = { ...entry };
      if (packedBody) stored.packedBody = packedBody;
      if (derived !== undefined) stored.derived = derived;
      if (agent && own && packedBody && 'packed' in packedBody && !('file' in own)) held.push({ agent, kind: 'body', bytes: packedBody.packed, size: packedBody.size, from: own });
      if (agent && derived instanceof Uint8Array && saving?.held?.(agent)) held.push({ agent, kind: 'derived', bytes: derived });
      batch.push([key, stored]);
      // A record takes at most about twice its file (body, frontmatter, description, summary, examples).
      batchBytes += 2 * entry.stamp.size + (derived instanceof Uint8Array ? derived.byteLength : 0);
      if (batch.length >= FRAME_ENTRIES || batchBytes >= FRAME_TARGET_BYTES) await flush();
    }
    await flush();
    const written = await handle.stat();
    await handle.close();
    await fs.promises.rename(tmp, file);
    if (READ_FROM_FILE && placed.length >= ADOPT_MIN_ITEMS) adoptWritten(file, written, placed, bodies, saving);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw err;
  } finally {
    process.off('exit', removeTmp);
  }
}

/** Bytes of one record held in memory when a save wrote them: its packed body, or its derived data. */
interface HeldBytes {
  agent: AgentRecord;
  kind: 'body' | 'derived';
  bytes: Uint8Array;
  /** For a body: the record's body as it was when saved (packed bytes, or text compressed by the save). */
  from?: PackedBody;
  /** For a body: the byte length it inflates to. */
  size?: number;
}

/** Below this many bodies or derived items written from memory, a save leaves them in memory. */
const ADOPT_MIN_ITEMS = 64;

/**
 * After a save, the records whose bodies and derived data were in memory read them from the file just
 * written, as if it had been read at start, and the in-memory copies are freed (docs/decisions.md, "Catalog:
 * the parse cache file"). The bytes at each position are the very bytes that were in memory (found in the
 * serialized frame), so nothing about a record changes but where its bytes live.
 */
function adoptWritten(file: string, written: fs.Stats, placed: ReadonlyArray<HeldBytes & { position: number }>, bodies: BodyStore, saving: DerivedSaving | undefined): void {
  let cached: CachedFile;
  try {
    cached = new CachedFile(fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW), file);
  } catch {
    return;
  }
  let ours = false;
  try {
    const now = fs.fstatSync(cached.fd);
    ours = now.ino === written.ino && now.dev === written.dev;
  } catch {
    // cannot tell: records keep what they have
  }
  // Another process may have renamed its own cache over ours meanwhile: only adopt what we wrote.
  if (!ours) {
    cached.close();
    return;
  }
  for (const p of placed) {
    if (p.kind === 'body') {
      // A record whose body changed meanwhile keeps it.
      if (p.from !== undefined && p.size !== undefined) bodies.relocate(p.agent, p.from, { file: cached, position: p.position, length: p.bytes.byteLength, size: p.size });
    } else {
      saving?.adopt?.(p.agent, { file: cached, position: p.position }, p.bytes.byteLength);
    }
  }
}
