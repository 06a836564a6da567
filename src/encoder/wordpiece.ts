/**
 * BERT "uncased" WordPiece tokenisation, the way Hugging Face `tokenizers` does it for the teacher model
 * (BertNormalizer with lowercase + accent stripping, BertPreTokenizer, WordPiece with `##` continuations),
 * so that token ids match the Python side exactly (test/encoder checks them against ids written by it).
 *
 * Linear in the input: every loop walks the text or a word once (a word is at most MAX_WORD_CHARS code
 * points, so the longest-match search is bounded too). No regular expression runs on the text.
 */

/** Words longer than this (in code points) become the unknown token, as in the teacher's tokenizer. */
export const MAX_WORD_CHARS = 100;

/** Vocabulary lookups of a WordPiece model: token text → id. */
export interface WordPieceVocab {
  readonly ids: ReadonlyMap<string, number>;
  readonly unkId: number;
}

/** Rust's char::is_whitespace (other control characters are removed before this is asked). */
function isWhitespace(cp: number): boolean {
  if (cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d) return true;
  if (cp < 0x80) return false;
  return cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** "Other" characters (control, format, surrogate, private use, unassigned): removed by the cleaner. */
const CONTROL = /\p{C}/u;
const MARK_NONSPACING = /\p{Mn}/u;
const PUNCTUATION = /\p{P}/u;

function isControl(ch: string, cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false;
  return CONTROL.test(ch);
}

function isAsciiPunctuation(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}

function isPunctuation(ch: string, cp: number): boolean {
  if (cp < 0x80) return isAsciiPunctuation(cp);
  return PUNCTUATION.test(ch);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/**
 * BertNormalizer (clean text, space around CJK ideographs, strip accents, lowercase) followed by
 * BertPreTokenizer (split at whitespace, each punctuation character a word of its own): the words.
 */
export function preTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur.length > 0) words.push(cur);
    cur = '';
  };
  // NFD splits accented letters into base + combining mark; marks are then dropped (strip_accents).
  for (const ch of text.normalize('NFD')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || isControl(ch, cp)) continue;
    if (isWhitespace(cp)) {
      flush();
      continue;
    }
    if (cp >= 0x300 && MARK_NONSPACING.test(ch)) continue;
    if (isCjk(cp) || isPunctuation(ch, cp)) {
      flush();
      words.push(ch.toLowerCase());
      continue;
    }
    cur += ch.toLowerCase();
  }
  flush();
  return words;
}

/** Greedy longest-match-first WordPiece ids of one word; [unk] when any part has no piece. */
function wordIds(word: string, vocab: WordPieceVocab, out: number[]): void {
  const chars = Array.from(word);
  if (chars.length > MAX_WORD_CHARS) {
    out.push(vocab.unkId);
    return;
  }
  const whole = vocab.ids.get(word);
  if (whole !== undefined) {
    out.push(whole);
    return;
  }
  const pieces: number[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: number | undefined;
    while (start < end) {
      const sub = chars.slice(start, end).join('');
      const id = vocab.ids.get(start > 0 ? `##${sub}` : sub);
      if (id !== undefined) {
        found = id;
        break;
      }
      end--;
    }
    if (found === undefined) {
      out.push(vocab.unkId);
      return;
    }
    pieces.push(found);
    start = end;
  }
  for (const id of pieces) out.push(id);
}

/** Token ids of a text (no special tokens), at most `maxTokens` of them. */
export function tokenize(text: string, vocab: WordPieceVocab, maxTokens = Number.MAX_SAFE_INTEGER): number[] {
  const out: number[] = [];
  for (const word of preTokenize(text)) {
    wordIds(word, vocab, out);
    if (out.length >= maxTokens) break;
  }
  return out.length > maxTokens ? out.slice(0, maxTokens) : out;
}
