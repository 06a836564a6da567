/**
 * The prompt compiler. Reference lines `@~/.claude/shared-prompts/NAME` become
 * `\n<!-- BEGIN: NAME -->\n` + fragment + `<!-- END: NAME -->\n\n` (the format of the original
 * compile-agent-templates tool), recursively; already-compiled `<!-- BEGIN: NAME.md -->` blocks are kept,
 * checked for staleness, and refreshed on request.
 */
import type { FragmentResolver } from './fragments.js';

export const MAX_INCLUDE_DEPTH = 8;

const REFERENCE_LINE = /^@~\/\.claude\/shared-prompts\/(\S+?)[ \t]*$/;
const BEGIN_LINE = /^<!-- BEGIN: (\S+\.md) -->[ \t]*$/;
const LEAK_LINE = /^\[(?:INFO|DEBUG|WARN|WARNING)\] (?:Successfully processed \d+ references?|Processing .*|Compiled .*)[ \t]*$/;
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

interface State {
  includes: Set<string>;
  unresolved: Map<string, string>;
  stale: Set<string>;
  removedLeaks: number;
}

function splitLines(text: string): string[] {
  // Keeps each line's own terminator so output is byte-exact.
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
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
    const state: State = { includes: new Set(), unresolved: new Map(), stale: new Set(), removedLeaks: 0 };
    const { body, provenance } = extractProvenance(text);
    const expanded = await this.expand(body, [], state, options.refresh ?? false);
    const prompt = expanded.replace(/\s+$/, '') + '\n';
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
    const found = await this.fragments.read(name);
    if (!found.ok) {
      state.unresolved.set(name, found.reason);
      return undefined;
    }
    return this.expand(found.text, [...chain, name], state, refresh);
  }

  private async expand(text: string, chain: string[], state: State, refresh: boolean): Promise<string> {
    const lines = splitLines(text);
    let out = '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const bare = stripEol(line);
      if (LEAK_LINE.test(bare)) {
        state.removedLeaks++;
        continue;
      }
      const ref = REFERENCE_LINE.exec(bare);
      if (ref) {
        const name = ref[1] ?? '';
        state.includes.add(name);
        const fragment = await this.fragmentText(name, chain, state, refresh);
        if (fragment === undefined) {
          state.includes.delete(name);
          out += line;
        } else {
          out += block(name, fragment);
        }
        continue;
      }
      const begin = BEGIN_LINE.exec(bare);
      if (begin) {
        const name = begin[1] ?? '';
        const endAt = findEnd(lines, i + 1, name);
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
          const scratch: State = { includes: new Set(), unresolved: new Map(), stale: new Set(), removedLeaks: 0 };
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
      out += line;
    }
    return out;
  }
}

function findEnd(lines: string[], from: number, name: string): number {
  const end = `<!-- END: ${name} -->`;
  for (let j = from; j < lines.length; j++) {
    const bare = stripEol(lines[j] ?? '').trimEnd();
    if (bare === end) return j;
    if (BEGIN_LINE.exec(bare)?.[1] === name) return -1;
  }
  return -1;
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
    if (m[1] === 'COMPILED AGENT') provenance.compiledFrom = value.replace(/^Generated from\s+/, '').replace(/\s+template$/, '');
    else if (m[1] === 'Generated at') provenance.generatedAt = value;
    else provenance.sourceTemplate = value;
    end--;
  }
  if (!found) return { body: text };
  return { body: lines.slice(0, end).join(''), provenance };
}

/** Template form of a compiled text: each embedded block turned back into its reference line. */
export function toTemplateForm(compiled: string): string {
  return compiled.replace(/\n<!-- BEGIN: (\S+\.md) -->\n[\s\S]*?<!-- END: \1 -->\n\n/g, (_m, name: string) => `@~/.claude/shared-prompts/${name}\n`);
}
