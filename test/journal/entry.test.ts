import { describe, expect, it } from 'vitest';
import { formatTitle, parseEntry, parseTitleTime, sectionKey, timeFromPath } from '../../src/journal/entry.js';
import { makeExcerpt } from '../../src/journal/excerpt.js';
import { formatEntry, splitThoughts } from '../../src/journal/write.js';

const at = (text: string, path = '/j/2025-05-27/20-16-46-123456.md', mtimeMs?: number) =>
  parseEntry({ text, path, type: 'user', ...(mtimeMs !== undefined ? { mtimeMs } : {}) });

describe('parseEntry', () => {
  it('reads the current format: header, sections, time from timestamp, unknown keys kept', () => {
    const e = at(
      '---\ntitle: "8:16:46 PM - May 27, 2025"\ndate: 2025-05-28T03:16:46.123Z\ntimestamp: 1748402206123\nmood: "fine"\n---\n\n## Reflections\n\nOne.\n\n## Technical Insights\n\nTwo\nlines.\n',
    );
    expect(e.hasHeader).toBe(true);
    expect(e.time).toBe(1748402206123);
    expect(e.timeSource).toBe('timestamp');
    expect(e.title).toBe('8:16:46 PM - May 27, 2025');
    expect(e.header.mood).toBe('fine');
    expect(e.sections.map((s) => [s.name, s.key, s.text])).toEqual([
      ['Reflections', 'reflections', 'One.'],
      ['Technical Insights', 'technical_insights', 'Two\nlines.'],
    ]);
    expect(e.preamble).toBe('');
  });

  it('reads CRLF files and a BOM the same way', () => {
    const lf = at('---\ntitle: "t"\ntimestamp: 1000000000000\n---\n\n## Observations\n\nA\nB\n');
    const crlf = at('\uFEFF---\r\ntitle: "t"\r\ntimestamp: 1000000000000\r\n---\r\n\r\n## Observations\r\n\r\nA\r\nB\r\n');
    expect(crlf.sections).toEqual(lf.sections);
    expect(crlf.time).toBe(lf.time);
    expect(crlf.title).toBe('t');
  });

  it('reads the earliest format: no header, "# time - date" heading', () => {
    const e = at('# 8:16:46 PM - May 27, 2025\n\n## Feelings\n\nTired.\n', '/j/notes/whatever.md');
    expect(e.hasHeader).toBe(false);
    expect(e.title).toBe('8:16:46 PM - May 27, 2025');
    expect(e.timeSource).toBe('heading');
    expect(e.time).toBe(new Date(2025, 4, 27, 20, 16, 46).getTime());
    expect(e.sections[0]?.name).toBe('Feelings');
  });

  it('accepts the narrow no-break space newer ICU puts before PM', () => {
    expect(parseTitleTime('8:16:46\u202fPM - May 27, 2025')).toBe(new Date(2025, 4, 27, 20, 16, 46).getTime());
    expect(parseTitleTime('12:00:00 AM - January 1, 2024')).toBe(new Date(2024, 0, 1, 0, 0, 0).getTime());
    expect(parseTitleTime('not a time')).toBeUndefined();
  });

  it('keeps section-less text as the preamble', () => {
    const e = at('---\ntitle: "x"\ndate: 2025-05-20T09:00:00.000Z\n---\n\nPlain diary text.\n');
    expect(e.sections).toEqual([]);
    expect(e.preamble).toBe('Plain diary text.');
    expect(e.timeSource).toBe('date');
    expect(e.time).toBe(Date.parse('2025-05-20T09:00:00.000Z'));
  });

  it('falls back from timestamp to date/created_at to path to mtime', () => {
    expect(at('---\ncreated_at: 2025-04-02T10:30:00Z\n---\nx').timeSource).toBe('date');
    const byPath = at('no header at all', '/j/2025-03-01/07-15-30-500000.md');
    expect(byPath.timeSource).toBe('path');
    expect(byPath.time).toBe(new Date(2025, 2, 1, 7, 15, 30, 500).getTime());
    expect(timeFromPath('/j/2025-03-01/free-name.md')).toBe(new Date(2025, 2, 1).getTime());
    const byMtime = at('no header', '/j/loose.md', 1_700_000_000_000);
    expect(byMtime.timeSource).toBe('mtime');
    expect(byMtime.time).toBe(1_700_000_000_000);
    // Epoch seconds are recognised too.
    expect(at('---\ntimestamp: 1700000000\n---\n').time).toBe(1_700_000_000_000);
  });

  it('reads YAML headers with lists, and survives broken YAML', () => {
    const e = at('---\ntitle: "Custom: title"\ntags:\n  - a\n  - b\nproject: x\n---\n\n## Dream\n\nNarwhal.\n');
    expect(e.title).toBe('Custom: title');
    expect(e.header.tags).toEqual(['a', 'b']);
    const broken = at('---\ntitle: [unclosed\ntimestamp: 1748402206123\n---\n\ntext\n');
    expect(broken.time).toBe(1748402206123);
    expect(broken.preamble).toBe('text');
  });

  it('treats an unterminated header (half-written file) as text, without throwing', () => {
    const e = at('---\ntitle: "x"\ntimes', '/j/2025-05-27/20-16-46-123456.md');
    expect(e.hasHeader).toBe(false);
    expect(e.timeSource).toBe('path');
  });

  it('ignores ## inside code fences', () => {
    const e = at('## Technical Insights\n\n```md\n## not a section\n```\n\nafter\n');
    expect(e.sections).toHaveLength(1);
    expect(e.sections[0]?.text).toContain('## not a section');
  });
});

describe('section keys', () => {
  it('normalises either spelling', () => {
    expect(sectionKey('Technical Insights')).toBe('technical_insights');
    expect(sectionKey('technical_insights')).toBe('technical_insights');
    expect(sectionKey('technical-insights')).toBe('technical_insights');
  });
});

describe('writer template', () => {
  it('matches the reference layout: title, date, timestamp, then ## sections', () => {
    const t = new Date(2025, 4, 27, 20, 16, 46, 123);
    const split = splitThoughts({ technical_insights: 'TS', feelings: 'ok', project_notes: 'P', reflections: ' ' });
    expect(split.project.map((s) => s.name)).toEqual(['Project Notes']);
    expect(split.user.map((s) => s.name)).toEqual(['Feelings', 'Technical Insights']);
    const text = formatEntry(split.user, t);
    const lines = text.split('\n');
    expect(lines[0]).toBe('---');
    expect(lines[1]).toBe('title: "8:16:46 PM - May 27, 2025"');
    expect(lines[2]).toBe(`date: ${t.toISOString()}`);
    expect(lines[3]).toBe(`timestamp: ${t.getTime()}`);
    expect(lines[4]).toBe('---');
    expect(lines[5]).toBe('');
    expect(text).toContain('## Feelings\n\nok\n\n## Technical Insights\n\nTS\n');
    expect(formatTitle(t)).toBe('8:16:46 PM - May 27, 2025');
    const back = parseEntry({ text, path: '/j/x.md', type: 'user' });
    expect(back.time).toBe(t.getTime());
    expect(back.sections.map((s) => s.text)).toEqual(['ok', 'TS']);
  });
});

describe('excerpts', () => {
  it('shows the passage where the terms cluster', () => {
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(30);
    const text = `${filler}The watcher debounce fixed the flaky chokidar test. ${filler}`;
    const ex = makeExcerpt([{ section: 'Technical Insights', text }], ['debounce', 'chokidar']);
    expect(ex.text).toContain('debounce');
    expect(ex.text).toContain('chokidar');
    expect(ex.text.startsWith('…')).toBe(true);
    expect(ex.text.length).toBeLessThan(300);
    expect(ex.section).toBe('Technical Insights');
  });
});
