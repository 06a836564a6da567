/**
 * Churn: while 1,000 calls run over stdio, another process adds, edits, renames and deletes 200 agent files
 * and 200 shared-prompt files in the watched folders. Every answer must show a state some file really had
 * (no half-parsed agent, no truncated fragment, frontmatter and body of the same version), the server stays
 * up, and once the churn settles the catalog equals the files on disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { assertCleanStdout, catalogWatching, rng, spawnRaw, type RawServer, type ToolResult } from './helpers.js';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'churn-writer.mjs');
const IDENTITIES = 200;
const CALLS = 1000;

interface WriterLog {
  agents: Record<string, { versions: Record<string, string>; paths: string[] }>;
  fragments: Record<string, string[]>;
  ops: string[];
}

interface ListAnswer {
  agents: Array<{ name: string; summary: string; path: string }>;
  total: number;
}

interface PromptAnswer {
  name: string;
  prompt: string;
  frontmatter: { description?: unknown };
}

const REF_LINE = /^@~\/\.claude\/shared-prompts\/(fr-\d{3}\.md)$/gm;
const BLOCK = /<!-- BEGIN: (fr-\d{3}\.md) -->\n([\s\S]*?)<!-- END: \1 -->/g;

/** Name and description of every agent file on disk now (the writer's files have one-line values). */
function diskCatalog(dir: string): Map<string, { description: string; path: string }> {
  const out = new Map<string, { description: string; path: string }>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        const text = fs.readFileSync(p, 'utf8');
        const name = /^name: (.*)$/m.exec(text)?.[1];
        const description = /^description: (.*)$/m.exec(text)?.[1];
        if (name && description) out.set(name, { description, path: p });
      }
    }
  };
  walk(dir);
  return out;
}

describe('churn while serving', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('answers 1,000 calls consistently while 200 agent and 200 fragment files churn, then matches the disk', async () => {
    const started = Date.now();
    const agentsDir = tempDir('acm-churn-agents-');
    const sharedDir = tempDir('acm-churn-shared-');
    const logPath = path.join(tempDir('acm-churn-log-'), 'log.json');
    const config = JSON.stringify({ agentsDir, sharedDir, logPath, identities: IDENTITIES, initial: 100, burst: 20, extraOps: 200, seed: 20240 });
    const init = spawnSync(process.execPath, [WRITER, 'init', config], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);

    server = spawnRaw(['--agents', agentsDir, '--shared-prompts', sharedDir, '--no-user', '--no-bundled']);
    const s = server;
    await s.initialize();
    const first = (await s.callTool('list_agents', { limit: 1000 })).structuredContent as unknown as ListAnswer;
    expect(first.total).toBe(100);
    // The watcher is in place before the churn starts (a probe agent came and went).
    await catalogWatching(s, agentsDir, { remove: true });

    const writer = spawn(process.execPath, [WRITER, 'churn', config], { stdio: ['pipe', 'pipe', 'pipe'] });
    writer.stdin.on('error', () => undefined);
    let writerOut = '';
    let writerErr = '';
    writer.stdout.on('data', (d: Buffer) => (writerOut += d.toString()));
    writer.stderr.on('data', (d: Buffer) => (writerErr += d.toString()));
    let writerRunning = true;
    const writerExit = new Promise<number | null>((resolve) =>
      writer.on('exit', (code) => {
        writerRunning = false;
        resolve(code);
      }),
    );
    const startedLine = await eventually(() => writerOut, (o) => /started \d+ bursts/.test(o) || !writerRunning, { timeoutMs: 20_000, stepMs: 5, what: 'the churn writer to start' });
    const bursts = Number(/started (\d+) bursts/.exec(startedLine)?.[1]);
    expect(bursts, writerErr).toBeGreaterThan(1);
    // The writer does its next burst each time another CALLS / bursts calls have been answered, so the
    // churn spans the calls whatever the speed of the machine: the last burst comes after
    // CALLS - CALLS / bursts answers.
    const callsPerBurst = Math.floor(CALLS / bursts);
    let answered = 0;
    let released = 1;
    const onAnswer = (): void => {
      answered++;
      if (released < bursts && answered >= released * callsPerBurst) {
        released++;
        writer.stdin.write('next\n');
      }
    };

    // 1,000 calls from 12 concurrent workers.
    const rand = rng(77);
    const lists: ListAnswer[] = [];
    const prompts: PromptAnswer[] = [];
    const errors: string[] = [];
    let issued = 0;
    let duringChurn = 0;
    const worker = async (): Promise<void> => {
      while (issued < CALLS) {
        issued++;
        if (writerRunning) duringChurn++;
        if (rand() < 0.35) {
          const res = await s.callTool('list_agents', { limit: 1000 }, 30_000);
          onAnswer();
          if (res.isError) errors.push(`list_agents: ${JSON.stringify(res.content).slice(0, 200)}`);
          else lists.push(res.structuredContent as unknown as ListAnswer);
        } else {
          const name = `ag-${String(Math.floor(rand() * IDENTITIES)).padStart(3, '0')}`;
          const res: ToolResult = await s.callTool('get_agent_prompt', { name }, 30_000);
          onAnswer();
          const text = (res.content ?? []).map((c) => c.text ?? '').join('');
          if (res.isError) {
            if (!/No agent named/.test(text)) errors.push(`get_agent_prompt ${name}: ${text.slice(0, 200)}`);
          } else prompts.push(res.structuredContent as unknown as PromptAnswer);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    writer.stdin.end();
    const writerCode = await writerExit;
    expect(writerCode, writerErr).toBe(0);
    const log = JSON.parse(fs.readFileSync(logPath, 'utf8')) as WriterLog;

    // Every answer shows a state some file really had.
    const problems: string[] = [...errors];
    const knownDescription = (name: string, description: string): boolean => Object.values(log.agents[name]?.versions ?? {}).includes(description);
    for (const list of lists) {
      const names = list.agents.map((a) => a.name);
      if (list.total !== list.agents.length) problems.push(`list: total ${list.total} but ${list.agents.length} agents`);
      if (new Set(names).size !== names.length) problems.push(`list: duplicate names`);
      if (names.join() !== [...names].sort().join()) problems.push(`list: not sorted`);
      for (const a of list.agents) {
        if (!knownDescription(a.name, a.summary)) problems.push(`list: ${a.name} has a description no version of its file had: ${a.summary.slice(0, 120)}`);
        if (!log.agents[a.name]?.paths.includes(a.path)) problems.push(`list: ${a.name} at ${a.path}, a path it never had`);
      }
    }
    let blocks = 0;
    let unresolvedRefs = 0;
    for (const p of prompts) {
      const description = String(p.frontmatter.description ?? '');
      if (!knownDescription(p.name, description)) {
        problems.push(`prompt ${p.name}: description no version had: ${description.slice(0, 120)}`);
        continue;
      }
      const v = /version (\d+) /.exec(description)?.[1];
      const begin = new RegExp(`(?:^|\\n)BODY-BEGIN ${p.name} v(\\d+)\\n`).exec(p.prompt)?.[1];
      const end = new RegExp(`\\nBODY-END ${p.name} v(\\d+)\\n`).exec(p.prompt)?.[1];
      if (begin === undefined || end === undefined || begin !== end) problems.push(`prompt ${p.name}: truncated or spliced body (begin v${begin}, end v${end})`);
      else if (begin !== v) problems.push(`prompt ${p.name}: frontmatter of version ${v} served with the body of version ${begin}`);
      if ((p.prompt.match(/BODY-BEGIN/g) ?? []).length !== 1) problems.push(`prompt ${p.name}: ${(p.prompt.match(/BODY-BEGIN/g) ?? []).length} bodies`);
      let refs = 0;
      for (const m of p.prompt.matchAll(BLOCK)) {
        refs++;
        blocks++;
        const [, frag, content] = m as unknown as [string, string, string];
        if (!(log.fragments[frag] ?? []).includes(content)) problems.push(`prompt ${p.name}: fragment ${frag} is not a complete version: ${JSON.stringify(content.slice(0, 80))}…${JSON.stringify(content.slice(-60))}`);
      }
      for (const _ of p.prompt.matchAll(REF_LINE)) {
        refs++;
        unresolvedRefs++;
      }
      if (refs !== 2) problems.push(`prompt ${p.name}: ${refs} fragment references, expected 2`);
    }
    // Grouped by kind (names and numbers masked), with a few examples of each.
    const kinds = new Map<string, string[]>();
    for (const p of problems) {
      const kind = p.replace(/(ag|fr)-\d{3}(-r\d+)?/g, '$1-N').replace(/\/tmp\/\S+/g, 'PATH').replace(/\d+/g, 'N').slice(0, 110);
      kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
    }
    // Soft, so the settle and final-state checks below still run and report.
    expect.soft([...kinds].map(([kind, list]) => `${list.length}× ${kind}\n    e.g. ${list.slice(0, 2).join('\n    e.g. ').slice(0, 600)}`)).toEqual([]);
    expect(s.exited()).toBe(false);

    // After the churn settles, the catalog equals the files on disk (if it never does, the assertions
    // below show how they differ).
    const disk = diskCatalog(agentsDir);
    const expected = [...disk.keys()].sort();
    const settled = await eventually(
      async () => (await s.callTool('list_agents', { limit: 1000 })).structuredContent as unknown as ListAnswer,
      (l) => l.agents.map((a) => `${a.name}|${a.summary}|${a.path}`).join('\n') === expected.map((n) => `${n}|${disk.get(n)?.description}|${disk.get(n)?.path}`).join('\n'),
      { timeoutMs: 20_000, stepMs: 200, what: 'list_agents to equal the agent files on disk' },
    ).catch(async () => (await s.callTool('list_agents', { limit: 1000 })).structuredContent as unknown as ListAnswer);
    expect(settled.agents.map((a) => a.name)).toEqual(expected);
    for (const a of settled.agents) expect({ name: a.name, summary: a.summary, path: a.path }).toEqual({ name: a.name, summary: disk.get(a.name)?.description, path: disk.get(a.name)?.path });
    // And compiled prompts use the fragments as they are on disk now.
    for (const name of expected.slice(0, 25)) {
      const p = (await s.callTool('get_agent_prompt', { name })).structuredContent as unknown as PromptAnswer;
      for (const m of p.prompt.matchAll(BLOCK)) {
        const [, frag, content] = m as unknown as [string, string, string];
        expect(content, `${name} → ${frag}`).toBe(fs.readFileSync(path.join(sharedDir, frag), 'utf8'));
      }
      for (const m of p.prompt.matchAll(REF_LINE)) expect(fs.existsSync(path.join(sharedDir, m[1] as string)), `${name} → ${m[1]} left unresolved`).toBe(false);
    }

    expect(s.badLines).toEqual([]);
    assertCleanStdout(s.stdoutBytes());
    const count = (re: RegExp): number => log.ops.filter((o) => re.test(o)).length;
    console.log(
      `[fault] churn: ${log.ops.length} file operations (agents: ${count(/^add agent/)} add, ${count(/^edit agent/)} edit (${count(/^edit agent.*in place/)} in place), ${count(/^rename agent/)} rename, ${count(/^delete agent/)} delete; fragments: ${count(/^add frag/)} add, ${count(/^edit frag/)} edit, ${count(/^rename frag/)} rename, ${count(/^delete frag/)} delete); ${issued} calls (${duringChurn} during the churn): ${lists.length} lists, ${prompts.length} prompts (${blocks} fragment blocks, ${unresolvedRefs} unresolved refs); final ${expected.length} agents; ${Date.now() - started} ms`,
    );
    // By construction (the pacing above): only calls after the last burst came after the churn.
    expect(released).toBe(bursts);
    expect(duringChurn).toBeGreaterThanOrEqual(CALLS - callsPerBurst);
    expect((await s.close()).code).toBe(0);
  }, 90_000);
});
