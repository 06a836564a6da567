/**
 * The shape check of one parse-cache entry as read back: whoever can write the cache folder writes these, so
 * every field is checked for type and bounds before a record is trusted (a `name: 12345` would break
 * list_agents on every start, a path of another file would be served as the agent's). Frontmatter, which may
 * hold anything YAML can, is walked iteratively within a node budget (a serialized value can share one
 * object many times over, a structure that would take forever to walk naively), and views into the reader's
 * reused buffer are copied on the way.
 */
import type { SourceKind } from './types.js';

/** Nodes visited in one record's frontmatter, at most: a 1 MB frontmatter block cannot hold more. */
const MAX_FRONTMATTER_NODES = 1_100_000;
/** Examples per agent, at most (real agents have a handful). */
const MAX_EXAMPLES = 10_000;

const SOURCE_KINDS: ReadonlySet<string> = new Set<SourceKind>(['flag', 'project', 'user', 'bundled']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const isSize = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

function onlyKeys(o: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const k of Object.keys(o)) if (!allowed.has(k)) return false;
  return true;
}

const AGENT_KEYS: ReadonlySet<string> = new Set(['name', 'description', 'summary', 'frontmatter', 'model', 'color', 'tools', 'source', 'sourceDir', 'path', 'examples', 'parsedWith']);
const EXAMPLE_KEYS: ReadonlySet<string> = new Set(['context', 'user', 'assistant', 'commentary']);
const STORED_KEYS: ReadonlySet<string> = new Set(['stamp', 'outcome', 'packedBody', 'derived']);
const OUTCOME_KEYS: ReadonlySet<string> = new Set(['agent', 'diagnostic']);

/**
 * Walks a frontmatter value: plain data only (what a YAML reader produces), within the node budget. Typed
 * arrays that `owns` claims (views into a buffer about to be reused) are replaced by copies, in place.
 */
function checkFrontmatter(root: unknown, owns: (view: ArrayBufferView) => boolean): boolean {
  if (!isRecord(root)) return false;
  // Plain loops, no closures: this runs over every record of a load (10,000 at scale).
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++visited > MAX_FRONTMATTER_NODES) return false;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function' || typeof v === 'symbol') return false;
      continue;
    }
    if (ArrayBuffer.isView(v) || v instanceof Date || v instanceof RegExp) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (typeof child === 'object' && child !== null && ArrayBuffer.isView(child) && owns(child)) v[i] = copyView(child);
        else if (typeof child === 'object' && child !== null) stack.push(child);
        else if (typeof child === 'function' || typeof child === 'symbol') return false;
        else visited++;
      }
    } else if (v instanceof Map || v instanceof Set) {
      for (const x of v) stack.push(x);
    } else {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const child = o[key];
        if (typeof child === 'object' && child !== null && ArrayBuffer.isView(child) && owns(child)) o[key] = copyView(child);
        else if (typeof child === 'object' && child !== null) stack.push(child);
        else if (typeof child === 'function' || typeof child === 'symbol') return false;
        else visited++;
      }
    }
  }
  return visited <= MAX_FRONTMATTER_NODES;
}

function copyView(view: ArrayBufferView): ArrayBufferView {
  const bytes = new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  if (Buffer.isBuffer(view)) return Buffer.from(bytes.buffer);
  const Ctor = view.constructor as new (buffer: ArrayBufferLike) => ArrayBufferView;
  return new Ctor(bytes.buffer);
}

function checkExamples(v: unknown): boolean {
  if (!Array.isArray(v) || v.length > MAX_EXAMPLES) return false;
  for (const e of v) {
    if (!isRecord(e) || !onlyKeys(e, EXAMPLE_KEYS) || !isString(e.user)) return false;
    if (!optionalString(e.context) || !optionalString(e.assistant) || !optionalString(e.commentary)) return false;
  }
  return true;
}

/** True when `agent` has exactly the fields of an AgentRecord (body aside), of the right types, for the file `key`. */
function checkAgent(agent: unknown, key: string, owns: (view: ArrayBufferView) => boolean): boolean {
  if (!isRecord(agent) || !onlyKeys(agent, AGENT_KEYS)) return false;
  const a = agent;
  if (!isString(a.name) || a.name.trim() === '' || !isString(a.description) || !isString(a.summary)) return false;
  if (a.path !== key || !isString(a.sourceDir) || !isString(a.source) || !SOURCE_KINDS.has(a.source)) return false;
  if (a.parsedWith !== 'yaml' && a.parsedWith !== 'lenient') return false;
  if (!optionalString(a.model) || !optionalString(a.color)) return false;
  if (a.tools !== undefined && !(Array.isArray(a.tools) && a.tools.every(isString))) return false;
  if (!checkExamples(a.examples)) return false;
  return checkFrontmatter(a.frontmatter, owns);
}

/**
 * Checks one entry `[key, stored]` of a cache frame. Returns the stamp's file size (the bound of the body's
 * inflated size) when the entry is well formed, else undefined: the caller then drops the whole cache.
 */
export function checkStoredEntry(e: unknown, owns: (view: ArrayBufferView) => boolean): { key: string; fileSize: number } | undefined {
  if (!Array.isArray(e) || e.length !== 2 || !isString(e[0]) || e[0] === '') return undefined;
  const key = e[0];
  const stored = e[1] as unknown;
  if (!isRecord(stored) || !onlyKeys(stored, STORED_KEYS)) return undefined;
  const stamp = stored.stamp;
  if (!isRecord(stamp) || typeof stamp.mtimeMs !== 'number' || !Number.isFinite(stamp.mtimeMs) || !isSize(stamp.size)) return undefined;
  const outcome = stored.outcome;
  if (!isRecord(outcome) || !onlyKeys(outcome, OUTCOME_KEYS)) return undefined;
  if (outcome.agent !== undefined) {
    if (outcome.diagnostic !== undefined || !checkAgent(outcome.agent, key, owns)) return undefined;
  } else {
    const d = outcome.diagnostic;
    if (!isRecord(d) || d.path !== key || !isString(d.code) || !isString(d.message) || stored.packedBody !== undefined) return undefined;
  }
  return { key, fileSize: stamp.size };
}
