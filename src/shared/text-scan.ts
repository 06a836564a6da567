/**
 * Linear-time text scanning for untrusted text (agent files, fragments, journal entries, task text).
 *
 * Each function here replaces a regular expression whose backtracking made it quadratic or worse on crafted
 * input (a long run of spaces before a non-matching character, thousands of unclosed `<example>` or
 * `<!--` markers, ...) and gives the same result the expression gave: every step moves forward through the
 * text, or looks at a bounded number of characters (docs/decisions.md, "Hostile text: linear scans instead of
 * backtracking expressions").
 */

/** Whether a UTF-16 code unit is matched by `\s` in a JavaScript regular expression (and removed by trim()). */
export function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Whether a code unit ends a line for `.` and `^`/`$` in multiline mode: \n, \r, U+2028, U+2029. */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Whether a code unit is matched by `\w` (ASCII letters, digits, underscore). */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** True when `text` holds a line terminator in [from, to). */
export function hasLineTerminator(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) if (isLineTerminator(text.charCodeAt(i))) return true;
  return false;
}

/** Index after the run of characters satisfying `pred` that starts at `from`. */
export function skipForward(text: string, from: number, pred: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && pred(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the start of the run of characters satisfying `pred` that ends at `to` (exclusive). */
export function skipBackward(text: string, to: number, pred: (c: number) => boolean, floor = 0): number {
  let i = to;
  while (i > floor && pred(text.charCodeAt(i - 1))) i--;
  return i;
}

/** `text` without the characters satisfying `pred` at its end (what `.replace(/[set]+$/, '')` does). */
export function trimEndWhere(text: string, pred: (c: number) => boolean): string {
  const end = skipBackward(text, text.length, pred);
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the characters satisfying `pred` at its start (what `.replace(/^[set]+/, '')` does). */
export function trimStartWhere(text: string, pred: (c: number) => boolean): string {
  const start = skipForward(text, 0, pred);
  return start === 0 ? text : text.slice(start);
}

/** Whether `text` at `at` spells `lower` (ASCII letters compared case-insensitively, everything else exactly). */
export function startsWithAsciiCI(text: string, lower: string, at: number): boolean {
  if (at < 0 || at + lower.length > text.length) return false;
  for (let k = 0; k < lower.length; k++) {
    let c = text.charCodeAt(at + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * First index ≥ `from` where `text` spells `lower` case-insensitively (ASCII letters only, as a non-Unicode
 * `/i` regular expression compares them), or -1. `lower` must start with a character that is not a letter.
 */
export function indexOfAsciiCI(text: string, lower: string, from = 0): number {
  const first = lower[0] ?? '';
  for (let i = text.indexOf(first, from); i >= 0; i = text.indexOf(first, i + 1)) {
    if (startsWithAsciiCI(text, lower, i)) return i;
  }
  return -1;
}

export interface Block {
  /** Index of the opening marker. */
  start: number;
  /** Index after the opening marker. */
  innerStart: number;
  /** Index of the closing marker. */
  innerEnd: number;
  /** Index after the closing marker. */
  end: number;
}

/**
 * Every `open … close` block, left to right, each closed by the first `close` after its `open`, without
 * overlaps: the matches of `/open([\s\S]*?)close/g` (with the `i` flag when `caseInsensitive`; markers
 * then given in lower case and starting with a non-letter, like `<example>`). Linear: when an opening marker
 * has no closing marker after it, no later one has either, so the scan stops there instead of trying each.
 */
export function blocks(text: string, open: string, close: string, caseInsensitive = false): Block[] {
  const find = caseInsensitive ? (s: string, from: number) => indexOfAsciiCI(text, s, from) : (s: string, from: number) => text.indexOf(s, from);
  const out: Block[] = [];
  let from = 0;
  for (;;) {
    const start = find(open, from);
    if (start < 0) break;
    const innerEnd = find(close, start + open.length);
    if (innerEnd < 0) break;
    const end = innerEnd + close.length;
    out.push({ start, innerStart: start + open.length, innerEnd, end });
    from = end;
  }
  return out;
}

/** `text` with each of `spans` (sorted, not overlapping) replaced by `replace(span text)`. */
export function replaceSpans(text: string, spans: ReadonlyArray<{ start: number; end: number }>, replace: (matched: string) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + replace(text.slice(s.start, s.end));
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * A markdown ATX heading line, read the way `/^(#{1,6})B+(.*?)B*#*B*$/` reads it, where B is `\s` (`blank`
 * 'any') or `[ \t]` (`blank` 'space-tab'): 1–6 `#`, blanks, the text, then optional closing `#`s and blanks.
 * As with that expression, the text must not hold a line terminator, and closing hashes are those at the
 * very end after the text's own trailing blanks ("C#" reads as "C"). Undefined when the line is no heading.
 */
export function atxHeading(line: string, blank: 'any' | 'space-tab'): { level: number; text: string } | undefined {
  const isBlank = blank === 'any' ? isSpace : (c: number) => c === 32 || c === 9;
  let level = 0;
  while (level < line.length && line.charCodeAt(level) === 35) level++;
  if (level < 1 || level > 6) return undefined;
  const textStart = skipForward(line, level, isBlank);
  if (textStart === level) return undefined;
  // The closing part, from the end: blanks, hashes, blanks.
  let end = skipBackward(line, line.length, isBlank, textStart);
  end = skipBackward(line, end, (c) => c === 35, textStart);
  end = skipBackward(line, end, isBlank, textStart);
  if (hasLineTerminator(line, textStart, end)) return undefined;
  return { level, text: line.slice(textStart, end) };
}
