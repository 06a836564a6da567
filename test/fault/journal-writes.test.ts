/**
 * Honest journal writes: process_thoughts validates before it writes, never writes through a day folder that
 * leads out of the journal, says plainly when a folder is read-only, reports only entries that read back as
 * written, and search says so (and still finds every entry) when the index cannot be written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFile, tempDir } from '../helpers/env.js';
import { resultText, spawnRaw, structured, writeTree, type RawServer, type SpawnOptions } from './helpers.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const dayOf = (d: Date): string => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;

interface Journal {
  project: string;
  user: string;
  cache: string;
  args: string[];
}

function journal(): Journal {
  const project = tempDir('acm-jw-project-');
  const user = tempDir('acm-jw-user-');
  const cache = tempDir('acm-jw-cache-');
  const agents = tempDir('acm-jw-agents-');
  writeTree(agents, { 'one.md': agentFile('one', 'an agent') });
  return { project, user, cache, args: ['--agents', agents, '--no-user', '--no-bundled', '--journal', project, '--user-journal', user, '--cache-dir', cache] };
}

/** Every file under `dir`, recursively (hidden ones included). */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => !d.isDirectory()).map((d) => path.join(d.parentPath, d.name));
}

interface Written {
  path: string;
  type: string;
  sections: string[];
}

describe('honest journal writes', () => {
  let server: RawServer | undefined;
  afterEach(() => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    server = undefined;
  });
  const start = async (args: string[], options: SpawnOptions = {}): Promise<RawServer> => {
    server = spawnRaw(args, options);
    await server.initialize();
    return server;
  };

  it('refuses to write through a day folder that is a symlink leading out of the journal', async () => {
    const j = journal();
    const outside = tempDir('acm-jw-outside-');
    // Yesterday, today and tomorrow: the test does not race midnight.
    for (const offset of [-1, 0, 1]) fs.symlinkSync(outside, path.join(j.user, dayOf(new Date(Date.now() + offset * 86_400_000))));
    const s = await start(j.args);
    const res = await s.callTool('process_thoughts', { technical_insights: 'the redirected heron insight' });
    expect(res.isError, resultText(res)).toBe(true);
    expect(resultText(res)).toMatch(/outside|symlink/i);
    expect(resultText(res)).toContain(j.user);
    expect(resultText(res)).not.toMatch(/INTERNAL/);
    expect(filesUnder(outside)).toEqual([]);
    const found = structured<{ results: unknown[] }>(await s.callTool('search_journal', { query: 'heron' })).results;
    expect(found).toEqual([]);
  }, 30_000);

  it('validates before writing: a NUL byte and an entry over the 1 MiB read limit are clear errors, and nothing is written', async () => {
    const j = journal();
    const s = await start(j.args);
    const nul = await s.callTool('process_thoughts', { technical_insights: 'before\u0000after', project_notes: 'a fine project note' });
    expect(nul.isError, resultText(nul)).toBe(true);
    expect(resultText(nul)).toMatch(/NUL/);
    expect(resultText(nul)).toMatch(/technical_insights/);
    // Each field is within the tool's 200,000-character limit; together, in UTF-8, far over 1 MiB.
    const big = 'é'.repeat(190_000);
    const large = await s.callTool('process_thoughts', { reflections: big, observations: big, technical_insights: big, user_context: big });
    expect(large.isError, resultText(large)).toBe(true);
    expect(resultText(large)).toMatch(/1048576|1 MiB/);
    expect(resultText(large)).not.toMatch(/INTERNAL/);
    expect([...filesUnder(j.project), ...filesUnder(j.user)]).toEqual([]);
  }, 30_000);

  it('escapes section headings and closes fences inside fields: every entry reads back with the sections written', async () => {
    const j = journal();
    const s = await start(j.args);
    const fields = {
      reflections: 'A reflection.\n## Project Notes\nthis is not a project note\n## Feelings',
      observations: 'code follows:\n```js\nconst x = 1;',
      user_context: 'after an unclosed fence, still its own section',
      technical_insights: 'carriage returns\r## World Knowledge\rfake\r\n##   User Context  \nend',
      world_knowledge: '#\n##\n## \n### a level-3 heading is fine\n  ## indented',
    };
    const res = await s.callTool('process_thoughts', fields);
    expect(res.isError, resultText(res)).toBeFalsy();
    const written = structured<{ written: Written[] }>(res).written;
    expect(written).toHaveLength(1);
    const entry = written[0] as Written;
    expect(entry.sections).toEqual(['Reflections', 'Observations', 'User Context', 'Technical Insights', 'World Knowledge']);
    const read = await s.callTool('read_journal_entry', { path: entry.path });
    expect(read.isError, resultText(read)).toBeFalsy();
    const back = structured<{ sections: string[]; sectionTexts: Record<string, string> }>(read);
    expect(back.sections).toEqual(entry.sections);
    expect(back.sectionTexts.Reflections).toContain('this is not a project note');
    expect(back.sectionTexts.Observations).toContain('const x = 1;');
    expect(back.sectionTexts['User Context']).toContain('still its own section');
    expect(back.sectionTexts['Technical Insights']).toContain('fake');
    // A project search finds no fake project note, and the user entry is the only entry.
    const project = structured<{ results: unknown[] }>(await s.callTool('search_journal', { query: 'project note', type: 'project' })).results;
    expect(project).toEqual([]);
    expect(filesUnder(j.project)).toEqual([]);
  }, 30_000);

  it('a read-only journal folder answers "journal folder … is read-only", not an internal error', async () => {
    const j = journal();
    const home = tempDir('acm-jw-home-');
    const cwd = tempDir('acm-jw-cwd-');
    // Permissions do not bind root: a root test runner runs the server as nobody.
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot ? { uid: 65534, gid: 65534 } : {};
    if (asRoot) for (const d of [j.project, j.user, j.cache, home, cwd]) fs.chownSync(d, 65534, 65534);
    fs.chmodSync(j.user, 0o555);
    const s = await start(j.args, { home, cwd, ...ids });
    const res = await s.callTool('process_thoughts', { technical_insights: 'an insight with nowhere to go' });
    expect(res.isError, resultText(res)).toBe(true);
    expect(resultText(res)).toMatch(/read-only|not writable/i);
    expect(resultText(res)).toContain(j.user);
    expect(resultText(res)).not.toMatch(/INTERNAL|ENOENT/);
    // The other journal still takes entries.
    const ok = await s.callTool('process_thoughts', { project_notes: 'a project note that fits' });
    expect(ok.isError, resultText(ok)).toBeFalsy();
    fs.chmodSync(j.user, 0o755);
  }, 30_000);

  it('when the index cannot be written (file size limit: a full disk), search says so and still finds every entry', async () => {
    const j = journal();
    // Enough for the index to be created, far too little for 300 entries.
    const s = await start(j.args, { fileSizeLimitKb: 160 });
    const words: string[] = [];
    for (let i = 0; i < 300; i++) {
      const word = `zebu${i.toString(36)}x${(i * 7919).toString(36)}`;
      words.push(word);
      const res = await s.callTool('process_thoughts', { technical_insights: `Entry ${i} about the ${word} pattern. ${'Filler text to make entries grow. '.repeat(8)}` });
      expect(res.isError, resultText(res)).toBeFalsy();
    }
    let missing = 0;
    let degradedSeen = 0;
    for (const word of words) {
      const res = structured<{ results: unknown[]; indexed: boolean; degraded?: string }>(await s.callTool('search_journal', { query: word }));
      if (res.results.length !== 1) missing++;
      if (!res.indexed && typeof res.degraded === 'string' && res.degraded !== '') degradedSeen++;
    }
    const status = structured<{ journal: { indexed: boolean; degraded?: string } }>(await s.callTool('get_status', {}));
    console.log(`[fault] index writes failing: ${300 - missing}/300 entries found, ${degradedSeen} answers said degraded; status ${JSON.stringify(status.journal)}`);
    expect(s.stderr()).toMatch(/index/i);
    expect(missing).toBe(0);
    expect(degradedSeen).toBe(300);
    expect(status.journal.indexed).toBe(false);
    expect(status.journal.degraded).toMatch(/index/i);
  }, 120_000);
});
