/**
 * Hostile search queries against the built server's journal: one very long word (typo matching used to
 * generate every one-edit variant of it: ~18 s and ~360 MB for 2,000 "é"), and control characters that the
 * full-text engine cannot take (a NUL answered INTERNAL). Bounded answers, clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/env.js';
import { eventually } from '../helpers/poll.js';
import { spawnRaw, type RawServer } from './helpers.js';

describe('hostile journal queries', () => {
  let s: RawServer;
  beforeAll(async () => {
    s = spawnRaw(['--no-user', '--no-bundled', '--no-watch'], { cwd: tempDir('acm-fault-query-') });
    await s.initialize();
    for (let i = 0; i < 20; i++) {
      const r = await s.callTool('process_thoughts', { technical_insights: `Entry ${i}: the parser handles résumé fields and caching layers; remember ${'é'.repeat(i + 5)}.` });
      expect(r.isError, JSON.stringify(r).slice(0, 300)).not.toBe(true);
    }
    // Wait for the index (the first searches may be answered by a scan).
    const ready = await eventually(
      () => s.callTool('search_journal', { query: 'parser' }),
      (r) => r.structuredContent?.indexed === true,
      { timeoutMs: 20_000, stepMs: 100, what: 'search_journal to answer from the index' },
    );
    expect(ready.structuredContent?.indexed).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  it('one 2,000-character word is answered at once with bounded memory (no typo expansion of huge terms)', async () => {
    const started = Date.now();
    for (const word of ['é'.repeat(2000), 'x'.repeat(2000), `${'ab'.repeat(999)}é`]) {
      const r = await s.callTool('search_journal', { query: word }, 30_000);
      expect(r.isError, JSON.stringify(r).slice(0, 300)).not.toBe(true);
      expect(r.structuredContent?.results).toEqual([]);
    }
    // Hang guard: this took ~18 s per query before.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(s.peakRssMb() ?? 0).toBeLessThan(300);
    // Typo matching still works for ordinary words.
    const typo = await s.callTool('search_journal', { query: 'parsre' });
    expect((typo.structuredContent?.results as unknown[]).length).toBeGreaterThan(0);
  }, 60_000);

  it('a NUL (or another control character) in a query is a clear input error, not INTERNAL', async () => {
    for (const query of ['pars\u0000er', '\u0000', 'parser\u0001']) {
      const r = await s.callTool('search_journal', { query });
      const text = (r.content ?? []).map((c) => c.text ?? '').join('\n');
      expect(r.isError, `${JSON.stringify(query)}: ${text}`).toBe(true);
      expect(text).not.toMatch(/INTERNAL/);
      expect(text).toMatch(/control character|NUL/i);
    }
    // Tabs and newlines are ordinary blanks.
    const r = await s.callTool('search_journal', { query: 'parser\tcaching\nlayers' });
    expect(r.isError).not.toBe(true);
  });
});
