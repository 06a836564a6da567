/**
 * Two processes, each with its own JournalService (built code in dist/: `npm test` builds first), write 200
 * entries each at the same moment into the same two roots. Afterwards exactly 400 entries exist, all parse,
 * and each process finds all 400 (its own at once, the other's through the index file they share).
 *
 * Each child takes commands on stdin and answers one line on stdout: `write` (its 200 entries), `count`
 * (the entries its journal knows), `check` (search for every entry, then exit). The test polls `count`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parseEntry } from '../../src/journal/entry.js';
import { walkRoot } from '../../src/journal/load.js';
import { makeTempDir } from './fixture.js';
import { eventually } from '../helpers/poll.js';
import { describeIndexed, HAS_SQLITE } from '../helpers/sqlite.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const hasDist = fs.existsSync(path.join(dist, 'journal', 'service.js'));

const CHILD = `
import { JournalService } from ${JSON.stringify(path.join(dist, 'journal', 'service.js'))};
import { resolveConfig } from ${JSON.stringify(path.join(dist, 'app', 'config.js'))};
import { silentLogger } from ${JSON.stringify(path.join(dist, 'shared', 'logger.js'))};
import readline from 'node:readline';
const [project, user, home, id, countArg] = process.argv.slice(2);
const count = Number(countArg);
const config = resolveConfig({ journal: project, userJournal: user, noUser: true, noBundled: true }, { cwd: home, home, env: {} });
const journal = new JournalService(config, silentLogger, { reconcileMs: 1000, debounceMs: 40 });
journal.start();
await journal.whenReady();
console.log('ready');
const marker = (i) => 'p' + id + 'x' + i;
const write = async () => {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const text = marker(i) + ' concurrency check entry';
      await journal.write(i % 2 === 0 ? { project_notes: text } : { technical_insights: text });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
};
const check = async () => {
  const missing = [];
  for (const p of ['0', '1']) {
    for (let i = 0; i < count; i++) {
      const m = 'p' + p + 'x' + i;
      const { results } = await journal.search(m, { limit: 5 });
      // The last query word also matches as a prefix (p0x1 → p0x12…): the exact entry must come first, once.
      const exact = results.filter((r) => r.excerpt.split(' ').includes(m));
      if (exact.length !== 1 || results[0] !== exact[0]) missing.push(m + ':' + exact.length + '/' + results.length);
    }
  }
  return { entries: journal.status().entries, missing, index: journal.indexFile() };
};
const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line === 'write') {
    await write();
    console.log('written');
  } else if (line === 'count') {
    console.log(String(journal.status().entries));
  } else if (line === 'check') {
    console.log(JSON.stringify(await check()));
    break;
  }
}
await journal.close();
rl.close();
`;

function lines(child: ChildProcess): { next: () => Promise<string> } {
  let buf = '';
  const queue: string[] = [];
  const waiters: Array<(l: string) => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else queue.push(line);
    }
  });
  let exited: string | undefined;
  child.on('close', (code) => {
    exited = `exited with code ${code}`;
    for (const w of waiters.splice(0)) w(exited);
  });
  return {
    next: () =>
      new Promise((resolve) => {
        if (queue.length > 0) resolve(queue.shift() as string);
        else if (exited !== undefined) resolve(exited);
        else waiters.push(resolve);
      }),
  };
}

describeIndexed('two processes writing at once', () => {
  const base = makeTempDir('journal-conc-');
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('exactly 400 entries, all parse, all found by search in both processes', async () => {
    const project = path.join(base, 'project');
    const user = path.join(base, 'user');
    const script = path.join(base, 'child.mjs');
    fs.writeFileSync(script, CHILD);
    const COUNT = 200;
    const children = ['0', '1'].map((id) => spawn(process.execPath, [script, project, user, base, id, String(COUNT)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    try {
      const outs = children.map(lines);
      const ask = (command: string): Promise<string[]> => {
        for (const c of children) c.stdin?.write(`${command}\n`);
        return Promise.all(outs.map((o) => o.next()));
      };
      expect(await Promise.all(outs.map((o) => o.next()))).toEqual(['ready', 'ready']);
      expect(await ask('write')).toEqual(['written', 'written']);
      // Each process learns of the other's entries through its watcher and the shared index.
      await eventually(() => ask('count'), (counts) => counts.every((n) => n === String(2 * COUNT)), { timeoutMs: 30_000, stepMs: 100, what: `both processes to know all ${2 * COUNT} entries` });
      const results = (await ask('check')).map((l) => JSON.parse(l) as { entries: number; missing: string[]; index?: string });
      for (const r of results) {
        expect(r.missing).toEqual([]);
        expect(r.entries).toBe(2 * COUNT);
      }
      // Both processes shared one index database file.
      expect(results[0]?.index).toMatch(/\.sqlite$/);
      expect(results[1]?.index).toBe(results[0]?.index);
    } finally {
      for (const c of children) c.kill();
    }

    const files = [...(await walkRoot(project)).files, ...(await walkRoot(user)).files];
    expect(files).toHaveLength(2 * COUNT);
    const markers = new Set<string>();
    for (const f of files) {
      const e = parseEntry({ text: fs.readFileSync(f, 'utf8'), path: f, type: 'user' });
      expect(e.timeSource).toBe('timestamp');
      expect(e.sections).toHaveLength(1);
      markers.add((e.sections[0]?.text ?? '').split(' ')[0] ?? '');
    }
    expect(markers.size).toBe(2 * COUNT);
    // No temp files left anywhere.
    const leftovers = fs.readdirSync(base, { recursive: true }).filter((f) => String(f).includes('.tmp-'));
    expect(leftovers).toEqual([]);
  }, 60_000);
}, HAS_SQLITE && hasDist);
