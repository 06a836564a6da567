/**
 * The prompt compiler. Reference lines `@~/.claude/shared-prompts/NAME` become
 * `\n<!-- BEGIN: NAME -->\n` + fragment + `<!-- END: NAME -->\n\n` (the format of the original
 * compile-agent-templates tool), recursively; already-compiled `<!-- BEGIN: NAME.md -->` blocks are kept,
 * checked for staleness, and refreshed on request.
 */
import type { FragmentLookup, FragmentResolver } from './fragments.js';
import { isSpace, skipForward } from '../shared/text-scan.js';

export const MAX_INCLUDE_DEPTH = 8;
/**
 * Size at which a compile stops inlining (characters). Includes fan out: a fragment that includes the next
 * one 40 times, 4 deep, is 2.5 million copies from a 6 KB catalog. Once this much has been produced, every
 * further reference line is left as it is and reported in `unresolved` with its include chain; the text of
 * the fragments already being inlined is completed, so the prompt ends up at most this size plus the rest
 * of those (at most MAX_INCLUDE_DEPTH fragments of at most MAX_FRAGMENT_BYTES each, in practice a few lines).
 */
export const MAX_PROMPT_CHARS = 2 * 1024 * 1024;
/** A compile gives the event loop a turn after this much work (ms), so signals and other requests are served. */
const SLICE_MS = 20;

const REFERENCE_LINE = /^@~\/\.claude\/shared-prompts\/(\S+?)[ \t]*$/;
const BEGIN_LINE = /^<!-- BEGIN: (\S+\.md) -->[ \t]*$/;
/** (`Processing .*$` holds the trailing blanks too: `.*[ \t]*$` would let the two compete for them.) */
const LEAK_LINE = /^\[(?:INFO|DEBUG|WARN|WARNING)\] (?:Successfully processed \d+ references?[ \t]*|Processing .*|Compiled .*)$/;
const PROVENANCE_LINE = /^<!-- (COMPILED AGENT|Generated at|Source template): ?(.*?) ?-->[ \t]*$/;

export interface Unresolved {
  name: string;
  reason: string;
}

export interface Provenance {
  compiledFrom?: string;
  generatedAt?: string;
  sourceTemplate?: string;
}

export interface CompiledPrompt {
  prompt: string;
  /** Every fragment inlined or embedded, in order of first appearance (nested ones included). */
  includes: string[];
  unresolved: Unresolved[];
  /** Embedded blocks whose text differs from the current fragment of that name. */
  stale: string[];
  /** Compiler log lines removed from the prompt. */
  removedLeaks: number;
  provenance?: Provenance;
}

export interface CompileOptions {
  refresh?: boolean;
}

/** What one compile shares across its nested expansions (and the scratch states of staleness checks). */
interface Budget {
  /** Characters of output produced so far (lines copied and block markers, at any depth). */
  emitted: number;
  /** Set once `emitted` has reached MAX_PROMPT_CHARS: nothing more is expanded. */
  exhausted: boolean;
  /** Fragments read in this compile, by name: each is read once however often it is included. */
  reads: Map<string, Promise<FragmentLookup>>;
  /** When the event loop last had a turn. */
  sliceStart: number;
}

interface State {
  includes: Set<string>;
  unresolved: Map<string, string>;
  stale: Set<string>;
  removedLeaks: number;
  budget: Budget;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Give the event loop a turn when this compile has run for SLICE_MS. */
async function maybeYield(budget: Budget): Promise<void> {
  if (performance.now() - budget.sliceStart < SLICE_MS) return;
  await yieldToLoop();
  budget.sliceStart = performance.now();
}

function splitLines(text: string): string[] {
  // Keeps each line's own terminator so output is byte-exact.
  const out: string[] = [];
  let at = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
    out.push(text.slice(at, nl + 1));
    at = nl + 1;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function stripEol(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function withTrailingNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : text + '\n';
}

function block(name: string, content: string): string {
  return `\n<!-- BEGIN: ${name} -->\n${withTrailingNewline(content)}<!-- END: ${name} -->\n\n`;
}

export class PromptCompiler {
  constructor(private readonly fragments: FragmentResolver) {}

  async compile(text: string, options: CompileOptions = {}): Promise<CompiledPrompt> {
    const budget: Budget = { emitted: 0, exhausted: false, reads: new Map(), sliceStart: performance.now() };
    const state: State = { includes: new Set(), unresolved: new Map(), stale: new Set(), removedLeaks: 0, budget };
    const { body, provenance } = extractProvenance(text);
    const expanded = await this.expand(body, [], state, options.refresh ?? false);
    // trimEnd() removes what `\s+$` matches, without rescanning a long blank run from each of its positions.
    const prompt = expanded.trimEnd() + '\n';
    const result: CompiledPrompt = {
      prompt,
      includes: [...state.includes],
      unresolved: [...state.unresolved].map(([name, reason]) => ({ name, reason })),
      stale: [...state.stale],
      removedLeaks: state.removedLeaks,
    };
    if (provenance) result.provenance = provenance;
    return result;
  }

  /** Expand the current fragment `name` fully (for inlining and for staleness checks). */
  private async fragmentText(name: string, chain: string[], state: State, refresh: boolean): Promise<string | undefined> {
    if (chain.includes(name)) {
      state.unresolved.set(name, `include cycle: ${[...chain, name].join(' → ')}`);
      return undefined;
    }
    if (chain.length >= MAX_INCLUDE_DEPTH) {
      state.unresolved.set(name, `include depth over ${MAX_INCLUDE_DEPTH}: ${[...chain, name].join(' → ')}`);
      return undefined;
    }
    if (state.budget.exhausted) {
      state.unresolved.set(name, `not inlined: the compiled prompt reached the ${MAX_PROMPT_CHARS}-character limit (include chain: ${[...chain, name].join(' → ')})`);
      return undefined;
    }
    let read = state.budget.reads.get(name);
    if (!read) {
      read = this.fragments.read(name);
      state.budget.reads.set(name, read);
    }
    const found = await read;
    if (!found.ok) {
      state.unresolved.set(name, found.reason);
      return undefined;
    }
    return this.expand(found.text, [...chain, name], state, refresh);
  }

  /** Count `chars` of output against the budget; past the limit, no further include is expanded. */
  private spend(state: State, chars: number): void {
    const budget = state.budget;
    budget.emitted += chars;
    if (budget.emitted >= MAX_PROMPT_CHARS) budget.exhausted = true;
  }

  private async expand(text: string, chain: string[], state: State, refresh: boolean): Promise<string> {
    const lines = splitLines(text);
    let markers: MarkerIndex | undefined;
    let out = '';
    for (let i = 0; i < lines.length; i++) {
      if ((i & 255) === 255) await maybeYield(state.budget);
      const line = lines[i] ?? '';
      const bare = stripEol(line);
      if (LEAK_LINE.test(bare)) {
        state.removedLeaks++;
        continue;
      }
      const ref = REFERENCE_LINE.exec(bare);
      if (ref) {
        const name = ref[1] ?? '';
        const had = state.includes.has(name);
        state.includes.add(name);
        const fragment = await this.fragmentText(name, chain, state, refresh);
        if (fragment !== undefined) {
          this.spend(state, block(name, '').length);
          out += block(name, fragment);
        } else {
          if (!had) state.includes.delete(name);
          out += line;
        }
        await maybeYield(state.budget);
        continue;
      }
      const begin = BEGIN_LINE.exec(bare);
      if (begin) {
        const name = begin[1] ?? '';
        markers ??= indexMarkers(lines);
        const endAt = findEnd(markers, i + 1, name);
        if (endAt >= 0) {
          const inner = lines
            .slice(i + 1, endAt)
            .filter((l) => {
              const leak = LEAK_LINE.test(stripEol(l));
              if (leak) state.removedLeaks++;
              return !leak;
            })
            .join('');
          state.includes.add(name);
          // The embedded text is already complete: a missing current fragment is not "unresolved",
          // so look it up with a scratch state; it only decides staleness and refresh.
          const scratch: State = { includes: new Set(), unresolved: new Map(), stale: new Set(), removedLeaks: 0, budget: state.budget };
          const current = await this.fragmentText(name, chain, scratch, refresh);
          // Reference lines inside a kept block are expanded too, as the original compiler did for every line.
          const kept = await this.expand(inner, chain, state, refresh);
          if (current !== undefined && withTrailingNewline(current) !== kept) state.stale.add(name);
          const content = refresh && current !== undefined ? withTrailingNewline(current) : kept;
          out += `${line}${content}${lines[endAt] ?? ''}`;
          i = endAt;
          continue;
        }
      }
      this.spend(state, line.length);
      out += line;
    }
    return out;
  }
}

/** For each name, the line numbers (ascending) of its `<!-- BEGIN: name -->` and `<!-- END: name -->` lines. */
type MarkerIndex = Map<string, Array<{ at: number; end: boolean }>>;

const END_PREFIX = '<!-- END: ';
const END_SUFFIX = ' -->';

function indexMarkers(lines: readonly string[]): MarkerIndex {
  const index: MarkerIndex = new Map();
  const add = (name: string, at: number, end: boolean): void => {
    const list = index.get(name);
    if (list) list.push({ at, end });
    else index.set(name, [{ at, end }]);
  };
  lines.forEach((line, at) => {
    const bare = stripEol(line).trimEnd();
    if (bare.startsWith(END_PREFIX) && bare.endsWith(END_SUFFIX) && bare.length >= END_PREFIX.length + END_SUFFIX.length) {
      add(bare.slice(END_PREFIX.length, bare.length - END_SUFFIX.length), at, true);
      return;
    }
    const begin = BEGIN_LINE.exec(bare)?.[1];
    if (begin !== undefined) add(begin, at, false);
  });
  return index;
}

/**
 * The line of the `<!-- END: name -->` that closes a block opened before `from`: the first END line of that
 * name at or after `from`, unless a BEGIN line of the same name comes first (then -1). Looked up in an index
 * built once per text, so a text of many unclosed BEGIN lines is not rescanned to its end for each of them.
 */
function findEnd(index: MarkerIndex, from: number, name: string): number {
  const list = index.get(name);
  if (!list) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { at: number }).at < from) lo = mid + 1;
    else hi = mid;
  }
  const first = list[lo];
  return first?.end ? first.at : -1;
}

/** Trailing `<!-- COMPILED AGENT … -->` comments move out of the prompt into provenance metadata. */
export function extractProvenance(text: string): { body: string; provenance?: Provenance } {
  const lines = splitLines(text);
  let end = lines.length;
  const provenance: Provenance = {};
  let found = false;
  while (end > 0) {
    const bare = stripEol(lines[end - 1] ?? '');
    if (bare.trim() === '') {
      end--;
      continue;
    }
    const m = PROVENANCE_LINE.exec(bare.trim());
    if (!m) break;
    found = true;
    const value = (m[2] ?? '').trim();
    if (m[1] === 'COMPILED AGENT') provenance.compiledFrom = withoutTemplateSuffix(value.replace(/^Generated from\s+/, ''));
    else if (m[1] === 'Generated at') provenance.generatedAt = value;
    else provenance.sourceTemplate = value;
    end--;
  }
  if (!found) return { body: text };
  return { body: lines.slice(0, end).join(''), provenance };
}

/** `value` without a trailing blank-separated "template" word (what `.replace(/\s+template$/, '')` did). */
function withoutTemplateSuffix(value: string): string {
  const at = value.length - 'template'.length;
  if (at < 1 || !value.endsWith('template') || !isSpace(value.charCodeAt(at - 1))) return value;
  return value.slice(0, at).trimEnd();
}

/**
 * Template form of a compiled text: each embedded block (`\n<!-- BEGIN: x.md -->\n` … the first
 * `<!-- END: x.md -->\n\n` after it) turned back into its reference line. The END markers are indexed by
 * name first, so opening markers that are never closed do not each rescan the rest of the text.
 */
export function toTemplateForm(compiled: string): string {
  const BEGIN = '\n<!-- BEGIN: ';
  const END = '<!-- END: ';
  const ends = new Map<string, number[]>();
  for (let i = compiled.indexOf(END); i >= 0; i = compiled.indexOf(END, i + 1)) {
    const nameStart = i + END.length;
    const nameEnd = skipForward(compiled, nameStart, (c) => !isSpace(c));
    if (nameEnd === nameStart || !compiled.startsWith(' -->\n\n', nameEnd)) continue;
    const name = compiled.slice(nameStart, nameEnd);
    const list = ends.get(name);
    if (list) list.push(i);
    else ends.set(name, [i]);
  }
  const spans: Array<{ start: number; end: number; name: string }> = [];
  const next = new Map<string, number>();
  let from = 0;
  for (let i = compiled.indexOf(BEGIN); i >= 0; i = compiled.indexOf(BEGIN, i + 1)) {
    if (i < from) continue;
    const nameStart = i + BEGIN.length;
    const nameEnd = skipForward(compiled, nameStart, (c) => !isSpace(c));
    const name = compiled.slice(nameStart, nameEnd);
    if (!name.endsWith('.md') || name.length < 4 || !compiled.startsWith(' -->\n', nameEnd)) continue;
    const list = ends.get(name);
    if (!list) continue;
    const innerStart = nameEnd + ' -->\n'.length;
    let j = next.get(name) ?? 0;
    while (j < list.length && (list[j] as number) < innerStart) j++;
    next.set(name, j);
    const close = list[j];
    if (close === undefined) continue;
    const end = close + END.length + name.length + ' -->\n\n'.length;
    spans.push({ start: i, end, name });
    from = end;
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += `${compiled.slice(at, s.start)}@~/.claude/shared-prompts/${s.name}\n`;
    at = s.end;
  }
  return spans.length === 0 ? compiled : out + compiled.slice(at);
}
