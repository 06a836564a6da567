/**
 * Parse one journal entry file, whatever its vintage:
 *  - `---` header (title, date, timestamp, any other keys kept) then `## Section` blocks (current format);
 *  - no header, a `# 8:16:46 PM - May 27, 2025` heading, then text or sections (earliest format);
 *  - a header and plain text with no sections (process_feelings era);
 *  - CRLF line ends, a BOM, an unterminated header (half-written file).
 * Entry time: header `timestamp`, else `date` / `created_at`, else the `#` heading, else the path
 * (`YYYY-MM-DD/HH-MM-SS-ffffff.md`), else the file mtime.
 */
import path from 'node:path';
import YAML from 'yaml';
import { atxHeading, hasLineTerminator, skipForward } from '../shared/text-scan.js';
import type { JournalEntry, JournalSection, JournalType, ThoughtField, TimeSource } from './types.js';

/** Sections the journal writers use, in the order process_thoughts writes them. */
export const KNOWN_SECTIONS: ReadonlyArray<{ field: ThoughtField; name: string }> = [
  { field: 'feelings', name: 'Feelings' },
  { field: 'reflections', name: 'Reflections' },
  { field: 'observations', name: 'Observations' },
  { field: 'project_notes', name: 'Project Notes' },
  { field: 'user_context', name: 'User Context' },
  { field: 'technical_insights', name: 'Technical Insights' },
  { field: 'world_knowledge', name: 'World Knowledge' },
];

export const KNOWN_SECTION_KEYS: ReadonlySet<string> = new Set(KNOWN_SECTIONS.map((s) => s.field));

/** "Technical Insights", "technical_insights", "technical-insights" → "technical_insights". */
export function sectionKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_|_$/g, ''); // each run is one "_" by now; `_+$` would rescan a long run from every position
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** `8:16:46 PM - May 27, 2025` (the reference server's title format, local time). */
const TITLE_TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?\s*[Mm]\.?\s*[-–—]\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/;

export function parseTitleTime(title: string): number | undefined {
  const m = TITLE_TIME.exec(title.trim());
  if (!m) return undefined;
  const month = MONTHS[(m[5] ?? '').slice(0, 3).toLowerCase()];
  if (month === undefined) return undefined;
  let hour = Number(m[1]);
  if (hour < 1 || hour > 12) return undefined;
  if (hour === 12) hour = 0;
  if ((m[4] ?? '').toLowerCase() === 'p') hour += 12;
  const d = new Date(Number(m[7]), month, Number(m[6]), hour, Number(m[2]), Number(m[3] ?? 0));
  const t = d.getTime();
  return Number.isFinite(t) ? t : undefined;
}

const DAY_DIR = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_FILE = /^(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,6}))?\.md$/i;

/** Time from `<root>/YYYY-MM-DD/HH-MM-SS-ffffff.md` (local time, like the writer), or the day alone. */
export function timeFromPath(file: string): number | undefined {
  const day = DAY_DIR.exec(path.basename(path.dirname(file)));
  if (!day) return undefined;
  const [y, mo, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
  const tm = TIME_FILE.exec(path.basename(file));
  const date = tm
    ? new Date(y, mo, d, Number(tm[1]), Number(tm[2]), Number(tm[3]), Math.floor(Number((tm[4] ?? '0').padEnd(6, '0')) / 1000))
    : new Date(y, mo, d);
  const t = date.getTime();
  return Number.isFinite(t) ? t : undefined;
}

function timeFromValue(v: unknown, numericIsEpoch: boolean): number | undefined {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (!numericIsEpoch) return undefined;
    // Seconds or milliseconds: epoch seconds stay below 1e11 until the year 5138.
    return v < 1e11 ? v * 1000 : v;
  }
  if (typeof v === 'string' && v.trim() !== '') {
    const s = v.trim();
    if (/^\d+(\.\d+)?$/.test(s)) return numericIsEpoch ? timeFromValue(Number(s), true) : undefined;
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/** Two-digit zero pad. */
const p2 = (n: number): string => String(n).padStart(2, '0');

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The reference title format, `8:16:46 PM - May 27, 2025`, in local time (plain spaces, whatever the ICU). */
export function formatTitle(date: Date): string {
  const h = date.getHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${p2(date.getMinutes())}:${p2(date.getSeconds())} ${h < 12 ? 'AM' : 'PM'} - ${MONTH_NAMES[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Header

const KEY_PREFIX = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:/;

/**
 * A `key: value` header line: the key, and the value after the blanks (undefined after a bare `key:`); what
 * `/^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(.*))?$/` matched, read without letting the blanks and `.*`
 * compete for the same characters.
 */
function simpleKey(line: string): { key: string; value: string | undefined } | undefined {
  const m = KEY_PREFIX.exec(line);
  if (!m) return undefined;
  const at = m[0].length;
  if (at === line.length) return { key: m[1] as string, value: undefined };
  const blank = (c: number): boolean => c === 32 || c === 9;
  if (!blank(line.charCodeAt(at)) || hasLineTerminator(line, at)) return undefined;
  return { key: m[1] as string, value: line.slice(skipForward(line, at, blank)) };
}
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * Fast path for the headers every writer produces (`key: scalar` lines). Returns undefined as soon as
 * anything needs a real YAML parser (lists, quotes with escapes, block scalars, flow collections, anchors…).
 */
function parseSimpleHeader(lines: readonly string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = simpleKey(line);
    if (!m) return undefined;
    const key = m.key;
    const raw = (m.value ?? '').trim();
    if (raw === '') return undefined; // maybe a nested list or map: let YAML decide
    const c = raw[0];
    if (c === '"') {
      if (raw.length < 2 || !raw.endsWith('"') || raw.slice(1, -1).includes('"') || raw.includes('\\')) return undefined;
      out[key] = raw.slice(1, -1);
    } else if (c === "'") {
      if (raw.length < 2 || !raw.endsWith("'") || raw.slice(1, -1).includes("'")) return undefined;
      out[key] = raw.slice(1, -1);
    } else if ('[{|>&*!%@`'.includes(c as string) || raw.includes(' #') || /:\s/.test(raw)) {
      return undefined;
    } else if (PLAIN_NUMBER.test(raw)) {
      out[key] = Number(raw);
    } else if (raw === 'true' || raw === 'false') {
      out[key] = raw === 'true';
    } else if (raw === 'null' || raw === '~') {
      out[key] = null;
    } else {
      out[key] = raw;
    }
  }
  return out;
}

/** Last resort for a header YAML refuses: `key: value` lines, the value taken verbatim. */
function parseLenientHeader(lines: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of lines) {
    const m = simpleKey(line);
    if (!m) continue;
    let v = (m.value ?? '').trim();
    if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
    out[m.key] = PLAIN_NUMBER.test(v) ? Number(v) : v;
  }
  return out;
}

/**
 * A copy of a string that does not pin the text it was cut from: V8 substrings keep their parent alive, so a
 * title sliced from a file would hold the whole file in memory for as long as the entry lives.
 */
export const detach = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

function detachValues(data: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') data[k] = detach(v);
  return data;
}

export function parseHeaderLines(lines: readonly string[]): Record<string, unknown> {
  const simple = parseSimpleHeader(lines);
  if (simple) return detachValues(simple);
  try {
    const data: unknown = YAML.parse(lines.join('\n'), { maxAliasCount: 50, prettyErrors: false, uniqueKeys: false });
    if (data && typeof data === 'object' && !Array.isArray(data)) return detachValues(data as Record<string, unknown>);
  } catch {
    // fall through to the lenient reader
  }
  return detachValues(parseLenientHeader(lines));
}

// ---------------------------------------------------------------------------------------------------------------
// Body

const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

interface BodyParts {
  h1?: string;
  preamble: string;
  sections: JournalSection[];
}

function splitBody(lines: readonly string[]): BodyParts {
  const sections: JournalSection[] = [];
  const pre: string[] = [];
  let h1: string | undefined;
  let current: { name: string; lines: string[] } | undefined;
  let fence: string | undefined;
  const flush = (): void => {
    if (!current) return;
    sections.push({ name: detach(current.name), key: sectionKey(current.name), text: current.lines.join('\n').trim() });
  };
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (f) {
      const marker = (f[1] as string)[0] as string;
      if (fence === undefined) fence = marker;
      else if (fence === marker) fence = undefined;
    }
    if (fence === undefined && !f && line.startsWith('#')) {
      const h = atxHeading(line, 'space-tab');
      if (h) {
        const { level, text } = h;
        if (level === 2 && text !== '') {
          flush();
          current = { name: text, lines: [] };
          continue;
        }
        if (level === 1 && h1 === undefined && !current && pre.every((l) => l.trim() === '')) {
          h1 = text;
          continue;
        }
      }
    }
    if (current) current.lines.push(line);
    else pre.push(line);
  }
  flush();
  const out: BodyParts = { preamble: pre.join('\n').trim(), sections };
  if (h1 !== undefined) out.h1 = detach(h1);
  return out;
}

/**
 * Text for one section of a new entry, made to read back as that one section: line ends become `\n` (the
 * reader splits on `\r` too), a line the reader would take for a new section (`## Name` outside a code fence)
 * gets a backslash (`\## Name`, which markdown shows as the literal text), and a code fence left open is
 * closed (an open fence would hide every section after it). Mirrors splitBody's rules.
 */
export function escapeSectionText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let fence: { marker: string; length: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const f = FENCE.exec(line);
    if (f) {
      const run = f[1] as string;
      if (fence === undefined) fence = { marker: run[0] as string, length: run.length };
      else if (fence.marker === run[0]) fence = undefined;
      continue;
    }
    if (fence === undefined && line.startsWith('##')) {
      const h = atxHeading(line, 'space-tab');
      if (h && h.level === 2 && h.text !== '') lines[i] = `\\${line}`;
    }
  }
  if (fence) lines.push(fence.marker.repeat(fence.length));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Entry

export interface ParseEntryInput {
  /** File text as read (any line ends). */
  text: string;
  /** Absolute path of the file (used for the time fallback and reported as is). */
  path: string;
  type: JournalType;
  /** File mtime, the last time fallback. */
  mtimeMs?: number;
}

/** Split the text into header lines (undefined when there is no complete header) and body lines. */
export function splitHeader(text: string): { header?: string[]; body: string[] } {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  const lines = t.split('\n');
  if ((lines[0] ?? '').trimEnd() === '---') {
    for (let i = 1; i < lines.length; i++) {
      const l = (lines[i] as string).trimEnd();
      if (l === '---' || l === '...') return { header: lines.slice(1, i), body: lines.slice(i + 1) };
    }
  }
  return { body: lines };
}

export function parseEntry(input: ParseEntryInput): JournalEntry {
  const { header: headerLines, body } = splitHeader(input.text);
  const header = headerLines ? parseHeaderLines(headerLines) : {};
  const parts = splitBody(body);

  let time: number | undefined;
  let timeSource: TimeSource = 'none';
  const pick = (t: number | undefined, source: TimeSource): void => {
    if (time === undefined && t !== undefined && Number.isFinite(t)) {
      time = t;
      timeSource = source;
    }
  };
  pick(timeFromValue(header.timestamp, true), 'timestamp');
  pick(timeFromValue(header.date, false), 'date');
  pick(timeFromValue(header.created_at, true), 'date');
  pick(timeFromValue(header.created, false), 'date');
  const headerTitle = typeof header.title === 'string' && header.title.trim() !== '' ? header.title.trim() : undefined;
  if (parts.h1 !== undefined) pick(parseTitleTime(parts.h1), 'heading');
  if (headerTitle !== undefined) pick(parseTitleTime(headerTitle), 'heading');
  pick(timeFromPath(input.path), 'path');
  pick(input.mtimeMs, 'mtime');

  const title = headerTitle ?? parts.h1 ?? (time !== undefined ? formatTitle(new Date(time)) : path.basename(input.path, '.md'));
  return {
    path: input.path,
    type: input.type,
    time: time ?? 0,
    timeSource,
    title,
    header,
    hasHeader: headerLines !== undefined,
    sections: parts.sections,
    preamble: parts.preamble,
  };
}

/** Section name → text; a repeated name has its texts joined by a blank line. */
export function sectionTexts(entry: JournalEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of entry.sections) out[s.name] = out[s.name] !== undefined ? `${out[s.name]}\n\n${s.text}` : s.text;
  return out;
}

/** Distinct section names, in file order. */
export function sectionNames(entry: JournalEntry): string[] {
  return [...new Set(entry.sections.map((s) => s.name))];
}

/** All the searchable text of an entry, for scanning and for a default excerpt. */
export function entryText(entry: JournalEntry): string {
  return [entry.preamble, ...entry.sections.map((s) => s.text)].filter((t) => t !== '').join('\n\n');
}
