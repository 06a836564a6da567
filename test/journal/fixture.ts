/**
 * A fixture journal written by the tests into a temp folder: both roots, every historic entry variant,
 * `.embedding` sidecars next to some entries, and files that must be skipped or refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig, type Config } from '../../src/app/config.js';

export interface Fixture {
  base: string;
  home: string;
  project: string;
  user: string;
  outside: string;
  config: Config;
  /** Named entry paths (as written, before realpath). */
  files: Record<string, string>;
  cleanup(): void;
}

/** Local-time helpers, as the reference writer uses. */
const p2 = (n: number): string => String(n).padStart(2, '0');
export function dayDir(d: Date): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}
export function timeName(d: Date, micros = d.getMilliseconds() * 1000): string {
  return `${p2(d.getHours())}-${p2(d.getMinutes())}-${p2(d.getSeconds())}-${String(micros).padStart(6, '0')}.md`;
}

function write(file: string, text: string | Buffer, mtime?: Date): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mtime) fs.utimesSync(file, mtime, mtime);
  return file;
}

function sidecar(mdFile: string, text: string, sections: string[], timestamp: number): void {
  const embedding = Array.from({ length: 384 }, (_, i) => Math.sin(i + timestamp) / 10);
  fs.writeFileSync(mdFile.replace(/\.md$/, '.embedding'), JSON.stringify({ embedding, text, sections, timestamp, path: mdFile }));
}

export function makeTempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function configFor(project: string, user: string, home: string, extra: { watch?: boolean } = {}): Config {
  return resolveConfig(
    { journal: project, userJournal: user, noUser: true, noBundled: true, noCache: true, ...(extra.watch === false ? { noWatch: true } : {}) },
    { cwd: home, home, env: {} },
  );
}

/**
 * Build the fixture. `now` anchors the "recent" entries: they are 1, 2 and 3 days before it; the old
 * ones are in 2025-05 and earlier.
 */
export function makeFixture(now = new Date()): Fixture {
  const base = makeTempDir('journal-fixture-');
  const home = path.join(base, 'home');
  const project = path.join(base, 'project', '.private-journal');
  const user = path.join(home, '.private-journal');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  const files: Record<string, string> = {};

  // 1. Current format: header + sections, with a sidecar (user root), 1 day ago.
  const t1 = new Date(now.getTime() - 1 * 86_400_000);
  const current =
    `---\ntitle: "${t1.toLocaleTimeString('en-US')} - ${t1.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' })}"\n` +
    `date: ${t1.toISOString()}\ntimestamp: ${t1.getTime()}\n---\n\n` +
    `## Reflections\n\nI rushed the refactor and broke the watcher debounce. Slowing down next time.\n\n` +
    `## Technical Insights\n\nChokidar emits add before the writer has finished; a debounce plus an mtime check avoids parsing half-written files. ` +
    `The zebrafish pattern: always fsync the temp file before linking it into place.\n`;
  files.current = write(path.join(user, dayDir(t1), timeName(t1)), current);
  sidecar(files.current, 'Reflections: I rushed… Technical Insights: Chokidar…', ['Reflections', 'Technical Insights'], t1.getTime());

  // 2. Same format without a sidecar, 2 days ago, mentions the same topic less.
  const t2 = new Date(now.getTime() - 2 * 86_400_000);
  files.noSidecar = write(
    path.join(user, dayDir(t2), timeName(t2)),
    `---\ntitle: "x"\ndate: ${t2.toISOString()}\ntimestamp: ${t2.getTime()}\n---\n\n## Technical Insights\n\nVitest forks pool isolates module state between files; a debounce elsewhere.\n\n## World Knowledge\n\nOctopuses have three hearts and blue blood.\n`,
  );

  // 3. Earliest format: no header, "# 8:16:46 PM - May 27, 2025" heading, Feelings section.
  files.heading = write(
    path.join(user, '2025-05-27', '20-16-46-123456.md'),
    `# 8:16:46 PM - May 27, 2025\n\n## Feelings\n\nFrustrated with flaky timers in the test suite; quokka moments all day.\n\n## Project Notes\n\nThe timer fix was to unref the interval.\n`,
  );

  // 4. Header with no sections (process_feelings era), project root.
  files.noSections = write(
    path.join(project, '2025-05-20', '09-00-00-000001.md'),
    `---\ntitle: "9:00:00 AM - May 20, 2025"\ndate: 2025-05-20T09:00:00.000Z\ntimestamp: 1747731600000\n---\n\nPlain diary text about the marmalade migration going sideways.\n`,
  );

  // 5. CRLF line ends, project notes, project root, 3 days ago.
  const t5 = new Date(now.getTime() - 3 * 86_400_000);
  files.crlf = write(
    path.join(project, dayDir(t5), timeName(t5)),
    `---\r\ntitle: "crlf entry"\r\ndate: ${t5.toISOString()}\r\ntimestamp: ${t5.getTime()}\r\n---\r\n\r\n## Project Notes\r\n\r\nThe build uses tsc with NodeNext; the pelican script lives in scripts/.\r\n`,
  );
  sidecar(files.crlf, 'Project Notes: the build uses tsc', ['Project Notes'], t5.getTime());

  // 6. Unknown keys (tags list, project, agent), created_at instead of timestamp, unknown section.
  files.unknownKeys = write(
    path.join(user, '2025-04-02', '10-30-00-000000.md'),
    `---\ntitle: "Custom titled entry"\ncreated_at: 2025-04-02T10:30:00.000Z\nproject: agent-catalog\nagent: claude\ntags:\n  - agentic-journal\n  - dream\n---\n\n## Dream\n\nI dreamt of a narwhal reviewing pull requests.\n`,
  );

  // 7. No header, no heading: time from the path.
  files.pathTime = write(path.join(user, '2025-03-01', '07-15-30-500000.md'), `Just a line about the axolotl benchmark.\n`);

  // 8. Outside the day layout: time from mtime.
  files.mtimeTime = write(path.join(project, 'loose-note.md'), `## Observations\n\nLoose note about the capybara cache.\n`, new Date('2024-12-24T12:00:00Z'));

  // Files to skip or refuse.
  files.huge = write(path.join(user, '2025-02-02', '10-00-00-000000.md'), Buffer.alloc(10 * 1024 * 1024, 'a'));
  files.binary = write(path.join(user, '2025-02-02', '11-00-00-000000.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
  files.notMd = write(path.join(user, '2025-02-02', 'notes.txt'), 'the secret wombat is not an entry\n');
  files.secret = write(path.join(outside, 'secret.md'), '## Secret\n\nthe outside wombat must never be readable\n');
  files.linkOut = path.join(user, '2025-02-02', 'link-out.md');
  fs.symlinkSync(files.secret, files.linkOut);
  files.hidden = write(path.join(user, '2025-02-02', '.tmp-123-abc.md.partial'), '## Reflections\n\nhalf-written hedgehog\n');

  return {
    base,
    home,
    project,
    user,
    outside,
    config: configFor(project, user, home),
    files,
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}
