import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PromptCompiler, toTemplateForm, extractProvenance, MAX_INCLUDE_DEPTH } from '../../src/compile/compiler.js';
import { FragmentResolver } from '../../src/compile/fragments.js';
import { readFrontmatter } from '../../src/catalog/frontmatter.js';
import { BUNDLED_PROMPTS, SEED_AGENTS, tempDir, writeFiles } from '../helpers/env.js';
import { CORPUS, describeCorpus } from '../helpers/corpus.js';
import { generateCatalog } from '../helpers/catalog-fixture.js';

const bundled = new PromptCompiler(new FragmentResolver([BUNDLED_PROMPTS]));
const seedBody = (name: string): string => readFrontmatter(fs.readFileSync(path.join(SEED_AGENTS, `${name}.md`), 'utf8')).body;
const LEAK = '[INFO] Successfully processed 7 references\n';

describe('compiling the seeds with the bundled shared-prompts', () => {
  it('bundles every fragment the seeds embed', () => {
    expect(fs.readdirSync(BUNDLED_PROMPTS).sort()).toEqual([
      'analysis-tools-enhanced.md',
      'commit-requirements.md',
      'journal-integration.md',
      'persistent-output.md',
      'quality-gates.md',
      'systematic-tool-utilization.md',
      'workflow-integration.md',
    ]);
    for (const f of fs.readdirSync(BUNDLED_PROMPTS)) expect(fs.readFileSync(path.join(BUNDLED_PROMPTS, f), 'utf8')).not.toContain('[INFO]');
  });

  it('python-infrastructure-engineer: nothing stale or unresolved, leak line removed, provenance moved out', async () => {
    const body = seedBody('python-infrastructure-engineer');
    expect(body).toContain(LEAK);
    const r = await bundled.compile(body);
    expect(r.stale).toEqual([]);
    expect(r.unresolved).toEqual([]);
    expect(r.includes).toEqual([
      'systematic-tool-utilization.md',
      'quality-gates.md',
      'analysis-tools-enhanced.md',
      'workflow-integration.md',
      'journal-integration.md',
      'persistent-output.md',
      'commit-requirements.md',
    ]);
    expect(r.prompt).not.toContain('[INFO]');
    expect(r.prompt).not.toContain('COMPILED AGENT');
    expect(r.removedLeaks).toBe(1);
    expect(r.provenance).toEqual({
      compiledFrom: 'python-infrastructure-engineer',
      generatedAt: '2025-09-02T06:41:11Z',
      sourceTemplate: '/Users/jsnitsel/.claude/agent-templates/python-infrastructure-engineer.md',
    });
    // The prompt is the body minus the leak line and the provenance comments, byte for byte.
    const expected = extractProvenance(body.replace(LEAK, '')).body.replace(/\s+$/, '') + '\n';
    expect(r.prompt).toBe(expected);
  });

  it('round trip: the template form of the compiled seed compiles back to the same prompt, byte for byte', async () => {
    const body = seedBody('python-infrastructure-engineer');
    const compiled = await bundled.compile(body);
    const template = toTemplateForm(extractProvenance(body.replace(LEAK, '')).body);
    expect(template).toContain('\n@~/.claude/shared-prompts/quality-gates.md\n');
    expect(template).not.toContain('<!-- BEGIN: quality-gates.md -->');
    const again = await bundled.compile(template);
    expect(again.prompt).toBe(compiled.prompt);
    expect(again.includes).toEqual(compiled.includes);
  });

  it('container-infrastructure-engineer: names exactly the missing fragments, and the stale copies', async () => {
    const r = await bundled.compile(seedBody('container-infrastructure-engineer'));
    expect(r.unresolved.map((u) => u.name)).toEqual([
      'zen-mcp-tools-comprehensive.md',
      'metis-mathematical-computation.md',
      'mcp-tool-selection-framework.md',
      'modal-operation-patterns.md',
      'decision-authority-standard.md',
      'success-metrics-standard.md',
    ]);
    for (const u of r.unresolved) expect(u.reason).toContain('not found');
    expect(r.stale).toEqual(['quality-gates.md', 'commit-requirements.md']);
    // Unresolved reference lines stay in place; resolved ones inside a hand-written marker are inlined.
    expect(r.prompt).toContain('\n@~/.claude/shared-prompts/zen-mcp-tools-comprehensive.md\n');
    expect(r.prompt).toContain('<!-- BEGIN: CRITICAL MCP TOOL AWARENESS -->');
    expect(r.prompt).toContain('\n<!-- BEGIN: systematic-tool-utilization.md -->\n# Systematic Tool Utilization');
    expect(r.prompt).toContain('<!-- PROJECT_SPECIFIC_BEGIN:project-name -->');
    // Embedded copies are kept by default, replaced with refresh.
    const qgEmbedded = /<!-- BEGIN: quality-gates.md -->\n([\s\S]*?)<!-- END: quality-gates.md -->/.exec(r.prompt)?.[1];
    const qgCurrent = fs.readFileSync(path.join(BUNDLED_PROMPTS, 'quality-gates.md'), 'utf8');
    expect(qgEmbedded).toBeDefined();
    expect(qgEmbedded).not.toBe(qgCurrent);
    const refreshed = await bundled.compile(seedBody('container-infrastructure-engineer'), { refresh: true });
    expect(/<!-- BEGIN: quality-gates.md -->\n([\s\S]*?)<!-- END: quality-gates.md -->/.exec(refreshed.prompt)?.[1]).toBe(qgCurrent);
    expect(refreshed.stale).toEqual(['quality-gates.md', 'commit-requirements.md']);
  });
});

describe('include rules', () => {
  const dir = tempDir('acm-frag-');
  const outside = tempDir('acm-outside-');
  writeFiles(outside, { 'secret.md': 'TOP SECRET\n' });
  writeFiles(dir, {
    'a.md': 'A start\n@~/.claude/shared-prompts/b.md\nA end\n',
    'b.md': 'B body\n',
    'c.md': 'C\n@~/.claude/shared-prompts/d.md\n',
    'd.md': 'D\n@~/.claude/shared-prompts/c.md\n',
    'noeol.md': 'no newline at end',
    ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`n${i}.md`, `level ${i}\n@~/.claude/shared-prompts/n${i + 1}.md\n`])),
  });
  fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'link.md'));
  const c = new PromptCompiler(new FragmentResolver([dir]));

  it('inlines in the original compiler format, recursively', async () => {
    const r = await c.compile('Intro\n@~/.claude/shared-prompts/a.md   \nOutro\n');
    expect(r.prompt).toBe('Intro\n\n<!-- BEGIN: a.md -->\nA start\n\n<!-- BEGIN: b.md -->\nB body\n<!-- END: b.md -->\n\nA end\n<!-- END: a.md -->\n\nOutro\n');
    expect(r.includes).toEqual(['a.md', 'b.md']);
  });

  it('adds a newline to fragments that lack one', async () => {
    const r = await c.compile('@~/.claude/shared-prompts/noeol.md\n');
    expect(r.prompt).toBe('\n<!-- BEGIN: noeol.md -->\nno newline at end\n<!-- END: noeol.md -->\n');
  });

  it('leaves mid-line mentions, other @ lines and hand-written markers alone', async () => {
    const text = 'Load @~/.claude/shared-prompts/a.md for more\n@Test func testIt()\n@Observable\n<!-- BEGIN: CRITICAL MCP TOOL AWARENESS -->\nx\n<!-- END: CRITICAL MCP TOOL AWARENESS -->\n';
    const r = await c.compile(text);
    expect(r.prompt).toBe(text);
    expect(r.includes).toEqual([]);
  });

  it('reports a cycle with its chain, never hangs', async () => {
    const r = await c.compile('@~/.claude/shared-prompts/c.md\n');
    expect(r.unresolved).toEqual([{ name: 'c.md', reason: 'include cycle: c.md → d.md → c.md' }]);
  });

  it(`stops at depth ${MAX_INCLUDE_DEPTH} with the chain`, async () => {
    const r = await c.compile('@~/.claude/shared-prompts/n0.md\n');
    expect(r.unresolved).toHaveLength(1);
    expect(r.unresolved[0]?.reason).toMatch(/^include depth over 8: n0.md → n1.md → .* → n8.md$/);
  });

  it('refuses names that escape the shared-prompt folders, without reading them', async () => {
    const r = await c.compile(
      ['../acm-outside/secret.md', '../../../../etc/passwd', '/etc/passwd', 'link.md'].map((n) => `@~/.claude/shared-prompts/${n}`).join('\n') + '\n',
    );
    expect(r.unresolved.map((u) => u.name)).toEqual(['../acm-outside/secret.md', '../../../../etc/passwd', '/etc/passwd', 'link.md']);
    expect(r.unresolved[0]?.reason).toContain('".." segments are not allowed');
    expect(r.unresolved[2]?.reason).toContain('absolute paths are not allowed');
    expect(r.unresolved[3]?.reason).toContain('symlink pointing outside');
    expect(r.prompt).not.toContain('TOP SECRET');
    expect(r.prompt).not.toContain('root:');
  });

  it('resolves against folders in order (first wins)', async () => {
    const first = tempDir();
    writeFiles(first, { 'b.md': 'override B\n' });
    const two = new PromptCompiler(new FragmentResolver([first, dir]));
    const r = await two.compile('@~/.claude/shared-prompts/b.md\n');
    expect(r.prompt).toContain('override B');
  });
});

/** Compile every template of a folder; check each reference line left in a prompt is listed as unresolved. */
async function compileFolder(templates: string, sharedPrompts: string): Promise<{ includes: number; unresolved: Set<string> }> {
  const c = new PromptCompiler(new FragmentResolver([sharedPrompts]));
  let includes = 0;
  const unresolved = new Set<string>();
  for (const f of fs.readdirSync(templates)) {
    const body = readFrontmatter(fs.readFileSync(path.join(templates, f), 'utf8')).body;
    const r = await c.compile(body);
    includes += r.includes.length;
    for (const u of r.unresolved) unresolved.add(u.name);
    for (const name of r.includes) expect(r.prompt).toContain(`<!-- BEGIN: ${name} -->`);
    const left = [...r.prompt.matchAll(/^@~\/\.claude\/shared-prompts\/(\S+?)\s*$/gm)].map((m) => m[1]);
    for (const name of left) expect(r.unresolved.map((u) => u.name)).toContain(name);
  }
  return { includes, unresolved };
}

describe('generated templates with shared prompts', () => {
  it('compiles every template: includes (nested too) inlined, the missing fragment explained, Swift @ lines and mid-line mentions left alone', async () => {
    const g = generateCatalog();
    const { includes, unresolved } = await compileFolder(g.templates, g.sharedPrompts);
    // 18 include lines, one naming a missing fragment, and 3 nested includes (workflow-integration → commit-requirements).
    expect(includes).toBe(20);
    expect([...unresolved]).toEqual(g.missingFragments);
    const c = new PromptCompiler(new FragmentResolver([g.sharedPrompts]));
    const swift = await c.compile(readFrontmatter(fs.readFileSync(path.join(g.templates, 'swift-developer.md'), 'utf8')).body);
    expect(swift.prompt).toContain('@Observable\nfinal class Model');
    expect(swift.prompt).toContain('@Test func loadsItems()');
    const debug = await c.compile(readFrontmatter(fs.readFileSync(path.join(g.templates, 'debugging-specialist.md'), 'utf8')).body);
    expect(debug.prompt).toContain('Load @~/.claude/shared-prompts/testing-standards.md for the testing rules');
    const frontend = await c.compile(readFrontmatter(fs.readFileSync(path.join(g.templates, 'frontend-developer.md'), 'utf8')).body);
    expect(frontend.includes).toEqual(['quality-gates.md', 'workflow-integration.md', 'commit-requirements.md']);
  });
});

describeCorpus('the snits corpus templates', () => {
  it('compiles all 121 templates against the snits shared-prompts; every reference resolves or is explained', async () => {
    const prompts = path.join(CORPUS, 'snits-claude-files/shared-prompts');
    const { includes, unresolved } = await compileFolder(path.join(CORPUS, 'snits-claude-files/agent-templates'), prompts);
    expect(includes).toBeGreaterThan(500);
    for (const name of unresolved) expect(fs.existsSync(path.join(prompts, name))).toBe(false);
  });
});
