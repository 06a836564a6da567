/**
 * The agent-folder walk (src/catalog/walk.ts) lists exactly what the glob it replaced listed: fast-glob's
 * `**\/*.md` with the options the catalog used (kept here as the reference; fast-glob is a dev dependency).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { MAX_SCAN_DEPTH, walkAgentFiles, walkAgentFilesSync, type WalkEntry } from '../../src/catalog/walk.js';
import { tempDir, writeFiles } from '../helpers/env.js';

/** The glob the catalog scan ran before the walk replaced it. */
function reference(dir: string): string[] {
  const entries = fg.sync('**/*.md', {
    objectMode: true,
    cwd: dir,
    absolute: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    deep: MAX_SCAN_DEPTH,
    suppressErrors: true,
    dot: false,
    ignore: ['**/node_modules/**', '**/shared-prompts/**'],
  });
  return entries.map((e) => describeEntry(e.path, e.dirent)).sort();
}

function describeEntry(p: string, d: Pick<fs.Dirent, 'isSymbolicLink' | 'isDirectory' | 'isFile'>): string {
  return `${p} ${d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other'}`;
}

const listed = (entries: WalkEntry[]): string[] => entries.map((e) => describeEntry(e.path, e.dirent)).sort();

/** A folder with every case the rules name: dot names, skipped folders, links, odd names, depth. */
function trickyTree(): string {
  const root = tempDir('acm-walk-');
  const files: Record<string, string> = {};
  for (const f of [
    'top.md',
    '.dot.md',
    '.md',
    'a/a.md',
    'a/b/c/c.md',
    '.hidden/h.md',
    '.hidden/x/hx.md',
    'node_modules/n.md',
    'node_modules/n/nn.md',
    'sub/node_modules/m/m.md',
    'NODE_MODULES/z.md',
    'node_modules.md/in.md',
    'sub/s.md',
    'shared-prompts/p.md',
    'sub/shared-prompts/p2.md',
    'x.md/inner/i.md',
    'sp ace/s p.md',
    '[br]/{b,c}.md',
    'ünï/u.md',
    'UP.MD',
    'up.Md',
    'a.md.bak',
    'a.markdown',
  ])
    files[f] = 'x';
  let deep = 'deep';
  for (let i = 1; i <= MAX_SCAN_DEPTH + 3; i++) {
    deep += `/d${i}`;
    files[`${deep}/f${i}.md`] = 'x';
  }
  writeFiles(root, files);
  fs.mkdirSync(path.join(root, 'empty.md'));
  fs.symlinkSync('a', path.join(root, 'linkdir.md'));
  fs.symlinkSync('a', path.join(root, 'linkdir'));
  fs.symlinkSync('top.md', path.join(root, 'link.md'));
  fs.symlinkSync('/nonexistent-acm-walk', path.join(root, 'dangling.md'));
  fs.symlinkSync(root, path.join(root, 'a', 'loop'));
  try {
    execFileSync('mkfifo', [path.join(root, 'fifo.md')]);
  } catch {
    // no mkfifo here: the special-file case is left out
  }
  return root;
}

describe('agent folder walk', () => {
  it('lists what the glob listed, synchronously and asynchronously', async () => {
    const root = trickyTree();
    const expected = reference(root);
    // The cases are there: a sanity check of the fixture itself.
    expect(expected).toContain(`${path.join(root, 'x.md')} dir`);
    expect(expected).toContain(`${path.join(root, 'link.md')} link`);
    expect(expected.some((e) => e.includes(`/f${MAX_SCAN_DEPTH - 2}.md`))).toBe(true);
    expect(expected.some((e) => e.includes(`/f${MAX_SCAN_DEPTH - 1}.md`))).toBe(false);
    expect(listed(walkAgentFilesSync(root))).toEqual(expected);
    expect(listed(await walkAgentFiles(root))).toEqual(expected);
  });

  it('resolves the folder as given (a trailing slash, a relative segment)', () => {
    const root = tempDir('acm-walk-');
    writeFiles(root, { 'a/x.md': 'x' });
    const odd = `${path.join(root, 'a', '..')}${path.sep}`;
    expect(listed(walkAgentFilesSync(odd))).toEqual(reference(odd));
    expect(walkAgentFilesSync(odd).map((e) => e.path)).toEqual([path.join(root, 'a', 'x.md')]);
  });

  it('skips a folder it cannot read and lists the rest', () => {
    const root = tempDir('acm-walk-');
    writeFiles(root, { 'ok/a.md': 'x', 'locked/b.md': 'x' });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      expect(listed(walkAgentFilesSync(root))).toEqual(reference(root));
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('returns nothing for a folder that does not exist', async () => {
    const missing = path.join(tempDir('acm-walk-'), 'missing');
    expect(walkAgentFilesSync(missing)).toEqual([]);
    expect(await walkAgentFiles(missing)).toEqual([]);
  });
});
