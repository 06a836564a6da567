/**
 * The README's examples run as written, so the docs cannot drift:
 *  - every line of a ```sh block whose command is `agent-catalog-mcp …` runs against the bundled catalog
 *    (built CLI, temporary HOME and project folder, in README order), exit code 0 expected, unless its
 *    comment starts with `server:` (it starts a server and waits);
 *  - every ```json block shaped {"name", "arguments"} is called as a tool through an MCP client (no isError);
 *    every other ```json block must parse.
 * The journal holds one entry at the path the examples read (2025-05-27/20-16-46-123456.md).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, connect, tempDir, testConfig, textOf, writeFiles, type Connected } from '../helpers/env.js';
import { BIN } from '../helpers/stdio.js';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const ENTRY = '2025-05-27/20-16-46-123456.md';
const ENTRY_TEXT = '---\ntitle: "8:16:46 PM - May 27, 2025"\ndate: 2025-05-27T20:16:46.123Z\ntimestamp: 1748377006123\n---\n\n## Technical Insights\n\nA flaky vitest timeout came from fake timers.\n';

/** Fenced blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1] ?? '');
}

/** Logical command lines of sh blocks (continuation lines joined), without env assignments or comments. */
export function shellCommands(markdown: string): Array<{ line: string; command: string; skip: boolean }> {
  const out: Array<{ line: string; command: string; skip: boolean }> = [];
  for (const m of markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    const lines = (m[1] ?? '').split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i] ?? '';
      while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) line = line.trimEnd().slice(0, -1) + ' ' + (lines[++i] ?? '').trim();
      // The comment starts at the first " #" outside quotes.
      let quote: string | undefined;
      let cut = line.length;
      for (let k = 0; k < line.length; k++) {
        const c = line[k];
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '#' && (k === 0 || /\s/.test(line[k - 1] ?? ''))) {
          cut = k;
          break;
        }
      }
      const comment = line.slice(cut + 1).trim();
      const command = line.slice(0, cut).trim().replace(/^(?:[A-Z_][A-Z0-9_]*=(?:\$\([^)]*\)|"[^"]*"|'[^']*'|\S*)\s+)+/, '');
      if (command === 'agent-catalog-mcp' || command.startsWith('agent-catalog-mcp ')) out.push({ line: line.trim(), command, skip: comment.startsWith('server:') });
    }
  }
  return out;
}

describe('README examples', () => {
  let home: string;
  let cwd: string;
  let bin: string;

  beforeAll(() => {
    home = tempDir('acm-readme-home-');
    cwd = tempDir('acm-readme-cwd-');
    writeFiles(home, { [`.private-journal/${ENTRY}`]: ENTRY_TEXT });
    // `agent-catalog-mcp` on PATH is the built CLI (what `npm link` or an install puts there).
    bin = tempDir('acm-readme-bin-');
    fs.writeFileSync(path.join(bin, 'agent-catalog-mcp'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
  });

  it('finds the examples (the extraction itself works)', () => {
    const cmds = shellCommands(README);
    expect(cmds.filter((c) => !c.skip).length).toBeGreaterThanOrEqual(10);
    expect(cmds.filter((c) => c.skip).map((c) => c.command)).toEqual(expect.arrayContaining(['agent-catalog-mcp', 'agent-catalog-mcp --only journal']));
    // Continuation lines are joined and env assignments dropped: the token example is one (server) command.
    expect(cmds.some((c) => c.skip && c.command.startsWith('agent-catalog-mcp --http --host 0.0.0.0'))).toBe(true);
    expect(shellCommands('```sh\nagent-catalog-mcp match "a # b"   # note\nnpm ci\n```\n')).toEqual([{ line: 'agent-catalog-mcp match "a # b"   # note', command: 'agent-catalog-mcp match "a # b"', skip: false }]);
  });

  it('every CLI example runs as written and exits 0', () => {
    const failures: string[] = [];
    for (const { command, skip } of shellCommands(README)) {
      if (skip) continue;
      const r = spawnSync('sh', ['-c', command], {
        cwd,
        env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: home },
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (r.status !== 0) failures.push(`${command}\n  exit ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 400)}`);
      else if (r.stdout.trim() === '') failures.push(`${command}\n  printed nothing`);
    }
    expect(failures).toEqual([]);
  });

  describe('tool-call examples through an MCP client', () => {
    let conn: Connected;
    beforeAll(async () => {
      const config = testConfig({ noUser: true });
      writeFiles(config.tmpHome, { [`.private-journal/${ENTRY}`]: ENTRY_TEXT });
      conn = await connect(config);
    });
    afterAll(async () => {
      await conn.close();
    });

    it('every {"name", "arguments"} block is answered without isError; other JSON blocks parse', async () => {
      let calls = 0;
      const failures: string[] = [];
      for (const block of blocks('json')) {
        const value = JSON.parse(block) as { name?: unknown; arguments?: unknown };
        if (typeof value.name !== 'string' || typeof value.arguments !== 'object') continue;
        calls++;
        const r = await conn.client.callTool({ name: value.name, arguments: value.arguments as Record<string, unknown> });
        if (r.isError) failures.push(`${block.trim()}\n  ${textOf(r).slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
      // Every tool of the server has an example.
      const { tools } = await conn.client.listTools();
      const documented = new Set(blocks('json').map((b) => (JSON.parse(b) as { name?: string }).name));
      expect(tools.map((t) => t.name).filter((n) => !documented.has(n))).toEqual([]);
      expect(calls).toBeGreaterThanOrEqual(10);
    });
  });
});
