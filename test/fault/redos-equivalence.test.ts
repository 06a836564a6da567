/**
 * The linear-time scanners that replaced backtracking regular expressions give the same answers as the
 * expressions did. Each old expression is kept here as the reference and both are run on thousands of
 * short random texts built from the characters and markers that matter to it (short enough that the old
 * expressions' worst cases stay cheap). A deterministic PRNG makes a failure replayable.
 */
import { describe, expect, it } from 'vitest';
import matter from 'gray-matter';
import YAML from 'yaml';
import { extractExamples, summarize } from '../../src/catalog/examples.js';
import { parseLenient, readFrontmatter } from '../../src/catalog/frontmatter.js';
import type { Example } from '../../src/catalog/types.js';
import { extractProvenance, toTemplateForm } from '../../src/compile/compiler.js';
import { makeTargets } from '../../src/project/index.js';
import { labelled, splitTopics } from '../../src/routing/boundaries.js';
import { plain, stripBlocks, stripInclude } from '../../src/routing/lines.js';
import { atxHeading, blocks } from '../../src/shared/text-scan.js';
import { rng } from './helpers.js';

const CASES = 4000;

/** A random text of 0..maxTokens tokens drawn from `tokens`. */
function texts(seed: number, tokens: readonly string[], maxTokens = 14, count = CASES): string[] {
  const rand = rng(seed);
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    let t = '';
    const n = Math.floor(rand() * (maxTokens + 1));
    for (let i = 0; i < n; i++) t += tokens[Math.floor(rand() * tokens.length)];
    out.push(t);
  }
  return out;
}

/** Compare `actual` and `expected` on every text; report the first few differences with their input. */
function expectSame<T>(inputs: readonly string[], actual: (t: string) => T, expected: (t: string) => T): void {
  const diffs: string[] = [];
  for (const t of inputs) {
    const a = actual(t);
    const e = expected(t);
    if (JSON.stringify(a) !== JSON.stringify(e)) diffs.push(`${JSON.stringify(t)}\n  new: ${JSON.stringify(a)}\n  old: ${JSON.stringify(e)}`);
    if (diffs.length >= 5) break;
  }
  expect(diffs.join('\n')).toBe('');
}

const BLANKS = [' ', ' ', '\t', '\n', '\r', '\u2028', '\u00a0'];

describe('text-scan helpers', () => {
  it('blocks() finds what /open([\\s\\S]*?)close/g(i) finds', () => {
    const tokens = ['<example>', '</example>', '<EXAMPLE>', '</Example>', '<exam', 'ple>', '<', '/', 'x', ...BLANKS, '<!--', '-->', '-', '>'];
    const byRegex = (re: RegExp) => (t: string) => [...t.matchAll(re)].map((m) => [m.index, (m.index ?? 0) + m[0].length, m[1]]);
    const byScan = (open: string, close: string, ci: boolean) => (t: string) => blocks(t, open, close, ci).map((b) => [b.start, b.end, t.slice(b.innerStart, b.innerEnd)]);
    const inputs = texts(1, tokens);
    expectSame(inputs, byScan('<example>', '</example>', true), byRegex(/<example>([\s\S]*?)<\/example>/gi));
    expectSame(inputs, byScan('<!--', '-->', false), byRegex(/<!--([\s\S]*?)-->/g));
  });

  it('atxHeading() reads headings as the two heading expressions did', () => {
    const tokens = ['#', '##', '###', ' ', '\t', 'a', 'C#', '\u2028', '\u00a0', '\r', 'b c'];
    const old = (re: RegExp) => (t: string) => {
      const m = re.exec(t);
      return m ? { level: (m[1] ?? '').length, text: m[2] ?? '' } : undefined;
    };
    const inputs = texts(2, tokens, 10).map((t) => `#${t}`);
    expectSame(inputs, (t) => atxHeading(t, 'any'), old(/^(#{1,6})\s+(.*?)\s*#*\s*$/));
    expectSame(inputs, (t) => atxHeading(t, 'space-tab'), old(/^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/));
  });
});

describe('routing line scanner', () => {
  const PAIRED_BLOCK = /<!--\s*BEGIN:\s*([^>]*?)\s*-->[\s\S]*?<!--\s*END:\s*\1\s*-->/g;
  const PROJECT_BLOCK = /<!--\s*PROJECT[_-]SPECIFIC[_-](?:BEGIN|COMMANDS-START)[^>]*-->[\s\S]*?<!--\s*PROJECT[_-]SPECIFIC[_-](?:END|COMMANDS-END)[^>]*-->/g;
  const COMMENT = /<!--[\s\S]*?-->/g;
  const EXAMPLE_BLOCK = /<example>[\s\S]*?<\/example>/gi;
  const oldStripBlocks = (text: string): string => {
    if (!text.includes('<')) return text;
    const blank = (m: string): string => '\n'.repeat(m.split('\n').length - 1);
    let t = text;
    if (t.includes('<!--')) t = t.replace(PAIRED_BLOCK, blank).replace(PROJECT_BLOCK, blank).replace(COMMENT, blank);
    if (/<example>/i.test(t)) t = t.replace(EXAMPLE_BLOCK, blank);
    return t;
  };

  it('stripBlocks() removes what the four block expressions removed', () => {
    const tokens = ['<!--', '-->', '--', '>', ' BEGIN:', 'BEGIN: ', ' END:', 'END:', ' x.md ', 'x.md', 'y', ' ', '\n', '\t', 'PROJECT_SPECIFIC_BEGIN', 'PROJECT-SPECIFIC_END', 'PROJECT_SPECIFIC_COMMANDS-START', 'PROJECT_SPECIFIC_COMMANDS-END', ':name', '<example>', '</EXAMPLE>', 'z'];
    expectSame(texts(3, tokens, 16, 8000), stripBlocks, oldStripBlocks);
  });

  it('stripInclude() removes what the include-line and include-mention expressions removed', () => {
    const INCLUDE_LINE = /^\s*@~?\/?[^\s]*shared-prompts\/[^\s]+\s*$/;
    const INCLUDE_MENTION = /@~?\/?[^\s]*shared-prompts\/[^\s]+/g;
    const old = (line: string): string => (!line.includes('shared-prompts/') ? line : INCLUDE_LINE.test(line) ? '' : line.replace(INCLUDE_MENTION, ' '));
    const tokens = ['@', '~', '/', 'shared-prompts/', 'shared-prompts', 'x.md', ' ', '\t', 'a', '@~/.claude/', '\u00a0'];
    expectSame(texts(4, tokens), stripInclude, old);
  });

  it('plain() turns links into text as the link expression did', () => {
    const tokens = ['[', ']', '(', ')', '](', 'a', ' ', 'b c', '*', '`'];
    const oldLinks = (t: string): string => t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    // plain() then folds blanks and strips markers the same way in both cases: compare on link-only texts.
    const inputs = texts(5, tokens).map((t) => `x ${t}`);
    expectSame(inputs, plain, (t) => plain(oldLinks(t)));
  });

  it('the bold-label expression matches the same lines as before', () => {
    const before = /^(?:[-*]\s+)?\*\*([^*]{2,120}?)\*\*\s*:?\s*$|^(?:[-*]\s+)?\*\*([^*]{2,120}?):\*\*\s*$/;
    const after = /^(?:[-*]\s+)?\*\*([^*]{2,120}?)\*\*\s*(?::\s*)?$|^(?:[-*]\s+)?\*\*([^*]{2,120}?):\*\*\s*$/;
    const tokens = ['**', 'ab', ':', ' ', '\t', '- ', 'x', '\u2028'];
    expectSame(texts(6, tokens, 8), (t) => after.exec(t)?.slice(1) ?? null, (t) => before.exec(t)?.slice(1) ?? null);
  });
});

describe('boundaries', () => {
  it('labelled() reads labels as the label expression did', () => {
    const LABEL = /^(?:[-*+•]\s+|\d+[.)]\s+)?(?:[✅❌✓✗✔✘]\s*)?\*\*([^*]{2,80}?)\*\*\s*:?\s*(.*)$|^(?:[-*+•]\s+|\d+[.)]\s+)?`?([A-Za-z][\w-]{2,60})`?\s*:\s+(.*)$/u;
    const old = (raw: string) => {
      const m = LABEL.exec(raw);
      if (!m) return undefined;
      return { label: (m[1] ?? m[3] ?? '').replace(/:$/, '').trim(), rest: (m[2] ?? m[4] ?? '').trim() };
    };
    const tokens = ['**', 'qa-engineer', 'To x', ':', ' ', '\t', '- ', '1. ', '✅', '`', 'rest', '\u2028', '\r', 'ab'];
    expectSame(texts(7, tokens, 10), labelled, old);
  });

  it('splitTopics() splits and trims as the expressions did', () => {
    const LEAD_VERBS =
      /^(?:(?:he|she|it|they|this agent|which|who)\s+)?(?:handles?|handling|owns?|analy[sz]es|provides?|defines?|designs?|manages?|covers?|performs?|does|takes?|implements?|reviews?|validates?|for|on|about|regarding|with|to|when|if|needs?|needing|requiring|requires?|involving|involves?|responsible for|should|must|will|can|all|any|the|a|an|and|or)\b[\s:,-]*/i;
    const FILLER = /^(?:yes|no|when|where|the|this|that|it|needed|necessary|required|appropriate|applicable|possible|relevant|as needed|if needed|where needed)$/i;
    const old = (fragment: string): string[] => {
      let text = fragment
        .replace(/\([^)]*\)/g, (m) => (/\b(?:not|except)\b/i.test(m) ? ' ' : m.slice(1, -1)))
        .replace(/["“”]/g, ' ')
        .replace(/[→←⇒>]+/g, ',')
        .replace(/\s+/g, ' ')
        .trim();
      for (let i = 0; i < 4; i++) {
        const next = text.replace(LEAD_VERBS, '').trim();
        if (next === text) break;
        text = next;
      }
      const parts = text
        .split(/\s*(?:[,;|]|\band\b|\bor\b|\bas well as\b|\s-\s|:)\s*/i)
        .map((p) =>
          p
            .replace(LEAD_VERBS, '')
            .replace(/\s+(?:requiring|needing|while|that|which|who|when|where|if|needed|with|for|to|by|from)$/i, '')
            .replace(/^[\s.:-]+|[\s.:!?-]+$/g, '')
            .trim(),
        )
        .filter((p) => p.length > 1 && p.length <= 120 && /[a-z]/i.test(p) && !FILLER.test(p));
      return [...new Set(parts)].slice(0, 12);
    };
    const tokens = [' ', '  ', ',', ';', '|', ':', ' - ', '-', ' and ', 'and', 'AND', ' or ', 'oR', ' as well as ', 'as', 'well', 'android', 'schema', 'design', '(', ')', '(not x)', 'for', ' for', ' with', 'FROM', '.', '!', '?', 'x', 'é'];
    expectSame(texts(8, tokens, 16, 8000), splitTopics, old);
  });

  it('the incoming-work and takes-over expressions decide as before', () => {
    const oldIncoming = /\b(?:receives?|receiving|gets?|accepts?|takes?)\b[^.]*\bfrom\s*$|\bfrom\s*$/i;
    const newIncoming = /\bfrom\s*$/i;
    const tokens = ['receives', 'gets', ' ', 'from', 'FROM', '.', 'x', '\t', 'take'];
    expectSame(texts(9, tokens, 10), (t) => newIncoming.test(t), (t) => oldIncoming.test(t));
    const source = String.raw`\s+(?:should|must|will|can|to)\s+(?:handle|run|own|take|do|implement|review|validate|perform|address|manage|design)\b|\s+(?:handles|owns|takes over|is responsible for|takes care of)\b`;
    const oldTakes = new RegExp(source, 'i');
    const sticky = new RegExp(source, 'iy');
    const takesNew = (rest: string): string | undefined => {
      for (let at = 0; at <= 2 && at < rest.length; at++) {
        sticky.lastIndex = at;
        const m = sticky.exec(rest);
        if (m) return `${at}:${m[0]}`;
      }
      return undefined;
    };
    const takesOld = (rest: string): string | undefined => {
      const m = oldTakes.exec(rest);
      return m && m.index <= 2 ? `${m.index}:${m[0]}` : undefined;
    };
    const tokens2 = [' ', '  ', 'should', ' handle', 'handles', 'x', ',', 'to', ' run', ' takes over'];
    expectSame(texts(10, tokens2, 8), takesNew, takesOld);
  });
});

describe('catalog: examples, summary, frontmatter', () => {
  it('extractExamples() and summarize() give what the example and lead-in expressions gave', () => {
    const EXAMPLE_BLOCK = /<example>([\s\S]*?)<\/example>/gi;
    const COMMENTARY = /<commentary>([\s\S]*?)<\/commentary>/i;
    const LABEL = /(^|[\s>])(context|user|assistant)\s*:/gi;
    const clean = (text: string): string =>
      text
        .replace(/\\n/g, '\n')
        .replace(/[ \t]+/g, ' ')
        .replace(/\s*\n\s*/g, '\n')
        .trim();
    const stripQuotes = (text: string): string => {
      const t = text.trim();
      for (const [a, b] of [['"', '"'], ['\u201c', '\u201d'], ["'", "'"]] as const) if (t.length >= 2 && t.startsWith(a) && t.endsWith(b)) return t.slice(1, -1).trim();
      return t;
    };
    const parseExample = (inner: string): Example | undefined => {
      let text = inner.replace(/\\n/g, '\n');
      let commentary: string | undefined;
      const c = COMMENTARY.exec(text);
      if (c) {
        commentary = clean(c[1] ?? '');
        text = text.slice(0, c.index) + ' ' + text.slice(c.index + c[0].length);
      }
      const parts: Partial<Record<'context' | 'user' | 'assistant', string>> = {};
      const marks: Array<{ label: 'context' | 'user' | 'assistant'; start: number; end: number }> = [];
      for (const m of text.matchAll(LABEL)) {
        const label = (m[2] ?? '').toLowerCase() as 'context' | 'user' | 'assistant';
        const start = (m.index ?? 0) + (m[1] ?? '').length;
        marks.push({ label, start, end: start + m[0].length - (m[1] ?? '').length });
      }
      const firsts = marks.filter((m, i) => marks.findIndex((o) => o.label === m.label) === i);
      firsts.forEach((m, i) => {
        const next = firsts[i + 1];
        parts[m.label] = clean(text.slice(m.end, next ? next.start : text.length));
      });
      const user = parts.user ? stripQuotes(parts.user) : '';
      if (!user) return undefined;
      const example: Example = { user };
      if (parts.context) example.context = parts.context;
      if (parts.assistant) example.assistant = stripQuotes(parts.assistant);
      if (commentary) example.commentary = commentary;
      return example;
    };
    const oldExtract = (text: string): Example[] => {
      const out: Example[] = [];
      const seen = new Set<string>();
      for (const m of text.matchAll(EXAMPLE_BLOCK)) {
        const ex = parseExample(m[1] ?? '');
        if (ex && !seen.has(ex.user)) {
          seen.add(ex.user);
          out.push(ex);
        }
      }
      return out;
    };
    const tokens = ['<example>', '</example>', '<Example>', '<commentary>', '</commentary>', 'user:', 'User :', 'assistant:', 'context:', '"', 'x', ' ', '\t', '\n', '\\n', '\u00a0', '\r'];
    expectSame(texts(11, tokens, 18, 8000), (t) => extractExamples(t), oldExtract);

    const oldSummarize = (description: string): string => {
      const cut = description.search(/<example>/i);
      let head = cut >= 0 ? description.slice(0, cut) : description;
      head = head.replace(/\\n/g, '\n');
      head = head.replace(/(?:\n|\s)*(?:-\s*)?(?:examples?)\s*[:-]?\s*(?:-\s*)?$/i, '');
      return head.replace(/\s+/g, ' ').trim();
    };
    // Short texts only: the old expression is exponential in the length of a blank run.
    const tokens2 = ['Examples', 'example', 'EXAMPLES', 'counterexample', ':', '-', ' ', '\n', '\t', 'x', '.', '<example>', 's'];
    expectSame(texts(12, tokens2, 9), summarize, oldSummarize);
  });

  it('readFrontmatter() splits and parses as gray-matter with the strict-then-lenient engine did', () => {
    // The engine of the previous version, over gray-matter; the lenient reader is unchanged.
    const old = (text: string) => {
      let parsedWith: 'yaml' | 'lenient' = 'yaml';
      const certainlyNotStrict = (block: string): boolean => {
        for (const line of block.split('\n')) {
          const m = /^[A-Za-z_][A-Za-z0-9_-]*:[ \t]+(.*)$/.exec(line);
          const value = m?.[1];
          if (value === undefined || value === '') continue;
          if (/^[@`]/.test(value)) return true;
          if (/^["'[{|>&*!%#]/.test(value)) continue;
          if (/:[ \t]/.test(value.replace(/[ \t]#.*$/, ''))) return true;
        }
        return false;
      };
      const engine = (block: string): Record<string, unknown> => {
        if (!certainlyNotStrict(block)) {
          try {
            const doc: unknown = YAML.parse(block, { maxAliasCount: 50, prettyErrors: false, uniqueKeys: false });
            if (doc === null || doc === undefined) return {};
            if (typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
          } catch {
            // lenient
          }
        }
        parsedWith = 'lenient';
        return parseLenient(block);
      };
      // Files without a `---` line are skipped as NO_FRONTMATTER whatever gray-matter made of them.
      const hasFrontmatter = /^\uFEFF?---[ \t]*\r?\n/.test(text);
      if (!hasFrontmatter) return { hasFrontmatter };
      const file = matter(text, { engines: { yaml: engine }, language: 'yaml' });
      return { data: { ...(file.data as Record<string, unknown>) }, body: file.content, parsedWith, hasFrontmatter };
    };
    const now = (text: string) => {
      const r = readFrontmatter(text);
      return r.hasFrontmatter ? r : { hasFrontmatter: false };
    };
    const tokens = ['---', '---\n', '\n---\n', '\n', '\r\n', 'name: a', 'description: b: c', 'description: "q"', 'tools:', '  - Read', '# note', ' #x', 'k: |', '  text', '  ', '\t', 'x', '\uFEFF', ':', '@x', '[', ']', 'body'];
    const inputs = texts(13, tokens, 12, 6000).map((t, i) => (i % 3 === 0 ? t : `---\n${t}`));
    expectSame(inputs, now, old);
  });
});

describe('compiler and project', () => {
  it('toTemplateForm() and extractProvenance() give what their expressions gave', () => {
    const oldTemplate = (compiled: string): string => compiled.replace(/\n<!-- BEGIN: (\S+\.md) -->\n[\s\S]*?<!-- END: \1 -->\n\n/g, (_m, name: string) => `@~/.claude/shared-prompts/${name}\n`);
    const tokens = ['\n<!-- BEGIN: a.md -->\n', '\n<!-- BEGIN: b.md -->\n', '<!-- END: a.md -->\n\n', '<!-- END: b.md -->\n\n', '<!-- END: a.md -->\n', '\n<!-- BEGIN: .md -->\n', 'x', '\n', ' '];
    expectSame(texts(14, tokens, 10), toTemplateForm, oldTemplate);
    const oldSuffix = (v: string): string => v.replace(/^Generated from\s+/, '').replace(/\s+template$/, '');
    const tokens2 = ['Generated from ', 'template', ' ', '\t', 'x', 'a.md'];
    expectSame(
      texts(15, tokens2, 8),
      (v) => extractProvenance(`Body\n<!-- COMPILED AGENT: ${v} -->\n`).provenance?.compiledFrom ?? null,
      (v) => {
        const m = /^<!-- (COMPILED AGENT|Generated at|Source template): ?(.*?) ?-->[ \t]*$/.exec(`<!-- COMPILED AGENT: ${v} -->`.trim());
        return m ? oldSuffix((m[2] ?? '').trim()) : null;
      },
    );
  });

  it('makeTargets() finds the targets the rule expression found', () => {
    const old = (text: string): string[] => {
      const out = new Set<string>();
      for (const line of text.split(/\r?\n/)) {
        if (line.startsWith('\t') || /^\s*#/.test(line)) continue;
        const m = /^([^:=#\t][^:=#]*?)\s*::?(?![:=])/.exec(line);
        if (!m?.[1]) continue;
        if (/^\s*(export|override|define|ifeq|ifneq|ifdef|ifndef|include|-include)\b/.test(m[1])) continue;
        for (const t of m[1].trim().split(/\s+/)) if (t && !t.includes('%') && !t.includes('$')) out.add(t);
      }
      return [...out];
    };
    const tokens = ['a', 'test', ' ', '\t', ':', '::', '=', ':=', '#', '%', '$', 'export', '\n', 'b c'];
    expectSame(texts(16, tokens, 10), (t) => [...makeTargets(t)], old);
  });
});
