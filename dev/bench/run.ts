/**
 * `npm run bench`: generates its own data under a temp folder, measures, prints one table (or JSON rows
 * with --json). Never part of `npm test`.
 *
 *   node dist-dev/dev/bench/run.js [--json] [--quick] [--only catalog,routing,journal,http,scale,meaning]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchCatalog, generateCatalog, peakRssMb, startStdio } from './catalog.js';
import { benchJournal, generateJournal } from './journal.js';
import { benchHttp } from './http.js';
import { benchMeaning } from './meaning.js';
import { formatTable, type BenchRow } from './rows.js';

const SUITES = ['catalog', 'routing', 'journal', 'http', 'scale', 'meaning'] as const;
type Suite = (typeof SUITES)[number];

function parseArgs(argv: string[]): { json: boolean; quick: boolean; only: Set<Suite> } {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
  const only = new Set<Suite>((onlyArg ? onlyArg.split(',') : SUITES).filter((s): s is Suite => (SUITES as readonly string[]).includes(s)));
  return { json, quick, only };
}

/**
 * RSS of a server holding 10,000 agents and 100,000 journal entries, after every tool has run once: first
 * with no caches (the very first start: every agent file parsed, every journal entry indexed), then
 * restarted over the caches that start wrote (every later start).
 */
async function benchScale(workDir: string, log: (l: string) => void): Promise<BenchRow[]> {
  log('scale: generating 10,000 agents and 100,000 journal entries…');
  const catalog = generateCatalog(path.join(workDir, 'scale-catalog'), 10_000);
  if (!catalog) return [];
  const journal = generateJournal(path.join(workDir, 'scale-journal'), 100_000);
  const home = path.join(workDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const args = [...catalog.args, '--journal', journal.projectDir, '--user-journal', journal.userDir, '--cache-dir', path.join(workDir, 'scale-cache'), '--no-watch'];
  const rows: BenchRow[] = [];
  for (const start of ['first start, no caches', 'restart, warm caches'] as const) {
    log(`scale: ${start}…`);
    const t0 = performance.now();
    const { session, initMs } = await startStdio(args, { HOME: home });
    rows.push({ name: `initialize answered (10,000 agents, 100,000 journal entries; ${start})`, value: Math.round(initMs), unit: 'ms', bar: '< 300', pass: initMs < 300 });
    const { tools } = await session.client.listTools();
    const has = (n: string): boolean => tools.some((t) => t.name === n);
    let indexed = false;
    while (!indexed && performance.now() - t0 < 180_000) {
      const r = await session.client.callTool({ name: 'search_journal', arguments: { query: 'cache invalidation' } });
      indexed = (r.structuredContent as { indexed?: boolean } | undefined)?.indexed ?? true;
      if (!indexed) await new Promise((res) => setTimeout(res, 200));
    }
    rows.push({ name: `journal index ready after start (100,000 entries; ${start})`, value: Math.round(performance.now() - t0), unit: 'ms' });
    await session.client.callTool({ name: 'list_agents', arguments: {} });
    await session.client.callTool({ name: 'get_agent_prompt', arguments: { name: 'agent-00042' } });
    const m0 = performance.now();
    if (has('match_agents')) await session.client.callTool({ name: 'match_agents', arguments: { task: 'tune a slow postgres query' } });
    rows.push({ name: `first match_agents (10,000 agents; ${start}; waits for the routing index)`, value: Math.round(performance.now() - m0), unit: 'ms' });
    if (has('route_task')) await session.client.callTool({ name: 'route_task', arguments: { task: 'tune a slow postgres query' } });
    const rss = peakRssMb(session.pid);
    if (rss !== undefined) rows.push({ name: `server peak RSS (10,000 agents + 100,000 journal entries; ${start})`, value: Math.round(rss), unit: 'MB', bar: '< 200', pass: rss < 200 });
    await session.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const { json, quick, only } = parseArgs(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acm-bench-'));
  const rows: BenchRow[] = [];
  const started = performance.now();
  try {
    if (only.has('catalog')) rows.push(...(await benchCatalog({ workDir, calls: quick ? 50 : 200, sizes: quick ? ['bundled', 'corpus'] : ['bundled', 'corpus', '10000'], log })));
    if (only.has('routing')) {
      const routing = (await import('./routing.js').catch(() => undefined)) as { benchRouting?: () => Promise<BenchRow[]> } | undefined;
      if (routing?.benchRouting) {
        log('routing…');
        rows.push(...(await routing.benchRouting()));
      }
    }
    if (only.has('journal')) {
      log('journal…');
      rows.push(...(await benchJournal(quick ? { sizes: [1000, 10000], log } : { log, dir: path.join(workDir, 'journals') })));
    }
    if (only.has('http')) {
      log('http…');
      rows.push(...(await benchHttp(quick ? { callsPerTool: 50, log } : { log })));
    }
    if (only.has('scale') && !quick) rows.push(...(await benchScale(workDir, log)));
    if (only.has('meaning')) rows.push(...(await benchMeaning({ workDir, quick, log })));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (json) {
    process.stdout.write(JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rows }, null, 2) + '\n');
  } else {
    // The load average says how busy the machine was (other processes slow every wall-clock figure).
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    process.stdout.write(`agent-catalog-mcp bench — node ${process.version}, ${os.cpus().length} cores, load ${load} (1 / 5 / 15 min) at the end, ${Math.round((performance.now() - started) / 1000)} s\n\n`);
    process.stdout.write(formatTable(rows) + '\n');
    const failed = rows.filter((r) => r.pass === false);
    process.stdout.write(`\n${rows.filter((r) => r.pass !== undefined).length - failed.length} bars met, ${failed.length} missed\n`);
  }
}

await main();
