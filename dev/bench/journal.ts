/**
 * Journal benchmark: synthetic journals of realistic multi-section entries (1,000 / 10,000 / 100,000),
 * then index build time, in-process search p50/p99, search over stdio p50/p99 (a real server process and
 * an SDK client), time to `initialize`, and memory at each size.
 *
 * Run directly (`node dist-dev/dev/bench/journal.js [sizes…]`) or call benchJournal() from the bench runner.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { resolveConfig, type Config } from '../../src/app/config.js';
import { silentLogger, stderrLogger } from '../../src/shared/logger.js';
import { JournalService } from '../../src/journal/service.js';
import { formatTitle, KNOWN_SECTIONS } from '../../src/journal/entry.js';
import { JOURNAL_TOOLS } from '../../src/mcp/tools/journal/index.js';
import { registerTools } from '../../src/mcp/tools/dispatch.js';
import { BIN, percentile, prng, type BenchRow } from './rows.js';

export type { BenchRow };

// ---------------------------------------------------------------------------------------------------------------
// Synthetic journal

export { prng };

const FUNCTION_WORDS = (
  'the a an and or but so if then when while because although that this these those it its i me my we our you your they them their he she ' +
  'is are was were be been being have has had do does did will would can could should might must not no yes of in on at to for from with ' +
  'about into over after before between through during without again further once here there all any both each few more most other some ' +
  'such only own same than too very just also still even really quite maybe now today yesterday'
).split(' ');

const CORE_WORDS = (
  'typescript javascript node async await promise callback event loop stream buffer file folder path symlink realpath watcher chokidar ' +
  'index search query ranking score excerpt token tokenizer stemming fuzzy prefix minisearch journal entry section header frontmatter ' +
  'yaml markdown parser lexer grammar schema zod validation error exception stack trace debug logging logger stderr stdout protocol ' +
  'server client transport stdio http request response latency throughput benchmark profile memory heap garbage collector leak cache ' +
  'invalidation snapshot immutable mutable state reducer store selector component render react hook effect closure scope module import ' +
  'export bundle build compiler tsc eslint prettier test vitest jest mock fixture assertion coverage regression flaky timeout retry ' +
  'race condition mutex lock atomic rename link exclusive concurrency parallel worker thread process spawn signal exit code pipe socket ' +
  'database sqlite postgres migration transaction rollback commit branch merge rebase conflict review refactor rename extract inline ' +
  'abstraction interface type generic inference narrowing union discriminated optional undefined null strict config flag environment ' +
  'variable secret token auth oauth session cookie header cors origin host port tls certificate deploy release version semver ' +
  'changelog dependency package registry lockfile install upgrade downgrade breaking change api endpoint route handler middleware ' +
  'user jesse collaborator prefers simple direct honest feedback pairing explained asked wanted frustrated confused excited worried ' +
  'proud relieved tired curious surprised learned realized noticed discovered remembered forgot mistake bug fix patch workaround ' +
  'gotcha pattern antipattern design decision tradeoff constraint requirement spec issue ticket plan estimate deadline scope creep ' +
  'documentation readme comment naming clarity readability maintainability performance correctness safety security privacy offline ' +
  'embedding vector similarity semantic model download network latency precision recall relevance recency tiebreak debounce throttle ' +
  'queue backpressure batch chunk yield microtask macrotask timer interval unref shutdown graceful cleanup resource handle descriptor'
).split(/\s+/);

const SYLLABLES = 'ba be bi bo bu ka ke ki ko ku ra re ri ro ru sa se si so su ta te ti to tu la le li lo lu na ne ni no nu ver lex ton dar mir zen quo fy ix'.split(' ');

interface Vocabulary {
  /** Content words by rank: the core technical and personal words first, then a long tail of rarer ones. */
  content: string[];
}

function makeVocabulary(rnd: () => number, size: number): Vocabulary {
  const rare = new Set<string>(CORE_WORDS);
  while (rare.size < size) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    rare.add(rnd() < 0.15 ? `${w}${Math.floor(rnd() * 100)}` : w);
  }
  return { content: [...rare] };
}

/**
 * Zipf-like pick, P(rank r) ∝ 1/(r + offset): with an offset of ~40 the most common content word is in
 * about a fifth of the entries, as in real prose once function words are set aside.
 */
function zipfPick<T>(list: readonly T[], rnd: () => number, offset = 1): T {
  const n = list.length;
  const r = Math.floor(offset * Math.pow((n + offset) / offset, rnd()) - offset);
  return list[Math.min(n - 1, Math.max(0, r))] as T;
}

function sentence(rnd: () => number, vocab: Vocabulary): string {
  const n = 8 + Math.floor(rnd() * 15);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rnd() < 0.45 ? zipfPick(FUNCTION_WORDS, rnd, 3) : zipfPick(vocab.content, rnd, 40));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + (rnd() < 0.1 ? '?' : '.');
}

function paragraph(rnd: () => number, vocab: Vocabulary, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rnd, vocab)).join(' ');
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Entry file text in the reference template (header, then `## ` sections). */
export function syntheticEntry(rnd: () => number, vocab: Vocabulary, time: Date): string {
  const sections: string[] = [];
  const chosen = KNOWN_SECTIONS.filter((s) => s.field !== 'feelings' && s.field !== 'project_notes').filter(() => rnd() < 0.45);
  if (chosen.length === 0) chosen.push(KNOWN_SECTIONS[1] as (typeof KNOWN_SECTIONS)[number]);
  for (const s of chosen) {
    const paras = rnd() < 0.6 ? 1 : 2;
    sections.push(`## ${s.name}\n\n${Array.from({ length: paras }, () => paragraph(rnd, vocab, 2 + Math.floor(rnd() * 3))).join('\n\n')}`);
  }
  return `---\ntitle: "${formatTitle(time)}"\ndate: ${time.toISOString()}\ntimestamp: ${time.getTime()}\n---\n\n${sections.join('\n\n')}\n`;
}

export interface GeneratedJournal {
  projectDir: string;
  userDir: string;
  entries: number;
  bytes: number;
  /** Words that occur in the journal, for queries. */
  queryWords: string[];
  /** Entries written to be the best match of a query (journals of 1,000 entries or more): query → entry path. */
  planted: Array<{ query: string; path: string }>;
}

/**
 * Short, focused entries about one topic, planted among the synthetic ones: each is the entry a person
 * typing its query wants first. Most of their words are frequent in the synthetic journal too, so finding
 * them first is a ranking test, not a rare-word lookup.
 */
export const PLANTED: ReadonlyArray<{ query: string; section: string; text: string }> = [
  {
    query: 'flaky test timeout in CI',
    section: 'Technical Insights',
    text: 'The flaky test was a timeout: in CI the worker is slower, so the test hit its timeout before the retry. Raised the timeout for CI and the flaky test passes.',
  },
  {
    query: 'the build failed',
    section: 'Project Notes',
    text: 'The build failed twice today. The lockfile was stale, so the build failed on install until I regenerated it.',
  },
  {
    query: 'lockfile',
    section: 'Technical Insights',
    text: 'Lockfile drift again: regenerate the lockfile after every upgrade, and commit the lockfile with the change.',
  },
  {
    query: 'race condition mutex',
    section: 'Technical Insights',
    text: 'The race condition was in the cache: two workers wrote at once. A mutex around the write fixed the race condition.',
  },
  {
    query: 'memory leak in the watcher',
    section: 'Observations',
    text: 'Found the memory leak: the watcher kept a handle per folder and never closed it. Closing the handle stopped the leak; memory is flat now.',
  },
  {
    query: '"cache invalidation"',
    section: 'Reflections',
    text: 'Cache invalidation bit us: the snapshot kept a stale cache after a reload. Invalidation now runs on every reload, and the cache is never stale.',
  },
];

const plantedEntry = (time: Date, p: (typeof PLANTED)[number]): string =>
  `---\ntitle: "${formatTitle(time)}"\ndate: ${time.toISOString()}\ntimestamp: ${time.getTime()}\n---\n\n## ${p.section}\n\n${p.text}\n`;

/**
 * Write `count` entries (10% project, 90% user) spread over the last two years into `dir`/project and
 * `dir`/user, in the `YYYY-MM-DD/HH-MM-SS-ffffff.md` layout.
 */
export function generateJournal(dir: string, count: number, seed = 42): GeneratedJournal {
  const rnd = prng(seed);
  const vocab = makeVocabulary(rnd, 30_000);
  const projectDir = path.join(dir, 'project');
  const userDir = path.join(dir, 'user');
  const end = Date.UTC(2025, 5, 1);
  const span = 730 * 86_400_000;
  const made = new Set<string>();
  // Planted entries replace synthetic ones at evenly spread positions (none in small test journals).
  const plantAt = new Map<number, (typeof PLANTED)[number]>(count >= 1000 ? PLANTED.map((p, k) => [Math.floor(((k + 1) * count) / (PLANTED.length + 1)), p]) : []);
  const planted: GeneratedJournal['planted'] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const time = new Date(end - Math.floor((span * i) / count) - Math.floor(rnd() * 1000));
    const root = rnd() < 0.1 ? projectDir : userDir;
    const day = path.join(root, `${time.getFullYear()}-${p2(time.getMonth() + 1)}-${p2(time.getDate())}`);
    if (!made.has(day)) {
      fs.mkdirSync(day, { recursive: true });
      made.add(day);
    }
    const micro = String(time.getMilliseconds() * 1000 + (i % 1000)).padStart(6, '0');
    const file = path.join(day, `${p2(time.getHours())}-${p2(time.getMinutes())}-${p2(time.getSeconds())}-${micro}.md`);
    const synthetic = syntheticEntry(rnd, vocab, time);
    const plant = plantAt.get(i);
    const text = plant ? plantedEntry(time, plant) : synthetic;
    if (plant) planted.push({ query: plant.query, path: file });
    bytes += text.length;
    fs.writeFileSync(file, text);
  }
  const queryWords = vocab.content.slice(0, 3000);
  return { projectDir, userDir, entries: count, bytes, queryWords, planted };
}

export type MixKind = 'common word' | 'phrase' | 'rare word' | 'quoted phrase';
export const MIX_KINDS: readonly MixKind[] = ['common word', 'phrase', 'rare word', 'quoted phrase'];

/**
 * What people type into a journal search, in equal shares: common single words (the most frequent content
 * words, and `test`, `lockfile`…), phrases of 3–6 words cut from generated prose (function words included:
 * "the build failed"), rare words (from the long tail of the vocabulary; some occur nowhere, then typo
 * matching answers) and quoted two-word phrases. The planted queries are among them. Deterministic.
 */
export function benchMix(n: number, seed = 42): Array<{ kind: MixKind; query: string }> {
  const vocab = makeVocabulary(prng(seed), 30_000);
  const rnd = prng(seed + 1);
  const words = (): string[] => sentence(rnd, vocab).toLowerCase().replace(/[.?]$/, '').split(' ');
  const common = [...vocab.content.slice(0, 24), 'test', 'lockfile', 'build', 'cache', 'error', 'deploy'];
  const fixed: Record<MixKind, string[]> = {
    'common word': ['test', 'lockfile'],
    phrase: ['the build failed', 'flaky test timeout in CI', 'memory leak in the watcher'],
    'rare word': [],
    'quoted phrase': ['"cache invalidation"', '"race condition"'],
  };
  const make: Record<MixKind, () => string> = {
    'common word': () => common[Math.floor(rnd() * common.length)] as string,
    phrase: () => {
      const w = words();
      const k = Math.min(w.length, 3 + Math.floor(rnd() * 4));
      const at = Math.floor(rnd() * (w.length - k + 1));
      return w.slice(at, at + k).join(' ');
    },
    'rare word': () => vocab.content[2000 + Math.floor(rnd() * (vocab.content.length - 2000))] as string,
    'quoted phrase': () => `"${zipfPick(vocab.content, rnd, 40)} ${zipfPick(vocab.content, rnd, 40)}"`,
  };
  const per = Math.ceil(n / MIX_KINDS.length);
  const out: Array<{ kind: MixKind; query: string }> = [];
  for (const kind of MIX_KINDS) {
    const qs = [...fixed[kind]];
    while (qs.length < per) qs.push(make[kind]());
    for (const query of qs) out.push({ kind, query });
  }
  // Interleave the kinds, as a session would.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
  }
  return out;
}

/** Queries of one to four content words (frequent and mid-frequency), sometimes with a function word. */
export function benchQueries(words: readonly string[], n: number, seed = 7): string[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => {
    const k = 1 + Math.floor(rnd() * 4);
    const q = Array.from({ length: k }, () => words[Math.floor(rnd() * words.length)] as string);
    if (rnd() < 0.3) q.splice(Math.floor(rnd() * q.length), 0, zipfPick(FUNCTION_WORDS, rnd, 3));
    return q.join(' ');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

const GENERATOR_VERSION = 3;

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function journalConfig(projectDir: string, userDir: string, home: string): Config {
  return resolveConfig(
    { journal: projectDir, userJournal: userDir, noUser: true, noBundled: true, noWatch: true, noCache: true },
    { cwd: home, home, env: {} },
  );
}

/** Reuse a generated journal across runs (`.bench-tmp/` is git-ignored). */
function ensureJournal(base: string, size: number, log: (s: string) => void): GeneratedJournal {
  const dir = path.join(base, `journal-v${GENERATOR_VERSION}-n${size}`);
  const marker = path.join(dir, 'DONE.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as GeneratedJournal;
  fs.rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const gen = generateJournal(dir, size);
  log(`journal bench: generated ${size} entries (${(gen.bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms`);
  fs.writeFileSync(marker, JSON.stringify(gen));
  return gen;
}

function rssOf(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: ask ps (current RSS only)
  }
  if (field !== 'VmRSS') return undefined;
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  } catch {
    return undefined;
  }
}

export interface JournalBenchOptions {
  sizes?: number[];
  /** Where synthetic journals are kept (default `<cwd>/.bench-tmp`). */
  dir?: string;
  /** Searches per measurement (default 200). */
  queries?: number;
  /** Also measure over stdio with a server process (default true). */
  stdio?: boolean;
  log?: (line: string) => void;
}

/** In-process: build time, then search latency. */
async function inProcess(gen: GeneratedJournal, size: number, queries: readonly string[], home: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const journal = new JournalService(journalConfig(gen.projectDir, gen.userDir, home), silentLogger, { watch: false, reconcileMs: 0 });
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  journal.start();
  await journal.whenReady();
  const build = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  stalls.disable();
  const st = journal.status();
  const bar = size === 10_000 ? 2000 : undefined;
  rows.push({ name: `journal build ${size} entries (load+index)`, value: Math.round(build), unit: 'ms', ...(bar ? { bar: `< ${bar}`, pass: build < bar } : {}) });
  rows.push({ name: `journal build ${size} entries, CPU time`, value: Math.round((cpu.user + cpu.system) / 1000), unit: 'ms' });
  rows.push({ name: `journal build ${size} entries, longest event-loop stall`, value: Math.round(stalls.max / 1e6), unit: 'ms' });
  rows.push({ name: `journal load ${size} entries (walk+read+parse)`, value: st.loadMs ?? NaN, unit: 'ms' });
  rows.push({ name: `journal index ${size} entries (sqlite fts5 writes)`, value: st.indexMs ?? NaN, unit: 'ms' });
  for (const q of queries.slice(0, 20)) await journal.search(q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    await journal.search(q, { limit: 10 });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  rows.push({ name: `journal search in-process ${size} p50`, value: round(percentile(times, 50)), unit: 'ms' });
  rows.push({ name: `journal search in-process ${size} p99`, value: round(percentile(times, 99)), unit: 'ms' });
  await journal.close();
  return rows;
}

/**
 * The server process to measure: the real CLI (dist/bin.js, catalog and journal) when built, with only the
 * synthetic journal configured; else this file's own stdio server with just the journal tools.
 */
function serverCommand(projectDir: string, userDir: string, home: string): { args: string[]; label: string } {
  const here = fileURLToPath(import.meta.url);
  const bin = BIN;
  if (fs.existsSync(bin)) return { args: [bin, '--journal', projectDir, '--user-journal', userDir, '--no-user', '--no-bundled'], label: 'dist/bin.js' };
  return { args: [here, '--stdio-server', projectDir, userDir, home], label: 'journal-only stdio server' };
}

function spawnServer(gen: GeneratedJournal, home: string): { client: Client; transport: StdioClientTransport } {
  const cmd = serverCommand(gen.projectDir, gen.userDir, home);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: cmd.args,
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    stderr: 'ignore',
  });
  return { client: new Client({ name: 'journal-bench', version: '1.0.0' }), transport };
}

/** Until the index is ready, answers come from a scan. The probe is a stop word only: it reports `indexed` without starting a scan. */
async function waitIndexed(client: Client): Promise<void> {
  for (;;) {
    const r = await client.callTool({ name: 'search_journal', arguments: { query: 'the', limit: 1 } });
    if ((r.structuredContent as { indexed?: boolean } | undefined)?.indexed === true) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Over stdio: spawn a server process (its index database in a fresh cache folder: a first build), time
 * `initialize`, wait for the index, time search_journal calls, read its memory; then spawn a second server on
 * the same cache (the index is on disk: it answers from it at once while it reconciles with the files).
 */
async function overStdio(
  gen: GeneratedJournal,
  size: number,
  queries: readonly string[],
  mix: ReturnType<typeof benchMix>,
  home: string,
  log: (s: string) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  log(`journal bench: stdio server = ${serverCommand(gen.projectDir, gen.userDir, home).label}`);
  // A cache folder of its own per size: the first server builds the index from nothing.
  const serverHome = fs.mkdtempSync(path.join(home, `srv-${size}-`));
  const { client, transport } = spawnServer(gen, serverHome);
  const t0 = performance.now();
  await client.connect(transport);
  const init = performance.now() - t0;
  const initBar = size >= 100_000 ? 300 : undefined;
  rows.push({ name: `journal stdio spawn→initialize ${size}`, value: Math.round(init), unit: 'ms', ...(initBar ? { bar: `< ${initBar}`, pass: init < initBar } : {}) });
  const pid = transport.pid;
  try {
    await waitIndexed(client);
    rows.push({ name: `journal stdio spawn→index ready ${size}`, value: Math.round(performance.now() - t0), unit: 'ms' });
    const built = pid ? rssOf(pid) : undefined;
    if (built !== undefined) rows.push({ name: `journal server RSS ${size} entries, index built`, value: Math.round(built), unit: 'MB' });
    for (const q of queries.slice(0, 20)) await client.callTool({ name: 'search_journal', arguments: { query: q } });
    const times: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      await client.callTool({ name: 'search_journal', arguments: { query: q, limit: 10 } });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const bar = size === 10_000 ? 10 : size === 100_000 ? 50 : undefined;
    const p50 = percentile(times, 50);
    rows.push({ name: `journal search_journal stdio ${size} p50`, value: round(p50), unit: 'ms', ...(bar ? { bar: `< ${bar}`, pass: p50 < bar } : {}) });
    rows.push({ name: `journal search_journal stdio ${size} p99`, value: round(percentile(times, 99)), unit: 'ms' });
    rows.push(...(await stdioMix(client, size, mix, gen.planted)));
    const rss = pid ? rssOf(pid) : undefined;
    if (rss !== undefined) rows.push({ name: `journal server RSS ${size} entries`, value: Math.round(rss), unit: 'MB' });
    const peak = pid ? rssOf(pid, 'VmHWM') : undefined;
    if (peak !== undefined) rows.push({ name: `journal server peak RSS ${size} entries`, value: Math.round(peak), unit: 'MB' });
  } finally {
    await client.close();
  }
  const cache = path.join(serverHome, '.cache', 'agent-catalog-mcp');
  const dbBytes = fs.existsSync(cache)
    ? fs
        .readdirSync(cache)
        .filter((f) => f.startsWith('journal-'))
        .reduce((n, f) => n + fs.statSync(path.join(cache, f)).size, 0)
    : 0;
  rows.push({ name: `journal index file ${size} entries`, value: round(dbBytes / 1e6, 1), unit: 'MB' });

  // Warm start: the same cache, a new process.
  const warm = spawnServer(gen, serverHome);
  const w0 = performance.now();
  await warm.client.connect(warm.transport);
  rows.push({ name: `journal stdio spawn→initialize ${size}, warm index`, value: Math.round(performance.now() - w0), unit: 'ms' });
  try {
    await waitIndexed(warm.client);
    await warm.client.callTool({ name: 'search_journal', arguments: { query: queries[0] ?? 'cache' } });
    rows.push({ name: `journal stdio spawn→first search from the index ${size}, warm index`, value: Math.round(performance.now() - w0), unit: 'ms' });
  } finally {
    await warm.client.close();
  }
  return rows;
}

/** Targets for the query mix over stdio, in ms (issue 17). */
const MIX_BARS: Record<number, { p50: number; p99?: number }> = { 10_000: { p50: 5, p99: 20 }, 100_000: { p50: 30 } };

/**
 * The query mix over stdio (search_journal, limit 10, each query run once after a warm-up pass): p50/p99
 * overall and p50 per kind; then each planted query, counting the planted entry found first.
 */
async function stdioMix(client: Client, size: number, mix: ReturnType<typeof benchMix>, planted: GeneratedJournal['planted']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const search = (query: string): Promise<unknown> => client.callTool({ name: 'search_journal', arguments: { query, limit: 10 } });
  for (const { query } of mix.slice(0, 20)) await search(query);
  const all: number[] = [];
  const byKind = new Map<MixKind, number[]>();
  for (const { kind, query } of mix) {
    const s = performance.now();
    await search(query);
    const ms = performance.now() - s;
    all.push(ms);
    byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  }
  all.sort((a, b) => a - b);
  const bars = MIX_BARS[size];
  const p50 = percentile(all, 50);
  const p99 = percentile(all, 99);
  rows.push({ name: `journal search_journal stdio ${size} query mix p50`, value: round(p50), unit: 'ms', ...(bars ? { bar: `<= ${bars.p50}`, pass: p50 <= bars.p50 } : {}) });
  rows.push({ name: `journal search_journal stdio ${size} query mix p99`, value: round(p99), unit: 'ms', ...(bars?.p99 ? { bar: `<= ${bars.p99}`, pass: p99 <= bars.p99 } : {}) });
  for (const kind of MIX_KINDS) {
    const t = (byKind.get(kind) ?? []).sort((a, b) => a - b);
    rows.push({ name: `journal search_journal stdio ${size} query mix p50, ${kind}s (max ${round(t.at(-1) ?? NaN, 1)})`, value: round(percentile(t, 50)), unit: 'ms' });
  }
  if (planted.length > 0) {
    let first = 0;
    for (const p of planted) {
      const r = await client.callTool({ name: 'search_journal', arguments: { query: p.query, limit: 3 } });
      const top = (r.structuredContent as { results?: Array<{ path: string }> } | undefined)?.results?.[0]?.path;
      if (top !== undefined && fs.realpathSync(top) === fs.realpathSync(p.path)) first++;
    }
    rows.push({ name: `journal search_journal ${size}: planted entries found first (of ${planted.length})`, value: first, unit: '', bar: `= ${planted.length}`, pass: first === planted.length });
  }
  return rows;
}

export async function benchJournal(options: JournalBenchOptions = {}): Promise<BenchRow[]> {
  const log = options.log ?? ((l: string) => console.error(l));
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const base = options.dir ?? path.resolve('.bench-tmp');
  fs.mkdirSync(base, { recursive: true });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-home-'));
  const rows: BenchRow[] = [];
  try {
    if (options.stdio !== false) {
      // Node start-up plus server start-up with an empty journal: what initialize costs without any journal.
      const empty = path.join(home, 'empty');
      const t0 = performance.now();
      const cmd = serverCommand(path.join(empty, 'p'), path.join(empty, 'u'), home);
      const client = new Client({ name: 'journal-bench', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: cmd.args, cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home }, stderr: 'ignore' }));
      rows.push({ name: 'journal stdio spawn→initialize, empty journal (baseline)', value: Math.round(performance.now() - t0), unit: 'ms' });
      await client.close();
    }
    for (const size of sizes) {
      const gen = ensureJournal(base, size, log);
      const queries = benchQueries(gen.queryWords, options.queries ?? 200);
      const before = rows.length;
      rows.push(...(await inProcess(gen, size, queries, home)));
      if (options.stdio !== false) rows.push(...(await overStdio(gen, size, queries, benchMix(options.queries ?? 200), home, log)));
      for (const r of rows.slice(before)) log(`  ${r.name}: ${r.value} ${r.unit}${r.bar ? ` (bar ${r.bar}: ${r.pass ? 'pass' : 'FAIL'})` : ''}`);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  return rows;
}

/** The server the stdio measurement talks to: just the journal tools over stdio, like the real server wires them. */
async function stdioServer(projectDir: string, userDir: string, home: string): Promise<void> {
  const config = resolveConfig({ journal: projectDir, userJournal: userDir, noUser: true, noBundled: true }, { cwd: home, home, env: {} });
  const journal = new JournalService(config, stderrLogger('warning'));
  journal.start();
  const server = new McpServer({ name: 'journal-bench-server', version: '1.0.0' });
  registerTools(server, { journal }, JOURNAL_TOOLS);
  await server.connect(new StdioServerTransport());
  const stop = (): void => {
    void journal.close().finally(() => process.exit(0));
  };
  process.stdin.on('close', stop);
  process.on('SIGTERM', stop);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  if (process.argv[2] === '--stdio-server') {
    await stdioServer(process.argv[3] ?? '', process.argv[4] ?? '', process.argv[5] ?? os.tmpdir());
  } else {
    const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const rows = await benchJournal(sizes.length > 0 ? { sizes } : {});
    console.log(JSON.stringify(rows, null, 2));
  }
}
