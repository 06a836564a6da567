/**
 * Frontmatter reading: the `---` block is split off (as gray-matter did), strict YAML (the `yaml` package,
 * alias-bomb safe) parses it, and when that fails a lenient reader takes over, reading the block the way Claude Code does:
 * `key: value` lines whose value runs to the end of the line, colons and `<example>` tags included.
 */
import YAML from 'yaml';
import { hasLineTerminator, skipForward } from '../text-scan.js';

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
 * microseconds on every line, blank ones included (1 MB of newlines: seconds per file); real frontmatter is
 * a few dozen lines.
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
  const doc = YAML.parse(block, { maxAliasCount: 50, prettyErrors: false, uniqueKeys: false });
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return doc as Record<string, unknown>;
}

/**
 * True when the block cannot be strict YAML: a top-level plain scalar value containing `": "` (a nested
 * mapping in a compact mapping) or starting with a reserved indicator (`@`, backtick). Skipping the strict
 * parser for these saves building an exception per file (most non-strict catalogs are exactly this shape).
 */
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
  const key = /^[A-Za-z_][A-Za-z0-9_-]*:/.exec(line);
  if (!key) return undefined;
  const at = key[0].length;
  const blank = (c: number): boolean => c === 32 || c === 9;
  if (!blank(line.charCodeAt(at)) || hasLineTerminator(line, at)) return undefined;
  return line.slice(skipForward(line, at, blank));
}

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

/**
 * True when a frontmatter block holds nothing but blank lines and `#` comment lines: gray-matter's test
 * (`block.replace(/^\s*#[^\n]+/gm, '').trim() === ''`), which rescanned every following blank line from each
 * line start, done line by line.
 */
function onlyComments(block: string): boolean {
  for (const line of block.split('\n')) {
    const t = line.trimStart();
    if (t !== '' && !(t.charCodeAt(0) === 35 && t.length >= 2)) return false;
  }
  return true;
}

/**
 * Split a file into frontmatter and body the way gray-matter 4 does for a `---` block (BOM dropped; the
 * block runs to the first line starting with `---`, or to the end; one line break after that delimiter
 * line's `---` is dropped), then parse the block: strict YAML first, the lenient reader when that fails.
 * Which one answered is reported so `validate` can say that a file is not strict YAML.
 *
 * A file whose first line is not `---` (blanks allowed) has no frontmatter and nothing is parsed. (gray-matter
 * read `---js`, `---json` or `---coffee` first lines as a language tag and ran that engine on the block:
 * `---js` was evaluated as JavaScript. Such files were skipped as NO_FRONTMATTER afterwards anyway.)
 */
export function readFrontmatter(text: string): FrontmatterResult {
  const str = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const hasFrontmatter = /^---[ \t]*\r?\n/.test(str);
  if (!hasFrontmatter) return { data: {}, body: str, parsedWith: 'yaml', hasFrontmatter };
  const rest = str.slice(3);
  let close = rest.indexOf('\n---');
  if (close < 0) close = rest.length;
  const block = rest.slice(0, close);
  let body = close === rest.length ? '' : rest.slice(close + 4);
  if (body.startsWith('\r')) body = body.slice(1);
  if (body.startsWith('\n')) body = body.slice(1);
  if (onlyComments(block)) return { data: {}, body, parsedWith: 'yaml', hasFrontmatter };
  if (block.length > MAX_FRONTMATTER_BYTES) throw new Error(`frontmatter larger than ${MAX_FRONTMATTER_BYTES} bytes`);
  if (!certainlyNotStrict(block) && !nestingTooDeep(block) && !moreLinesThan(block, MAX_STRICT_YAML_LINES)) {
    try {
      const strict = strictYaml(block);
      if (strict) return { data: { ...strict }, body, parsedWith: 'yaml', hasFrontmatter };
    } catch {
      // not strict YAML: fall through to the lenient reader
    }
  }
  return { data: parseLenient(block), body, parsedWith: 'lenient', hasFrontmatter };
}
