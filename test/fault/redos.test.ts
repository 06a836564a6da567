/**
 * Crafted text against every text-processing entry point: frontmatter (strict and lenient), agent parsing
 * (examples, summary), the prompt compiler, the routing card (line scanner, boundaries, examples), task
 * text, project placeholder filling and detection, journal entry parsing, excerpts and the HTTP bearer
 * header. Each shape is the worst case of an expression that backtracked (a long blank run before a
 * non-matching character, thousands of unclosed markers, ...). The assertion is linear growth: doubling the
 * input at most triples the time (min of several runs), from small sizes up to the size limits, never an
 * absolute time. Quadratic code gives ~4, exponential far more; the sizes go up in order so that such
 * code fails at the first, small size instead of hanging.
 *
 * The end of the file runs the built server over such a catalog: match_agents, route_task and
 * get_agent_prompt answer, and an agent whose name is regular-expression syntax breaks nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseAgentText } from '../../src/catalog/parse-agent.js';
import { extractExamples, summarize } from '../../src/catalog/examples.js';
import { parseLenient, readFrontmatter } from '../../src/catalog/frontmatter.js';
import type { AgentRecord } from '../../src/catalog/types.js';
import { extractProvenance, PromptCompiler, toTemplateForm } from '../../src/compile/compiler.js';
import { FragmentResolver } from '../../src/compile/fragments.js';
import { bearerToken } from '../../src/http/security.js';
import { parseEntry, sectionKey } from '../../src/journal/entry.js';
import { makeExcerpt } from '../../src/journal/excerpt.js';
import { fillPlaceholders, makeTargets, type ProjectProfile } from '../../src/project/index.js';
import { extractBoundaries, normalizeAgentName, splitTopics } from '../../src/routing/boundaries.js';
import { buildCardWith } from '../../src/routing/card.js';
import { plain, scanLines, sentences } from '../../src/routing/lines.js';
import { queryTerms } from '../../src/routing/text.js';
import { agentFile, tempDir } from '../helpers/env.js';
import { listNames, spawnRaw, writeTree, type RawServer } from './helpers.js';
import { growth, growthAsync } from './timing.js';

// Each measurement repeats a call until it takes long enough to time; a file's worth of them takes a while.
vi.setConfig({ testTimeout: 180_000 });

/** Doubling the input may cost at most this factor (linear is ~2; quadratic ~4). */
const MAX_RATIO = 3;
/**
 * Sizes at which growth is measured (each against 4× itself, so up to 128 KB; the old expressions already
 * gave 3.6–7 at the first). Above that, a linear scan of a multi-megabyte string is dominated by garbage
 * collection of the copies it makes, whose cost depends on the heap more than on the input: the size limits
 * themselves are held to a hang guard instead.
 */
const LINEAR_SIZES = [4_000, 32_000];
/** Generous bound for one call at the size limit (the old expressions took minutes to hours there). */
const HANG_GUARD_MS = 15_000;

/**
 * Measure growth at each size in turn (ascending) and fail at the first size where doubling costs more
 * than MAX_RATIO; then one call at `limit` must finish within HANG_GUARD_MS. `make(n)` builds an input of
 * about n characters and returns the call to time. `first` adds smaller sizes (for code that was exponential).
 */
async function expectLinear(label: string, make: (n: number) => () => unknown, limit: number, first: readonly number[] = []): Promise<void> {
  for (const n of [...first, ...LINEAR_SIZES]) {
    // Each measurement is synchronous for up to a second: let the test runner's messages through between them.
    await yieldToLoop();
    // Retry once: a busy machine can slow one side of a measurement.
    let ratio = growth(make, n);
    if (ratio >= MAX_RATIO) ratio = growth(make, n, { runs: 9, minMs: 40 });
    expect(ratio, `${label}: sqrt(time(${4 * n}) / time(${n}))`).toBeLessThan(MAX_RATIO);
  }
  await yieldToLoop();
  const call = make(limit);
  const started = performance.now();
  call();
  expect(performance.now() - started, `${label} at ${limit} characters`).toBeLessThan(HANG_GUARD_MS);
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** expectLinear for an async call. */
async function expectLinearAsync(label: string, make: (n: number) => () => Promise<unknown>, limit: number): Promise<void> {
  for (const n of LINEAR_SIZES) {
    let ratio = await growthAsync(make, n);
    if (ratio >= MAX_RATIO) ratio = await growthAsync(make, n, { runs: 9, minMs: 40 });
    expect(ratio, `${label}: sqrt(time(${4 * n}) / time(${n}))`).toBeLessThan(MAX_RATIO);
  }
  const call = make(limit);
  const started = performance.now();
  await call();
  expect(performance.now() - started, `${label} at ${limit} characters`).toBeLessThan(HANG_GUARD_MS);
}

/**
 * The catalog limits: an agent file is at most 2 MB, its frontmatter at most 1 MB, a fragment 1 MB (less a
 * little room for the text around the crafted part).
 */
const FILE_LIMIT = 2 * 1024 * 1024 - 4096;
const FRONTMATTER_LIMIT = 1024 * 1024 - 4096;

/**
 * Quoted YAML scalars go through the yaml package, which builds their value one character at a time: linear
 * in steps, but above ~256 KB garbage collection makes its time grow faster than the input (about 50–250 ms
 * for 1 MB here). Shapes that are one big quoted scalar are measured up to this size, and held to a hang
 * guard at the frontmatter limit.
 */
const STRICT_YAML_LIMIT = 256 * 1024;

const source = { kind: 'flag' as const, dir: '/tmp', label: 'test' };

function agentOf(text: string): { agent: AgentRecord; body: string } {
  const r = parseAgentText(text, '/tmp/hostile.md', source);
  if (!r.ok) throw new Error(`hostile agent did not parse: ${r.diagnostic.message}`);
  return { agent: r.agent, body: r.body };
}

describe('frontmatter', () => {
  it('blank lines, comment-like lines and key lines with long blank runs: linear (strict and lenient readers)', async () => {
    const shapes: Record<string, (n: number) => string> = {
      'blank lines in the block': (n) => `---\nname: a\ndescription: b\n${'\n'.repeat(n)}x: y\n---\nbody`,
      'space-only lines in the block': (n) => `---\nname: a\ndescription: b\n${' \n'.repeat(n / 2)}x: y\n---\nbody`,
      'tabs after a key, then a carriage return': (n) => `---\nname: a\ndescription: b\nk:\t${'\t'.repeat(n)}\rx\n---\nbody`,
      'blank then # repeated in a value': (n) => `---\nname: a\ndescription: b\nk: v${' #'.repeat(n / 2)}\n---\nbody`,
      'lenient block scalar ending in blanks then a character': (n) => `---\nname: a\ndescription: |\n  text\n  x${' '.repeat(n)}y\nbad: a: b\n---\nbody`,
      'lenient list item with long blanks': (n) => `---\nname: a\ndescription: d: e\ntools:\n  -${' '.repeat(n)}\n  - x\n---\nbody`,
      // Blocks of plain `key: value` lines are read without the yaml package (simpleMapping).
      'plain key lines: a long space run inside a value': (n) => `---\nname: a\ndescription: b\nk: v${' '.repeat(n)}x\n---\nbody`,
      'plain key lines: a key, spaces, then a line separator': (n) => `---\nname: a\ndescription: b\nk: ${' '.repeat(n)}\u2028x\n---\nbody`,
    };
    for (const [label, shape] of Object.entries(shapes)) {
      await expectLinear(label, (n) => {
        const text = shape(n);
        return () => readFrontmatter(text);
      }, FRONTMATTER_LIMIT);
    }
    await expectLinear('parseLenient block scalar', (n) => {
      const block = `name: a\ndescription: >\n  x${' '.repeat(n)}y\n`;
      return () => parseLenient(block);
    }, FRONTMATTER_LIMIT);
  });

  it('a `---js` first line is not frontmatter and is never evaluated', async () => {
    const marker = `__acm_fault_${Date.now()}`;
    const r = readFrontmatter(`---js\n{ name: (globalThis.${marker} = 1, "x"), description: "y" }\n---\nbody`);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    expect(r.hasFrontmatter).toBe(false);
    expect(parseAgentText(`---js\n{ name: "x", description: "y" }\n---\n`, '/tmp/x.md', source)).toMatchObject({ ok: false, diagnostic: { code: 'NO_FRONTMATTER' } });
  });
});

describe('agent parsing: examples and summary', () => {
  it('unclosed <example> and <commentary> blocks and "Examples" lead-ins: linear', async () => {
    await expectLinear('unclosed <example> in a description', (n) => {
      const d = 'x' + '<example>'.repeat(n / 9);
      return () => extractExamples(d);
    }, FILE_LIMIT);
    await expectLinear('unclosed <commentary> inside an example', (n) => {
      const d = `<example>user: "x" ${'<commentary>'.repeat(n / 12)}</example>`;
      return () => extractExamples(d);
    }, FILE_LIMIT);
    await expectLinear('blank runs inside an example', (n) => {
      const d = `<example>user: a${'\t'.repeat(n)}\u0000\nassistant: b</example>`;
      return () => extractExamples(d);
    }, FILE_LIMIT);
    // Exponential before: start tiny.
    await expectLinear('newlines before a non-"examples" ending', (n) => {
      const d = 'Does things.' + '\n'.repeat(n) + 'P';
      return () => summarize(d);
    }, FRONTMATTER_LIMIT, [16, 64]);
    await expectLinear('blank runs around an "Examples:" lead-in', (n) => {
      const d = 'Does things.' + ' '.repeat(n) + '- examples' + ' '.repeat(n) + ':x';
      return () => summarize(d);
    }, FRONTMATTER_LIMIT);
    expect(summarize('Does things.\n\nExamples:\n')).toBe('Does things.');
  });

  it('a whole agent file of each shape parses in linear time', async () => {
    const quoted = (n: number): string => agentFile('hostile', `"${'<example>user: x '.repeat(n / 18)}"`);
    await expectLinear('parseAgentText, quoted description of unclosed examples', (n) => {
      const text = quoted(n);
      return () => parseAgentText(text, '/tmp/h.md', source);
    }, STRICT_YAML_LIMIT);
    await expectLinear('parseAgentText, lenient description of unclosed examples', (n) => {
      const text = agentFile('hostile', `a: b ${'<example>user: x '.repeat(n / 18)}`);
      return () => parseAgentText(text, '/tmp/h.md', source);
    }, FRONTMATTER_LIMIT);
    // Hang guard at the frontmatter limit.
    const big = quoted(FRONTMATTER_LIMIT - 100);
    const started = performance.now();
    expect(parseAgentText(big, '/tmp/h.md', source).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('prompt compiler', () => {
  const dir = tempDir('acm-redos-fragments-');
  fs.writeFileSync(path.join(dir, 'x.md'), 'Fragment.\n');
  const compiler = new PromptCompiler(new FragmentResolver([dir]));
  const compile = (body: string): (() => Promise<unknown>) => () => compiler.compile(body);

  it('trailing blank trim, leak lines, provenance and template form: linear', async () => {
    await expectLinearAsync('body with a long blank run before its last character', (n) => compile('a' + ' '.repeat(n) + 'b'), FILE_LIMIT);
    await expectLinearAsync('leak-like line with blanks and a line separator', (n) => compile(`[INFO] Processing ${' '.repeat(n)}\u2028x\n`), FILE_LIMIT);
    await expectLinear('provenance comment with a long blank run', (n) => {
      const body = `Body.\n<!-- COMPILED AGENT: Generated from a${' '.repeat(n)}x template -->\n`;
      return () => extractProvenance(body);
    }, FILE_LIMIT);
    await expectLinear('unclosed embedded blocks (template form)', (n) => {
      let text = '';
      for (let i = 0; text.length < n; i++) text += `\n<!-- BEGIN: f${i}.md -->\nx`;
      text += '\n<!-- END: f0.md -->\n\n';
      return () => toTemplateForm(text);
    }, FILE_LIMIT);
    await expectLinearAsync('unclosed BEGIN lines in a body (compile)', (n) => {
      let text = '';
      for (let i = 0; text.length < n; i++) text += `<!-- BEGIN: f${i}.md -->\n`;
      return compile(text);
    }, FILE_LIMIT);
    await expectLinearAsync('unclosed BEGIN lines of one name (compile)', (n) => compile('<!-- BEGIN: x.md -->\n'.repeat(n / 21)), FILE_LIMIT);
  }, 120_000);
});

describe('routing card: line scanner, boundaries, examples', () => {
  /** The card and the boundaries of one agent, measured apart (each is an entry point of its own). */
  const expectCardLinear = async (label: string, shape: (n: number) => string, limit: number, description?: (n: number) => string): Promise<void> => {
    const agent = (n: number): { agent: AgentRecord; body: string } => agentOf(agentFile('hostile-agent', description ? description(n) : 'Handles hostile input.', shape(n)));
    await expectLinear(`${label} (boundaries)`, (n) => {
      const { agent: a, body } = agent(n);
      return () => extractBoundaries({ name: a.name, summary: a.summary, body });
    }, limit);
    await expectLinear(`${label} (card)`, (n) => {
      const { agent: a, body } = agent(n);
      return () => buildCardWith(a, body);
    }, limit);
  };
  const distinctBegins = (n: number): string => {
    let text = '';
    for (let i = 0; text.length < n; i++) text += `<!-- BEGIN: f${i}.md -->\n`;
    return text + '<!-- END: other.md -->\n';
  };
  const shapes: Record<string, (n: number) => string> = {
    'unclosed BEGIN markers (distinct names)': distinctBegins,
    'unclosed BEGIN markers with long names': (n) => `<!-- BEGIN: ${'a'.repeat(n)} -->\n`.repeat(4) + '<!-- END: b -->',
    'BEGIN marker with a long blank run and no -->': (n) => `<!-- BEGIN: x${' '.repeat(n)}y\n<!-- END: x -->`,
    'unclosed PROJECT_SPECIFIC_BEGIN markers': (n) => '<!-- PROJECT_SPECIFIC_BEGIN:x -->\nF'.repeat(n / 35) + '<!-- PROJECT_SPECIFIC_END',
    'unclosed comments': (n) => '<!--'.repeat(n / 4),
    'unclosed <example> blocks': (n) => 'x <example> '.repeat(n / 12),
    'heading with a long blank run': (n) => `# a${' '.repeat(n)}b\n`,
    'heading with blanks and hashes': (n) => `# a${' #'.repeat(n / 2)}x\n`,
    'bold label with a long blank run': (n) => `**ab**${' '.repeat(n)}x\n`,
    'include-like word with many shared-prompts/': (n) => `@o${'shared-prompts//'.repeat(n / 16)}\tz\n`,
    'many @ before shared-prompts': (n) => `${'@-'.repeat(n / 2)}-\t@shared-prompts/e\n`,
    'unclosed [ links': (n) => `x ${'['.repeat(n)}](y\n`,
    'many ( without )': (n) => `- Coordinates with qa-engineer ${'('.repeat(n)}\n`,
    'free-text boundary with long blank runs': (n) => `- Coordinates with qa-engineer for ${' '.repeat(n)}testing and${' '.repeat(n)}x\n`,
    'takes-over with blank runs': (n) => `- qa-engineer${' \t'.repeat(n / 2)}N\n`,
    'incoming words repeated': (n) => `- receives from ai-engineer ${'get\t'.repeat(n / 4)}0\n`,
    'label followed by blanks and a line separator': (n) => `- **qa-engineer**${' '.repeat(n)}\u2028x\n`,
    'plain label followed by blanks and a line separator': (n) => `- qa-engineer:${' '.repeat(n)}a\u2028x\n`,
    'openers before a cue': (n) => `- x${'('.repeat(n)}y coordinate with qa-engineer on tests\n`,
    'table cell with trailing punctuation': (n) => `## Delegation\n| ab${'!'.repeat(n)}x | topic |\n`,
    'self-named aside with many (': (n) => `## Boundaries\n- **To qa-engineer**: tests ${'(hostile-agent '.repeat(n / 15)}\n`,
    'negation asides without )': (n) => `You do things ${'(no x '.repeat(n / 7)}\n`,
    'topic separators with long blanks': (n) => `- Coordinates with qa-engineer: a${' '.repeat(n)}- b${' '.repeat(n)}x and${' '.repeat(n)}y\n`,
    'sentence splits on long blanks': (n) => `- Hand off to qa-engineer. a${' '.repeat(n)}b.${' '.repeat(n)}c\n`,
  };
  for (const [label, shape] of Object.entries(shapes)) {
    it(`${label}: linear`, async () => {
      await expectCardLinear(label, shape, FILE_LIMIT);
    });
  }

  it('descriptions: unclosed examples, long blank runs, many asides: linear', async () => {
    await expectCardLinear('description with blank runs', () => 'Body.', FRONTMATTER_LIMIT, (n) => `a: b Coordinates with qa-engineer${' '.repeat(n)}x`);
    await expectCardLinear('description with unclosed examples', () => 'Body.', FRONTMATTER_LIMIT, (n) => `a: b ${'<example>'.repeat(n / 9)}`);
  });

  it('the helpers on their own: plain, sentences, splitTopics, normalizeAgentName: linear', async () => {
    await expectLinear('plain: unclosed links', (n) => {
      const t = `- x ${'[a]'.repeat(n / 3)}(`;
      return () => plain(t);
    }, FILE_LIMIT);
    await expectLinear('sentences: blank runs', (n) => {
      const t = `a.${' '.repeat(n)}b`;
      return () => sentences(t);
    }, FILE_LIMIT);
    await expectLinear('splitTopics: blank runs before non-separators', (n) => {
      const t = `a${' '.repeat(n)}\tE,`;
      return () => splitTopics(t);
    }, FILE_LIMIT);
    await expectLinear('splitTopics: trailing junk', (n) => {
      const t = `a${'!'.repeat(n)}\u0000`;
      return () => splitTopics(t);
    }, FILE_LIMIT);
    await expectLinear('normalizeAgentName: trailing punctuation', (n) => {
      let k = 0;
      const base = `ab${'!'.repeat(n)}`;
      // A different text on each call: the function is memoised.
      return () => normalizeAgentName(`${base}${k++}x`);
    }, FILE_LIMIT);
    await expectLinear('scanLines: everything at once', (n) => {
      const t = distinctBegins(n / 2) + `# a${' '.repeat(n / 2)}b\n`;
      return () => scanLines(t);
    }, FILE_LIMIT);
  });

  it('task text: query terms of hostile task text (bounded and linear)', async () => {
    await expectLinear('task with blank runs and escape codes', (n) => {
      const t = `${'\u001b['.repeat(n / 4)}${' '.repeat(n / 2)}x`;
      return () => queryTerms(t);
    }, 8_000);
  });
});

describe('project placeholders and detection', () => {
  const profile: ProjectProfile = {
    dir: '/tmp/p',
    name: 'p',
    nameEvidence: { file: 'package.json', why: 'name field' },
    commands: {},
    missing: {},
    hints: [],
  } as unknown as ProjectProfile;

  it('fillPlaceholders and makeTargets: linear', async () => {
    await expectLinear('many "[Add project-specific" openings', (n) => {
      const t = '[Add project-specific x '.repeat(n / 24);
      return () => fillPlaceholders(t, profile);
    }, FILE_LIMIT);
    await expectLinear('unclosed section markers with blanks', (n) => {
      const t = `<!-- PROJECT_SPECIFIC_BEGIN:project-name${' '.repeat(n)}x`;
      return () => fillPlaceholders(t, profile);
    }, FILE_LIMIT);
    await expectLinear('Makefile line with a long blank run and no colon', (n) => {
      const t = `a${' '.repeat(n)}b\n`;
      return () => makeTargets(t);
    }, FRONTMATTER_LIMIT);
  });
});

describe('journal entries and excerpts', () => {
  it('headings, header lines and section names with long blank runs: linear', async () => {
    await expectLinear('## heading with a long blank run', (n) => {
      const text = `---\ntitle: t\n---\n\n## a${' '.repeat(n)}b\n\ntext\n`;
      return () => parseEntry({ text, path: '/tmp/j/2025-01-01/10-00-00-000000.md', type: 'project' });
    }, FRONTMATTER_LIMIT);
    await expectLinear('header line with blanks then a line separator', (n) => {
      const text = `---\ntitle:${' '.repeat(n)}\u2028x\n---\n\ntext\n`;
      return () => parseEntry({ text, path: '/tmp/j/2025-01-01/10-00-00-000000.md', type: 'project' });
    }, FRONTMATTER_LIMIT);
    await expectLinear('section name of underscores', (n) => {
      const t = `a${'_'.repeat(n)}!`;
      return () => sectionKey(t);
    }, FRONTMATTER_LIMIT);
    await expectLinear('excerpt of a long entry with many partial matches', (n) => {
      const text = 'aaaa '.repeat(n / 5) + 'needle';
      return () => makeExcerpt([{ text }], ['aaaab', 'needle']);
    }, FRONTMATTER_LIMIT);
  });
});

describe('HTTP headers', () => {
  it('Authorization: Bearer with long blank runs: linear up to the 4 KB header cap, constant past it', async () => {
    const make = (n: number): (() => unknown) => {
      const h = `Bearer a${' '.repeat(n)}b`;
      return () => bearerToken(h);
    };
    expect(growth(make, 800), 'sqrt(time(3200) / time(800))').toBeLessThan(MAX_RATIO);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) make(15_000)();
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('a hostile catalog over the built server', () => {
  const spawned: RawServer[] = [];
  afterAll(() => {
    for (const s of spawned) if (!s.exited()) s.child.kill('SIGKILL');
  });

  it('agents named "x(" and "(a+)+b" with boundary lines, and 1 MB of crafted bodies: match_agents, route_task and get_agent_prompt answer in time', async () => {
    const dir = tempDir('acm-redos-catalog-');
    const filler = 'x'.repeat(28);
    writeTree(dir, {
      'paren.md': agentFile('x(', 'An agent whose name is not a valid regular expression.', '## Boundaries\n- **To qa-engineer**: tests (x( does not)\n'),
      'nested.md': agentFile('(a+)+b', 'An agent whose name is an exponential regular expression.', `## Boundaries\n- **To qa-engineer**: tests (${filler}a)\n`),
      'qa.md': agentFile('qa-engineer', 'Writes and runs tests for the code base.', 'You write tests.\n'),
      'blanks.md': agentFile('blank-runs', 'Has long blank runs.', `# a${' '.repeat(300_000)}b\n**ab**${' '.repeat(300_000)}x\nend${' '.repeat(300_000)}z\n`),
      'markers.md': agentFile('open-markers', 'Has unclosed markers.', Array.from({ length: 12_000 }, (_, i) => `<!-- BEGIN: f${i}.md -->`).join('\n') + '\n' + '<example>'.repeat(20_000)),
    });
    const s = spawnRaw(['--agents', dir, '--no-user', '--no-bundled', '--no-cache', '--no-watch']);
    spawned.push(s);
    await s.initialize();
    const started = Date.now();
    const list = await s.callTool('list_agents', {}, 30_000);
    expect(listNames(list).sort()).toEqual(['(a+)+b', 'blank-runs', 'open-markers', 'qa-engineer', 'x(']);
    const match = await s.callTool('match_agents', { task: 'write tests for the parser' }, 30_000);
    expect(match.isError, JSON.stringify(match).slice(0, 500)).not.toBe(true);
    expect(JSON.stringify(match.structuredContent)).toContain('qa-engineer');
    for (const from of ['x(', '(a+)+b', 'blank-runs']) {
      const route = await s.callTool('route_task', { task: 'write tests for the parser', current_agent: from }, 30_000);
      expect(route.isError, `${from}: ${JSON.stringify(route).slice(0, 500)}`).not.toBe(true);
    }
    const prompt = await s.callTool('get_agent_prompt', { name: 'blank-runs' }, 30_000);
    expect(prompt.isError).not.toBe(true);
    // Hang guard (the old expressions took minutes on this catalog; this is seconds with room to spare).
    expect(Date.now() - started).toBeLessThan(20_000);
    await s.close();
  }, 60_000);
});
