/**
 * Frontmatter reading: gray-matter splits the file, strict YAML (the `yaml` package, alias-bomb safe) parses
 * it, and when that fails a lenient reader takes over, reading the block the way Claude Code does:
 * `key: value` lines whose value runs to the end of the line, colons and `<example>` tags included.
 */
import matter from 'gray-matter';
import YAML from 'yaml';

export interface FrontmatterResult {
  data: Record<string, unknown>;
  body: string;
  parsedWith: 'yaml' | 'lenient';
  /** True when the file has a `---` frontmatter block at all. */
  hasFrontmatter: boolean;
}

/** Upper bound on frontmatter size; larger blocks are refused rather than parsed. */
export const MAX_FRONTMATTER_BYTES = 1024 * 1024;

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
    const text = dedent(rest).replace(/\s+$/, '');
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

function certainlyNotStrict(block: string): boolean {
  for (const line of block.split('\n')) {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*:[ \t]+(.*)$/.exec(line);
    const value = m?.[1];
    if (value === undefined || value === '') continue;
    if (/^[@`]/.test(value)) return true;
    if (/^["'[{|>&*!%#]/.test(value)) continue;
    if (/:[ \t]/.test(value.replace(/[ \t]#.*$/, ''))) return true;
  }
  return false;
}

/**
 * gray-matter with a YAML engine that never throws: strict parse first, lenient on failure. Which one
 * answered is reported so `validate` can say that a file is not strict YAML.
 */
export function readFrontmatter(text: string): FrontmatterResult {
  let parsedWith: 'yaml' | 'lenient' = 'yaml';
  const engine = (block: string): Record<string, unknown> => {
    if (block.length > MAX_FRONTMATTER_BYTES) throw new Error(`frontmatter larger than ${MAX_FRONTMATTER_BYTES} bytes`);
    if (!certainlyNotStrict(block) && !nestingTooDeep(block)) {
      try {
        const strict = strictYaml(block);
        if (strict) return strict;
      } catch {
        // not strict YAML: fall through to the lenient reader
      }
    }
    parsedWith = 'lenient';
    return parseLenient(block);
  };
  // gray-matter caches by input string; pass a fresh options object so the engine always runs.
  const file = matter(text, { engines: { yaml: engine }, language: 'yaml' });
  const hasFrontmatter = /^\uFEFF?---[ \t]*\r?\n/.test(text);
  return { data: { ...(file.data as Record<string, unknown>) }, body: file.content, parsedWith, hasFrontmatter };
}
