/**
 * Hostile files in a catalog folder, over a spawned server and `validate --json`: each one is named in a
 * diagnostic (or, where the file is in fact usable, served), loading stays bounded in time and memory, the
 * good agents next to them serve, and the watcher keeps working.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { BIN } from '../helpers/stdio.js';
import { eventually, hangGuard } from '../helpers/poll.js';
import { listNames, spawnRaw, writeTree, type RawServer } from './helpers.js';

/** How a hostile file must come out. */
type Outcome =
  | 'diagnostic' // skipped, with a diagnostic naming the file
  | 'served' // usable after all (e.g. readable despite chmod 000 when running as root)
  | 'served-or-diagnostic'; // either is fine, but never silently dropped

interface Hostile {
  fault: string;
  rel: string;
  outcome: Outcome;
}

/** Hang guard on loading the hostile folder (a YAML alias bomb or an unbounded read would take minutes or forever). */
const LOAD_BOUND_MS = 15_000;
/** The issue's memory bar for a whole 10,000-agent catalog; a handful of hostile files must stay far below it. */
const RSS_BOUND_MB = 200;

function billionLaughs(withAgent: boolean): string {
  const lines = ['---'];
  if (withAgent) lines.push('name: alias-bomb', 'description: an agent whose frontmatter is a YAML alias bomb');
  lines.push('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]');
  const keys = 'bcdefghijklmnop'.split('');
  let prev = 'a';
  for (const k of keys) {
    lines.push(`${k}: &${k} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    prev = k;
  }
  lines.push('---', '', 'Body.', '');
  return lines.join('\n');
}

function buildHostileCatalog(root: string): { hostile: Hostile[]; good: string[]; unreadableIsReadable: boolean } {
  const good = ['good-one', 'good-two', 'good-three'];
  writeTree(root, {
    'good-one.md': agentFile('good-one', 'the first good agent next to hostile files'),
    'good-two.md': agentFile('good-two', 'the second good agent', 'Second body.\n', 'model: sonnet\n'),
    'sub/good-three.md': agentFile('good-three', 'the third good agent, in a subfolder'),
  });
  const hostile: Hostile[] = [];
  const add = (fault: string, rel: string, content: string | Buffer, outcome: Outcome): void => {
    writeTree(root, { [rel]: content });
    hostile.push({ fault, rel, outcome });
  };

  add('empty file', 'empty.md', '', 'diagnostic');
  add('whitespace-only file', 'blank.md', '  \n\n\t\n', 'diagnostic');
  const binary = Buffer.alloc(64 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919 + 13) % 256;
  add('binary file (NUL bytes)', 'binary.md', binary, 'diagnostic');
  add(
    'invalid UTF-8',
    'invalid-utf8.md',
    Buffer.concat([Buffer.from('---\nname: invalid-utf8\ndescription: bad bytes '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('\n---\n\nBody\n')]),
    'diagnostic',
  );
  add('5 MB description', 'huge-description.md', agentFile('huge-description', 'd'.repeat(5 * 1024 * 1024)), 'diagnostic');
  add('1.5 MB description (over the frontmatter limit, under the file limit)', 'big-frontmatter.md', agentFile('big-frontmatter', 'e'.repeat(1536 * 1024)), 'served-or-diagnostic');
  add('YAML alias bomb (billion laughs) with name/description', 'alias-bomb.md', billionLaughs(true), 'served-or-diagnostic');
  add('YAML alias bomb (billion laughs) alone', 'alias-bomb-only.md', billionLaughs(false), 'diagnostic');
  let nested = 'x';
  for (let d = 0; d < 20; d++) nested = `{ "l${d}": ${nested} }`;
  add('20-level nested YAML map in frontmatter', 'deep-yaml.md', agentFile('deep-yaml', 'frontmatter nested 20 levels deep', 'Body.\n', `meta: ${nested}\n`), 'served-or-diagnostic');
  // As deep as fits under the 1 MB frontmatter limit: 500,000 levels.
  add('500,000-level nested YAML flow sequence in frontmatter', 'deep-flow.md', agentFile('deep-flow', 'frontmatter nested 500k levels', 'Body.\n', `meta: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`), 'served-or-diagnostic');
  add('unterminated frontmatter', 'unterminated.md', '---\nname: unterminated\ndescription: never closed\n\nBody that never ends the block.\n', 'served-or-diagnostic');
  const deepRel = `${Array.from({ length: 20 }, (_, i) => `level-${i + 1}`).join('/')}/deep-agent.md`;
  add('agent file 20 folders deep', deepRel, agentFile('deep-agent', 'an agent 20 folders deep'), 'served-or-diagnostic');

  // Symlink loops: two links pointing at each other, a self link, a folder link to its own parent.
  fs.symlinkSync('loop-b.md', path.join(root, 'loop-a.md'));
  fs.symlinkSync('loop-a.md', path.join(root, 'loop-b.md'));
  fs.symlinkSync('self-loop.md', path.join(root, 'self-loop.md'));
  fs.symlinkSync('.', path.join(root, 'cycle'));
  fs.symlinkSync('..', path.join(root, 'sub', 'back-up.md'));
  hostile.push(
    { fault: 'symlink loop (a → b → a)', rel: 'loop-a.md', outcome: 'diagnostic' },
    { fault: 'symlink loop (b → a → b)', rel: 'loop-b.md', outcome: 'diagnostic' },
    { fault: 'symlink to itself', rel: 'self-loop.md', outcome: 'diagnostic' },
    { fault: 'folder symlink to its parent, named *.md', rel: 'sub/back-up.md', outcome: 'diagnostic' },
  );
  // A FIFO (reading it would block forever) and a link to an endless device.
  if (spawnSync('mkfifo', [path.join(root, 'fifo.md')]).status === 0) hostile.push({ fault: 'named pipe (FIFO) named *.md', rel: 'fifo.md', outcome: 'diagnostic' });
  fs.symlinkSync('/dev/zero', path.join(root, 'dev-zero.md'));
  hostile.push({ fault: 'symlink to /dev/zero', rel: 'dev-zero.md', outcome: 'diagnostic' });
  fs.mkdirSync(path.join(root, 'folder.md'));
  hostile.push({ fault: 'folder named *.md', rel: 'folder.md', outcome: 'diagnostic' });

  // chmod 000: unreadable, unless we are root (then it reads fine and must simply serve).
  const unreadable = path.join(root, 'unreadable.md');
  fs.writeFileSync(unreadable, agentFile('unreadable', 'an agent file with mode 000'));
  fs.chmodSync(unreadable, 0o000);
  let unreadableIsReadable = false;
  try {
    fs.closeSync(fs.openSync(unreadable, 'r'));
    unreadableIsReadable = true;
  } catch {
    unreadableIsReadable = false;
  }
  hostile.push({ fault: `unreadable file (chmod 000${unreadableIsReadable ? ', but readable: running as root' : ''})`, rel: 'unreadable.md', outcome: unreadableIsReadable ? 'served' : 'diagnostic' });
  return { hostile, good, unreadableIsReadable };
}

function runCli(args: string[], cwd: string, home: string): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: home } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const cancel = hangGuard(30_000, () => child.kill('SIGKILL'));
    child.on('exit', (code) => {
      cancel();
      resolve({ code, out, err, ms: Date.now() - start });
    });
  });
}

describe('hostile files in a catalog folder', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('names every hostile file in a diagnostic (or serves it if usable), stays bounded, and serves the rest', async () => {
    const root = tempDir('acm-hostile-');
    const { hostile, good } = buildHostileCatalog(root);
    // Shared prompts nested 20 includes deep, and an include cycle.
    const shared = tempDir('acm-hostile-shared-');
    writeTree(shared, {
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`chain-${i + 1}.md`, `Chain level ${i + 1}.\n${i < 19 ? `@~/.claude/shared-prompts/chain-${i + 2}.md\n` : ''}`])),
      'cycle-a.md': 'Cycle A.\n@~/.claude/shared-prompts/cycle-b.md\n',
      'cycle-b.md': 'Cycle B.\n@~/.claude/shared-prompts/cycle-a.md\n',
    });
    writeTree(root, {
      'nested-includes.md': agentFile('nested-includes', 'includes a fragment chain 20 deep', 'Top.\n@~/.claude/shared-prompts/chain-1.md\n'),
      'include-cycle.md': agentFile('include-cycle', 'includes a fragment cycle', 'Top.\n@~/.claude/shared-prompts/cycle-a.md\n'),
    });
    const args = ['--agents', root, '--shared-prompts', shared, '--no-user', '--no-bundled'];

    // Over a spawned server: load → list_agents, bounded in time and memory.
    const t0 = Date.now();
    server = spawnRaw(args);
    const s = server;
    await s.initialize();
    const list = await s.callTool('list_agents', { limit: 1000 }, LOAD_BOUND_MS);
    const loadMs = Date.now() - t0;
    const page = list.structuredContent as { agents: Array<{ name: string; path: string }>; diagnostics: Array<{ path: string; code: string; reason: string }> };
    const served = new Map(page.agents.map((a) => [path.resolve(a.path), a.name]));
    const diagnosed = new Map(page.diagnostics.map((d) => [path.resolve(d.path), d]));

    // validate --json sees the same files.
    const validate = await runCli([...args, 'validate', '--json'], tempDir(), tempDir());
    expect(validate.code, validate.err).toBe(1);
    const report = JSON.parse(validate.out) as {
      diagnostics: Array<{ path: string; code: string; message: string }>;
      lenient: string[];
      unresolved: Array<{ agent: string; path: string; name: string; reason: string }>;
    };
    const validateDiag = new Map(report.diagnostics.map((d) => [path.resolve(d.path), d]));
    const lenient = new Set(report.lenient.map((p) => path.resolve(p)));

    const realRoot = fs.realpathSync(root);
    const rows: string[] = [];
    const problems: string[] = [];
    for (const h of hostile) {
      const candidates = [path.join(root, h.rel), path.join(realRoot, h.rel)];
      const isServed = candidates.some((p) => served.has(p));
      const diag = candidates.map((p) => diagnosed.get(p)).find(Boolean);
      const vdiag = candidates.map((p) => validateDiag.get(p)).find(Boolean);
      const noted = candidates.some((p) => lenient.has(p));
      const outcome = isServed ? `served${noted ? ' (noted as not strict YAML)' : ''}` : diag ? `diagnostic ${diag.code}: ${diag.reason.slice(0, 90)}` : 'SILENTLY DROPPED';
      rows.push(`  ${h.fault} → ${outcome}`);
      if (diag && !vdiag) problems.push(`${h.rel}: in list_agents diagnostics but not in validate --json`);
      if (h.outcome === 'diagnostic' && (isServed || !diag)) problems.push(`${h.rel} (${h.fault}): expected a diagnostic naming the file, got: ${outcome}`);
      if (h.outcome === 'served' && !isServed) problems.push(`${h.rel} (${h.fault}): expected it to be served, got: ${outcome}`);
      if (h.outcome === 'served-or-diagnostic' && !isServed && !diag) problems.push(`${h.rel} (${h.fault}): neither served nor named in a diagnostic`);
      if (diag && diag.reason.trim() === '') problems.push(`${h.rel}: diagnostic without a reason`);
    }
    // 20-level include nesting and an include cycle: compiled up to the limit, the rest reported with the
    // agent's file named, in get_agent_prompt and in validate --json.
    for (const [agent, pattern] of [
      ['nested-includes', /depth/i],
      ['include-cycle', /cycle/i],
    ] as const) {
      const res = await s.callTool('get_agent_prompt', { name: agent });
      const unresolved = (res.structuredContent as { unresolved?: Array<{ name: string; reason: string }> } | undefined)?.unresolved ?? [];
      const v = report.unresolved.find((u) => u.agent === agent);
      const outcome = res.isError ? 'error' : `served; unresolved: ${unresolved.map((u) => `${u.name} (${u.reason.slice(0, 70)})`).join('; ') || 'none'}`;
      rows.push(`  ${agent === 'nested-includes' ? 'shared prompts nested 20 includes deep' : 'shared-prompt include cycle'} → ${outcome}`);
      if (res.isError || !unresolved.some((u) => pattern.test(u.reason))) problems.push(`${agent}: expected an unresolved entry matching ${pattern}, got: ${outcome}`);
      if (!v || path.resolve(v.path) !== path.join(fs.realpathSync(root), `${agent}.md`) || !pattern.test(v.reason)) problems.push(`${agent}: validate --json does not name its file with the reason: ${JSON.stringify(v)}`);
    }
    console.log(`[fault] hostile files: loaded in ${loadMs} ms, validate in ${validate.ms} ms, peak RSS ${s.peakRssMb()?.toFixed(0)} MB\n${rows.join('\n')}`);
    // Soft checks: every failing fault is reported, and the serving checks below still run.
    expect.soft(problems).toEqual([]);

    // Bounded time (hang guards) and memory.
    expect.soft(loadMs, 'spawn → list_agents answered, ms').toBeLessThan(LOAD_BOUND_MS);
    expect.soft(validate.ms, 'validate --json, ms').toBeLessThan(LOAD_BOUND_MS);
    const rss = s.peakRssMb();
    if (rss !== undefined) expect.soft(rss, 'server peak RSS, MB').toBeLessThan(RSS_BOUND_MB);

    // The good agents serve, in full.
    expect(listNames(list)).toEqual(expect.arrayContaining(good));
    for (const name of good) {
      const res = await s.callTool('get_agent_prompt', { name });
      expect(res.isError, JSON.stringify(res).slice(0, 300)).toBeFalsy();
      expect((res.structuredContent as { prompt: string }).prompt).toContain(name === 'good-two' ? 'Second body.' : `You are ${name}.`);
    }
    // Whatever hostile file was served answers get_agent_prompt with a bounded answer.
    for (const name of served.values()) {
      if (good.includes(name)) continue;
      const res = await s.callTool('get_agent_prompt', { name });
      expect(JSON.stringify(res).length).toBeLessThan(4 * 1024 * 1024);
    }

    // The watcher survived the hostile folder: a new agent appears without a restart.
    writeTree(root, { 'late-arrival.md': agentFile('late-arrival', 'added after start') });
    const names = await eventually(
      async () => listNames(await s.callTool('list_agents', { limit: 1000 })),
      (n) => n.includes('late-arrival'),
      { timeoutMs: 20_000, what: 'late-arrival in list_agents' },
    );
    expect(names).toContain('late-arrival');
    expect(s.badLines).toEqual([]);
    expect(s.exited()).toBe(false);
    expect((await s.close()).code).toBe(0);
  }, 60_000);
});
