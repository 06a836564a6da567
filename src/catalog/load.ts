/** Discovery and snapshot building: scan every source, parse, apply precedence, report shadowing. */
import fs from 'node:fs/promises';
import { lstatSync, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { BodyStore, packBody, type PackedBody } from './packed-body.js';
import { shareRecordStrings } from './share-strings.js';
import type { AgentRecord, AgentSource, CatalogSnapshot, Diagnostic, ShadowedAgent } from './types.js';
import type * as ParserModule from './parse-agent.js';
import { walkAgentFiles, walkAgentFilesSync } from './walk.js';

/** Agent files larger than this are skipped with a diagnostic (real agents are < 100 KB). */
export const MAX_AGENT_FILE_BYTES = 2 * 1024 * 1024;
export { MAX_SCAN_DEPTH } from './walk.js';

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface ParseCacheEntry {
  stamp: FileStamp;
  outcome: { agent?: AgentRecord; diagnostic?: Diagnostic };
}

/**
 * Parsed files keyed by path, reused while path + mtime + size are unchanged. The store keeps one across
 * reloads so an edit re-parses one file, not the catalog.
 */
export type ParseCache = Map<string, ParseCacheEntry>;

interface ScannedFile {
  path: string;
  source: AgentSource;
  /** lstat from the scan: a plain file needs no further stat; a symlink is resolved and checked. */
  stamp?: FileStamp;
  symlink: boolean;
}

/** An asynchronous scan stats agent files for this long before letting the event loop turn (ms). */
const STAT_SLICE_MS = 10;

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

async function scanSource(source: AgentSource, diagnostics: Diagnostic[], sync: boolean): Promise<ScannedFile[]> {
  try {
    const st = await fs.stat(source.dir);
    if (!st.isDirectory()) {
      diagnostics.push({ path: source.dir, code: 'NOT_A_FOLDER', message: `agent source ${source.label} is not a folder` });
      return [];
    }
  } catch {
    // A missing optional folder (.claude/agents, ~/.claude/agents) is normal; a missing --agents folder is not.
    if (source.kind === 'flag') diagnostics.push({ path: source.dir, code: 'MISSING_FOLDER', message: `agent folder does not exist: ${source.dir}` });
    return [];
  }
  // Paths are reported under the folder as the user named it; links inside are checked against its real
  // path. Entries carry their directory entry's type: only agent files get an lstat (below).
  const entries = sync ? walkAgentFilesSync(source.dir) : await walkAgentFiles(source.dir);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: ScannedFile[] = [];
  let until = performance.now() + STAT_SLICE_MS;
  for (const e of entries) {
    const symlink = e.dirent.isSymbolicLink();
    if (!symlink && !e.dirent.isFile()) {
      diagnostics.push({ path: e.path, code: 'NOT_A_FILE', message: `is a ${e.dirent.isDirectory() ? 'folder' : 'special file'} named like an agent file; skipped` });
      continue;
    }
    const file: ScannedFile = { path: e.path, source, symlink };
    if (!symlink) {
      // Sync lstat: several times cheaper per file than a threadpool call. A file that vanished or changed
      // type meanwhile gets no stamp here; parseFile then checks it again and says what it is.
      const st = lstatOrUndefined(e.path);
      if (st?.isFile()) file.stamp = { mtimeMs: st.mtimeMs, size: st.size };
    }
    files.push(file);
    if (!sync && performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + STAT_SLICE_MS;
    }
  }
  return files;
}

async function stampOf(file: string): Promise<FileStamp> {
  const st = await fs.stat(file);
  return { mtimeMs: st.mtimeMs, size: st.size };
}

/** What the parses of one load share. */
interface ParseRun {
  /** Keep bodies as text; the parse cache write compresses them (see BuildOptions.packOnSave). */
  packLater: boolean;
  /** Source folder paths interned across this load's records (share-strings.ts). */
  folders: Map<string, string>;
  /**
   * The parser (frontmatter split, two YAML readers, zod schema), imported on the first parse: a start served
   * from the parse cache does not load or compile it, a measurable share of a cold start.
   */
  parser(): Promise<typeof ParserModule>;
}

/** Read and parse one file, refusing what is too big, not a regular file, or a link pointing outside its source. */
async function parseFile(file: ScannedFile, rootReal: string, run: ParseRun): Promise<ParseCacheEntry['outcome'] & { stamp?: FileStamp; body?: PackedBody }> {
  const diag = (code: string, message: string): { diagnostic: Diagnostic } => ({ diagnostic: { path: file.path, code, message } });
  let real = file.path;
  let stamp: FileStamp;
  try {
    if (file.symlink || !file.stamp) {
      real = await fs.realpath(file.path);
      const st = await fs.stat(real);
      if (!st.isFile()) return diag('NOT_A_FILE', 'not a regular file; skipped');
      stamp = { mtimeMs: st.mtimeMs, size: st.size };
    } else {
      stamp = file.stamp;
    }
    if (stamp.size > MAX_AGENT_FILE_BYTES) {
      return { ...diag('TOO_LARGE', `file is ${stamp.size} bytes, over the ${MAX_AGENT_FILE_BYTES}-byte limit for an agent file; skipped`), stamp };
    }
  } catch (err) {
    return diag('UNREADABLE', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); skipped`);
  }
  if (file.symlink && real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    return diag('LINK_OUTSIDE', `is a symlink to ${real}, outside its source folder; skipped (add that folder with --agents instead)`);
  }
  let buf: Buffer;
  try {
    // Sync read on purpose: promise-based readFile costs several times more per small file, and files are
    // capped at MAX_AGENT_FILE_BYTES; reloads only read the files that changed (docs/decisions.md, "Files:
    // small files read synchronously").
    buf = readFileSync(real);
  } catch (err) {
    return diag('UNREADABLE', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); skipped`);
  }
  if (buf.includes(0)) return { ...diag('BINARY', 'contains NUL bytes (binary, not markdown); skipped'), stamp };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { ...diag('INVALID_UTF8', 'is not valid UTF-8 text; skipped'), stamp };
  }
  const { parseAgentText } = await run.parser();
  const outcome = parseAgentText(text, file.path, file.source);
  if (!outcome.ok) return { diagnostic: outcome.diagnostic, stamp };
  // structuredClone gives every kept string its own storage: parsed strings are often slices of the whole
  // file text, and would otherwise keep every file's full text alive (docs/decisions.md, "Catalog: records
  // hold only their own strings").
  const agent = Object.freeze(shareRecordStrings(structuredClone(outcome.agent), run.folders));
  return { agent, body: run.packLater ? { text: outcome.body } : packBody(outcome.body), stamp };
}

/** How long a load runs before it gives the event loop a turn (signals, requests), in ms. */
const LOAD_SLICE_MS = 20;

/**
 * `fn` over `items`, `limit` at a time. Files served from the parse cache or read synchronously resolve at
 * once, so the loop would otherwise hold the event loop for the whole load (seconds at 10,000 agents):
 * it yields every LOAD_SLICE_MS.
 */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let sliceStart = performance.now();
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      if (performance.now() - sliceStart > LOAD_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface BuildOptions {
  sources: readonly AgentSource[];
  sharedPromptDirs: readonly string[];
  cache?: ParseCache;
  /** Where the records' bodies are kept; the one the cache's records were read or parsed into (default: a new one). */
  bodies?: BodyStore;
  version?: number;
  /** Called once per file that had to be parsed (a cache miss): the cache has changed. */
  onParsed?: (path: string) => void;
  /**
   * List the folders with synchronous calls: faster than the asynchronous walk (one call per folder is
   * not awaited) but it holds the event loop for the whole walk, so only for small catalogs.
   */
  syncScan?: boolean;
  /**
   * Leave freshly parsed bodies uncompressed: the parse cache write compresses them (in the background,
   * after the first answers) and the records then read them from the file. Only for catalogs of up to
   * PACK_ON_SAVE_MAX_FILES files, whose bodies are a few MB of text meanwhile.
   */
  packOnSave?: boolean;
}

/** Up to this many files, a load with packOnSave leaves compressing bodies to the cache write. */
export const PACK_ON_SAVE_MAX_FILES = 3_000;

/** Up to this many files (known from the parse cache), a first load lists its folders synchronously. */
export const SYNC_SCAN_MAX_FILES = 3_000;

export async function buildSnapshot(options: BuildOptions): Promise<CatalogSnapshot> {
  const diagnostics: Diagnostic[] = [];
  const cache = options.cache ?? new Map();
  const bodies = options.bodies ?? new BodyStore();
  const perSource = await Promise.all(options.sources.map((s) => scanSource(s, diagnostics, options.syncScan ?? false)));
  const roots = await Promise.all(options.sources.map((s) => fs.realpath(s.dir).catch(() => s.dir)));
  const files: Array<ScannedFile & { rootReal: string }> = [];
  perSource.forEach((list, i) => list.forEach((f) => files.push({ ...f, rootReal: roots[i] ?? f.source.dir })));

  let parser: Promise<typeof ParserModule> | undefined;
  const run: ParseRun = {
    packLater: (options.packOnSave ?? false) && files.length <= PACK_ON_SAVE_MAX_FILES,
    folders: new Map(),
    parser: () => (parser ??= import('./parse-agent.js')),
  };
  const outcomes = await mapLimit(files, 64, async (file) => {
    const cached = cache.get(file.path);
    if (cached) {
      const stamp = file.stamp ?? (await stampOf(file.path).catch(() => undefined));
      if (stamp && stamp.mtimeMs === cached.stamp.mtimeMs && stamp.size === cached.stamp.size && sameSource(cached.outcome.agent, file.source)) {
        return cached.outcome;
      }
    }
    const result = await parseFile(file, file.rootReal, run);
    options.onParsed?.(file.path);
    const { stamp, body, ...outcome } = result;
    if (outcome.agent && body) bodies.keep(outcome.agent, body);
    if (stamp) cache.set(file.path, { stamp, outcome });
    else cache.delete(file.path);
    return outcome;
  });
  const present = new Set(files.map((f) => f.path));
  for (const key of cache.keys()) {
    if (!present.has(key)) {
      cache.delete(key);
      options.onParsed?.(key);
    }
  }

  const agents = new Map<string, AgentRecord>();
  const shadowed: ShadowedAgent[] = [];
  for (const outcome of outcomes) {
    if (outcome.diagnostic) diagnostics.push(outcome.diagnostic);
    const agent = outcome.agent;
    if (!agent) continue;
    const winner = agents.get(agent.name);
    if (winner) shadowed.push({ name: agent.name, winner: winner.path, shadowed: agent.path });
    else agents.set(agent.name, agent);
  }
  return {
    agents,
    bodies,
    names: [...agents.keys()].sort(),
    diagnostics,
    shadowed,
    sources: options.sources,
    sharedPromptDirs: options.sharedPromptDirs,
    loadedAt: Date.now(),
    version: options.version ?? 1,
  };
}

function sameSource(agent: AgentRecord | undefined, source: AgentSource): boolean {
  return agent === undefined || (agent.source === source.kind && agent.sourceDir === source.dir);
}
