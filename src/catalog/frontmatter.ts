/**
 * Frontmatter reading: the block between the `---` lines is split off the way gray-matter splits it (see
 * splitFrontmatter), strict YAML (the `yaml` package, alias-bomb safe) parses it, and when that fails a
 * lenient reader takes over, reading the block the way Claude Code does: `key: value` lines whose value runs
 * to the end of the line, colons and `<example>` tags included. Blocks of plain one-line `key: value`
 * pairs — most agent files — are read by a small exact reader instead of building a YAML document.
 */
import YAML from 'yaml';
import { hasLineTerminator, skipForward, trimEndWhere } from '../shared/text-scan.js';

export interface FrontmatterResult {
  data: Record<string, unknown>;
  body: string;
  parsedWith: 'yaml' | 'lenient';
  /** True when the file has a `---` frontmatter block at all. */
  hasFrontmatter: boolean;
}

/** Upper bound on frontmatter size; larger blocks are refused rather than parsed. */
export const MAX_FRONTMATTER_BYTES = 1024 * 1024;
/**
 * Blocks of more lines than this go straight to the lenient reader. The yaml parser spends a few
 * microseconds on every line, blank ones included; real frontmatter is a few dozen lines (docs/decisions.md,
 * "Catalog: frontmatter reader").
 */
export const MAX_STRICT_YAML_LINES = 5_000;

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s(.*)|)$/;

/** Claude-Code-style reader: one `key: value` per line; indented or key-less lines continue the value. */
export function parseLenient(block: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let key: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (key === undefined) return;
    out[key] = lenientValue(lines);
  };
  for (const line of block.split(/\r?\n/)) {
    const m = KEY_LINE.exec(line);
    if (m && m[1] !== undefined) {
      flush();
      key = m[1];
      lines = [m[2] ?? ''];
    } else if (key !== undefined) {
      lines.push(line);
    }
  }
  flush();
  return out;
}

function lenientValue(lines: string[]): unknown {
  const first = (lines[0] ?? '').trim();
  const rest = lines.slice(1);
  // A YAML-style list under an empty key: `tools:` then `  - Read` lines.
  if (first === '' && rest.length > 0 && rest.every((l) => l.trim() === '' || /^\s*-\s+/.test(l))) {
    return rest.filter((l) => l.trim() !== '').map((l) => unquote(l.replace(/^\s*-\s+/, '').trim()));
  }
  if (first === '|' || first === '>' || first === '|-' || first === '>-') {
    // trimEnd() removes exactly what `\s+$` matches, without rescanning a long blank run from each start.
    const text = dedent(rest).trimEnd();
    return first.startsWith('>') ? text.replace(/\n(?!\n)/g, ' ') : text;
  }
  const joined = [first, ...rest.map((l) => l.trim())].filter((l, i) => i === 0 || l !== '').join('\n').trim();
  return unquote(joined);
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const n = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(n)).join('\n');
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    const inner = v.slice(1, -1);
    return v.startsWith('"') ? inner.replace(/\\"/g, '"') : inner.replace(/''/g, "'");
  }
  return v;
}

function strictYaml(block: string): Record<string, unknown> | undefined {
  const simple = simpleMapping(block);
  if (simple) return simple;
  const doc = YAML.parse(block, { maxAliasCount: 50, prettyErrors: false, uniqueKeys: false });
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return doc as Record<string, unknown>;
}

/** The key and colon that start a top-level `key: value` line (keys as the lenient reader takes them). */
const KEY_COLON = /^[A-Za-z_][A-Za-z0-9_-]*:/;
/** Characters after which YAML reads a plain value differently (indicators, numbers, `~`), or that it may fold or reject. */
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`~.+0-9]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const SPECIAL_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Scalars the YAML 1.2 core schema reads as null or booleans (any case, to stay on the safe side). */
const TYPED_WORD = /^(?:null|true|false)$/i;
/** YAML's limit on an implicit key's length. */
const MAX_IMPLICIT_KEY = 1024;

/**
 * Exactly what `YAML.parse` (core schema) gives for a block made only of blank lines, comment lines and
 * top-level `key: value` lines whose values are plain strings or one-line quoted strings with simple escapes;
 * undefined for anything else, which the YAML parser then reads. Strings only: any value YAML could read
 * as a number, boolean, null, alias, tag, collection or multi-line scalar is left to YAML. A later duplicate
 * key replaces the earlier value in place, as YAML does with uniqueKeys off.
 */
export function simpleMapping(block: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let start = 0;
  while (start <= block.length) {
    const nl = block.indexOf('\n', start);
    const last = nl < 0;
    let line = block.slice(start, last ? block.length : nl);
    start = last ? block.length + 1 : nl + 1;
    if (line.endsWith('\r') && !last) line = line.slice(0, -1);
    // A lone CR (and a CR ending the block, which YAML keeps in the last value) is YAML's business.
    if (line.includes('\r') || line.includes('\t')) return undefined;
    if (line.trim() === '') {
      if (/[^ ]/.test(line)) return undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    const raw = spacedValue(line);
    if (raw === undefined) return undefined;
    const key = line.slice(0, line.indexOf(':'));
    if (key.length > MAX_IMPLICIT_KEY || key === '__proto__' || TYPED_WORD.test(key)) return undefined;
    const value = scalarValue(trimEndWhere(raw, (c) => c === 32));
    if (value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}

/**
 * The value of a top-level `key: value` line whose colon is followed by spaces: what
 * `/^[A-Za-z_][A-Za-z0-9_-]*: +(.*)$/` captured (the text after those spaces, when the line holds no line
 * terminator), read without letting the spaces and `.*` compete for the same characters.
 */
function spacedValue(line: string): string | undefined {
  const key = KEY_COLON.exec(line);
  if (!key) return undefined;
  const at = key[0].length;
  if (line.charCodeAt(at) !== 32 || hasLineTerminator(line, at)) return undefined;
  return line.slice(skipForward(line, at, (c) => c === 32));
}

function scalarValue(raw: string): string | undefined {
  if (raw === '' || SPECIAL_CHAR.test(raw)) return undefined;
  if (raw.startsWith('"')) return doubleQuoted(raw);
  if (raw.startsWith("'")) return singleQuoted(raw);
  if (NOT_PLAIN_START.test(raw) || TYPED_WORD.test(raw)) return undefined;
  // `: ` and ` #` end a plain scalar (a nested mapping, a comment); so does a colon at the end.
  if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) return undefined;
  return raw;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };

/** `"…"` on one line, nothing after the closing quote, escapes among \\ \" \/ \n \t only. */
function doubleQuoted(raw: string): string | undefined {
  let text = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '"') return i === raw.length - 1 ? text : undefined;
    if (c === '\\') {
      const e = SIMPLE_ESCAPES[raw[i + 1] ?? ''];
      if (e === undefined) return undefined;
      text += e;
      i++;
    } else {
      text += c;
    }
  }
  return undefined;
}

/** `'…'` on one line, nothing after the closing quote; `''` is a quote. */
function singleQuoted(raw: string): string | undefined {
  let text = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== "'") {
      text += c;
      continue;
    }
    if (raw[i + 1] === "'") {
      text += "'";
      i++;
      continue;
    }
    return i === raw.length - 1 ? text : undefined;
  }
  return undefined;
}

/** Deeper nesting than this (brackets or indentation) is not given to the YAML parser (stack and memory). */
export const MAX_YAML_NESTING = 64;

function nestingTooDeep(block: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < block.length; i++) {
    const c = block[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_YAML_NESTING) return true;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  for (const line of block.split('\n')) if ((/^ */.exec(line)?.[0].length ?? 0) > MAX_YAML_NESTING * 2) return true;
  return false;
}

/**
 * The value of a top-level `key: value` line: what `/^[A-Za-z_][A-Za-z0-9_-]*:[ \t]+(.*)$/` captured (the
 * text after the blanks that follow the colon, when the line holds no line terminator), read without letting
 * the blanks and `.*` compete for the same characters.
 */
function plainKeyValue(line: string): string | undefined {
  const key = KEY_COLON.exec(line);
  if (!key) return undefined;
  const at = key[0].length;
  const blank = (c: number): boolean => c === 32 || c === 9;
  if (!blank(line.charCodeAt(at)) || hasLineTerminator(line, at)) return undefined;
  return line.slice(skipForward(line, at, blank));
}

/**
 * True when the block cannot be strict YAML: a top-level plain scalar value containing `": "` (a nested
 * mapping in a compact mapping) or starting with a reserved indicator (`@`, backtick). Skipping the strict
 * parser for these saves building an exception per file (most non-strict catalogs are exactly this shape).
 */
function certainlyNotStrict(block: string): boolean {
  for (const line of block.split('\n')) {
    const value = plainKeyValue(line);
    if (value === undefined || value === '') continue;
    if (/^[@`]/.test(value)) return true;
    if (/^["'[{|>&*!%#]/.test(value)) continue;
    // A comment (blank then #) ends the value.
    const comment = value.search(/[ \t]#/);
    if (/:[ \t]/.test(comment >= 0 ? value.slice(0, comment) : value)) return true;
  }
  return false;
}

function moreLinesThan(block: string, max: number): boolean {
  let lines = 1;
  for (let i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) if (++lines > max) return true;
  return false;
}

/** What the first line of a file with frontmatter looks like: `---`, optional spaces or tabs, end of line. */
const OPENING = /^\uFEFF?---[ \t]*\r?\n/;

/**
 * The block between the `---` lines and the body after them, split exactly as gray-matter 4 splits a file
 * whose first line is `---` (the catalog's reading of agent files follows it): the block runs to the first
 * `\n---` (the rest of that line starts the body), the body loses one leading CR and one LF, and a file
 * with no closing line is all block. `empty` is gray-matter's test for a block with nothing to parse:
 * only whitespace and comment lines.
 */
export function splitFrontmatter(text: string): { block: string; body: string; empty: boolean } | undefined {
  if (!OPENING.test(text)) return undefined;
  const str = text.slice(text.startsWith('\uFEFF') ? 4 : 3);
  const close = str.indexOf('\n---');
  const block = close < 0 ? str : str.slice(0, close);
  let body = close < 0 ? '' : str.slice(close + 4);
  if (body.startsWith('\r')) body = body.slice(1);
  if (body.startsWith('\n')) body = body.slice(1);
  return { block, body, empty: onlyComments(block) };
}

/**
 * gray-matter's `block.replace(/^\s*#[^\n]+/gm, '').trim() === ''`, in one linear pass: every line is blank,
 * or a `#` (after whitespace) followed by at least one more character.
 */
function onlyComments(block: string): boolean {
  for (const line of block.split('\n')) {
    const t = line.trimStart();
    if (t === '') continue;
    if (!t.startsWith('#') || t.length === 1) return false;
  }
  return true;
}

/**
 * Split, then strict YAML, lenient on failure; which one answered is reported so `validate` can say that a
 * file is not strict YAML. Blocks of more than MAX_STRICT_YAML_LINES lines are read by the lenient reader.
 * A file that does not open with a `---` line has no frontmatter and nothing of it is parsed: `---js`,
 * `---json` or `---coffee` is not a language tag that picks an engine to run on the block
 * (docs/decisions.md, "Catalog: frontmatter reader").
 */
export function readFrontmatter(text: string): FrontmatterResult {
  const split = splitFrontmatter(text);
  if (!split) return { data: {}, body: text.startsWith('\uFEFF') ? text.slice(1) : text, parsedWith: 'yaml', hasFrontmatter: false };
  const { block, body, empty } = split;
  if (empty) return { data: {}, body, parsedWith: 'yaml', hasFrontmatter: true };
  if (block.length > MAX_FRONTMATTER_BYTES) throw new Error(`frontmatter larger than ${MAX_FRONTMATTER_BYTES} bytes`);
  if (!certainlyNotStrict(block) && !nestingTooDeep(block) && !moreLinesThan(block, MAX_STRICT_YAML_LINES)) {
    try {
      const strict = strictYaml(block);
      if (strict) return { data: { ...strict }, body, parsedWith: 'yaml', hasFrontmatter: true };
    } catch {
      // not strict YAML: fall through to the lenient reader
    }
  }
  return { data: { ...parseLenient(block) }, body, parsedWith: 'lenient', hasFrontmatter: true };
}
