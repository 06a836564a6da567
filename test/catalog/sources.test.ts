import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentSources, sharedPromptFolders } from '../../src/app/config.js';
import { CatalogStore } from '../../src/catalog/store.js';
import { agentFile, REPO_ROOT, tempDir, testConfig, writeFiles } from '../helpers/env.js';
import { bodyOf } from '../helpers/bodies.js';

describe('discovery and precedence', () => {
  it('orders sources --agents, project, user, bundled and reports shadowed names', async () => {
    const flagDir = tempDir();
    const config = testConfig({ agents: [flagDir] });
    writeFiles(flagDir, { 'nested/deeper/alpha.md': agentFile('alpha', 'flag alpha') });
    writeFiles(config.tmpCwd, {
      '.claude/agents/alpha.md': agentFile('alpha', 'project alpha'),
      '.claude/agents/beta.md': agentFile('beta', 'project beta'),
    });
    writeFiles(config.tmpHome, {
      '.claude/agents/beta.md': agentFile('beta', 'user beta'),
      '.claude/agents/python-pro.md': agentFile('python-pro', 'user python-pro'),
    });
    expect(agentSources(config).map((s) => s.kind)).toEqual(['flag', 'project', 'user', 'bundled']);
    const store = new CatalogStore(config);
    const snap = await store.load();
    expect(snap.agents.get('alpha')?.description).toBe('flag alpha');
    expect(snap.agents.get('alpha')?.source).toBe('flag');
    expect(snap.agents.get('beta')?.description).toBe('project beta');
    expect(snap.agents.get('python-pro')?.description).toBe('user python-pro');
    expect(snap.agents.get('python-engineer')?.source).toBe('bundled');
    expect(snap.shadowed).toEqual(
      expect.arrayContaining([
        { name: 'alpha', winner: path.join(flagDir, 'nested/deeper/alpha.md'), shadowed: path.join(config.tmpCwd, '.claude/agents/alpha.md') },
        { name: 'beta', winner: path.join(config.tmpCwd, '.claude/agents/beta.md'), shadowed: path.join(config.tmpHome, '.claude/agents/beta.md') },
        { name: 'python-pro', winner: path.join(config.tmpHome, '.claude/agents/python-pro.md'), shadowed: path.join(REPO_ROOT, 'agents/python-pro.md') },
      ]),
    );
    expect(snap.shadowed).toHaveLength(3);
  });

  it('honours AGENT_CATALOG_AGENTS (path list), --no-user and --no-bundled', async () => {
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, { 'one.md': agentFile('one', 'from a') });
    writeFiles(b, { 'two.md': agentFile('two', 'from b'), 'one.md': agentFile('one', 'from b') });
    const config = testConfig({ noUser: true, noBundled: true }, { AGENT_CATALOG_AGENTS: [a, b].join(path.delimiter) });
    writeFiles(config.tmpHome, { '.claude/agents/three.md': agentFile('three', 'user') });
    const snap = await new CatalogStore(config).load();
    expect(snap.names).toEqual(['one', 'two']);
    expect(snap.agents.get('one')?.description).toBe('from a');
    expect(agentSources(config).map((s) => s.kind)).toEqual(['flag', 'flag', 'project']);
    expect(sharedPromptFolders(config)).toEqual([path.join(config.tmpCwd, '.claude/shared-prompts')]);
  });

  it('reports paths under the folder as named, even when that folder is a symlink', async () => {
    const real = tempDir();
    writeFiles(real, { 'x.md': agentFile('x', 'via a link') });
    const alias = path.join(tempDir(), 'agents-link');
    fs.symlinkSync(real, alias);
    const snap = await new CatalogStore(testConfig({ agents: [alias], noUser: true, noBundled: true })).load();
    expect(snap.agents.get('x')?.path).toBe(path.join(alias, 'x.md'));
    expect(bodyOf(snap, 'x')).toContain('You are x.');
  });

  it('reports a missing --agents folder', async () => {
    const config = testConfig({ agents: ['/nonexistent/agents-folder'], noUser: true, noBundled: true });
    const snap = await new CatalogStore(config).load();
    expect(snap.diagnostics).toEqual([{ path: '/nonexistent/agents-folder', code: 'MISSING_FOLDER', message: expect.stringContaining('does not exist') }]);
  });
});

describe('bad files yield diagnostics naming the file, and the rest still loads', () => {
  it('covers every kind of bad file', async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFiles(outside, { 'secret.md': agentFile('secret', 'outside the folder') });
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    writeFiles(dir, {
      'good.md': agentFile('good', 'a good agent'),
      'empty.md': '',
      'no-frontmatter.md': '# Just a heading\n',
      'no-name.md': '---\ndescription: nameless\n---\nbody\n',
      'no-description.md': '---\nname: descless\n---\nbody\n',
      'binary.md': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]),
      'bad-utf8.md': Buffer.concat([Buffer.from('---\nname: bad\ndescription: x'), Buffer.from([0xc3, 0x28]), Buffer.from('\n---\n')]),
      'huge.md': `---\nname: huge\ndescription: ${'x'.repeat(5 * 1024 * 1024)}\n---\n`,
      'bomb.md': `---\nname: bomb\ndescription: laughs\n${bomb.join('\n')}\n---\n`,
      'deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/deep.md': agentFile('deep', 'too deep'),
    });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'link-out.md'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const started = Date.now();
    const config = testConfig({ agents: [dir], noUser: true, noBundled: true });
    const snap = await new CatalogStore(config).load();
    // Hang guard: the alias bomb, the 5 MB file and the symlink loop must not stall the load.
    expect(Date.now() - started).toBeLessThan(15_000);
    const byFile = Object.fromEntries(snap.diagnostics.map((d) => [path.basename(d.path), d.code]));
    expect(byFile).toMatchObject({
      'empty.md': 'EMPTY',
      'no-frontmatter.md': 'NO_FRONTMATTER',
      'no-name.md': 'INVALID_FRONTMATTER',
      'no-description.md': 'INVALID_FRONTMATTER',
      'binary.md': 'BINARY',
      'bad-utf8.md': 'INVALID_UTF8',
      'huge.md': 'TOO_LARGE',
      'link-out.md': 'LINK_OUTSIDE',
    });
    // The alias bomb is refused by the strict parser and read leniently as plain text: bounded, no expansion.
    const bombAgent = snap.agents.get('bomb');
    expect(bombAgent === undefined || JSON.stringify(bombAgent.frontmatter).length < 10_000).toBe(true);
    expect(snap.names).toContain('good');
    expect(snap.names).not.toContain('secret');
    expect(snap.names).toContain('deep');
    for (const d of snap.diagnostics) expect(d.message.length).toBeGreaterThan(5);
  });
});
