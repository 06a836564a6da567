import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itIndexed } from '../helpers/sqlite.js';
import { runJournalCommand } from '../../src/cli/journal.js';
import { UsageError } from '../../src/shared/errors.js';
import { makeFixture, type Fixture } from './fixture.js';

describe('journal CLI', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = makeFixture();
  });
  afterAll(() => fx.cleanup());

  const run = async (...args: string[]): Promise<{ code: number; out: string }> => {
    const lines: string[] = [];
    const code = await runJournalCommand(args, fx.config, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  };

  itIndexed('search: text and --json, with --type and --sections', async () => {
    const t = await run('search', 'debounce chokidar');
    expect(t.code).toBe(0);
    expect(t.out).toContain(fx.files.current);
    const j = await run('search', 'debounce', '--sections', 'technical_insights,World Knowledge', '--type', 'user', '--limit', '1', '--json');
    const parsed = JSON.parse(j.out) as { results: Array<{ path: string }>; indexed: boolean };
    expect(parsed.indexed).toBe(true);
    // Inside Technical Insights alone, the shorter entry mentioning "debounce" ranks first (BM25 length norm).
    expect(parsed.results.map((r) => r.path)).toEqual([fx.files.noSidecar]);
    expect((await run('search', 'pelican', '--type', 'user')).out).toMatch(/No entries match/);
  });

  it('recent: newest first, --days, --type, --json', async () => {
    const r = await run('recent', '--days', '30', '--json');
    expect((JSON.parse(r.out) as { entries: Array<{ path: string }> }).entries.map((e) => e.path)).toEqual([fx.files.current, fx.files.noSidecar, fx.files.crlf]);
    expect((await run('recent', '--type', 'project')).out).toContain(fx.files.crlf);
  });

  it('write then read', async () => {
    const w = await run('write', '--technical-insights', 'The tern pattern: link, then unlink.', '--json');
    const written = (JSON.parse(w.out) as { written: Array<{ path: string; type: string }> }).written;
    expect(written.map((x) => x.type)).toEqual(['user']);
    expect(fs.readFileSync(written[0]?.path ?? '', 'utf8')).toContain('## Technical Insights\n\nThe tern pattern');
    expect((await run('search', 'tern')).out).toContain(written[0]?.path);
    expect((await run('read', written[0]?.path ?? '')).out).toContain('The tern pattern');
  });

  it('usage errors throw UsageError; help prints usage', async () => {
    await expect(run('search')).rejects.toBeInstanceOf(UsageError);
    await expect(run('search', 'x', '--type', 'all')).rejects.toThrow(/--type must be project, user or both/);
    await expect(run('write')).rejects.toThrow(/at least one non-empty section/);
    await expect(run('recent', '--limit', 'many')).rejects.toThrow(/--limit must be a whole number/);
    await expect(run('frobnicate')).rejects.toThrow(/unknown journal command/);
    await expect(run('read', '../../etc/passwd')).rejects.toThrow(/only journal entries/);
    expect((await run('--help')).out).toMatch(/journal search/);
  });
});
