/**
 * The layers of src/ (docs/architecture.md), checked on the import graph: domain folders never import the
 * MCP, app, HTTP or CLI layers, the folders form no cycle, and nothing in src/ imports dev/. The lint rules
 * say the same per file; this test sees the whole graph (a cycle spans files). Tools are registered with
 * the SDK in one place only, the dispatcher.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/env.js';

const SRC = path.join(REPO_ROOT, 'src');
const DOMAIN = ['catalog', 'compile', 'routing', 'journal', 'project', 'encoder', 'delegate'];
const LAYERS = ['mcp', 'app', 'http', 'cli'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Top folder of src/ a file belongs to ('' for src/*.ts). */
function folderOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : '';
}

/** Folder → folders it imports (relative imports only). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*(?:import|export)\b[^'"]*['"](\.{1,2}\/[^'"]+)['"]/.exec(line);
      if (!m) continue;
      const target = path.resolve(path.dirname(file), m[1] as string);
      if (!target.startsWith(SRC + path.sep)) {
        edges.add(`outside:${path.relative(REPO_ROOT, target)}`);
        continue;
      }
      const to = folderOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>, nodes: readonly string[]): string[][] {
  const found: string[][] = [];
  const visit = (node: string, trail: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (!nodes.includes(next)) continue;
      const at = trail.indexOf(next);
      if (at >= 0) found.push([...trail.slice(at), next]);
      else visit(next, [...trail, next]);
    }
  };
  for (const n of nodes) visit(n, [n]);
  return found;
}

describe('layers of src/', () => {
  const graph = folderGraph();

  it('has the layered folders and no loose modules besides the entry points', () => {
    for (const dir of [...DOMAIN, ...LAYERS, 'shared']) expect(fs.existsSync(path.join(SRC, dir)), dir).toBe(true);
    expect(fs.readdirSync(SRC).filter((f) => f.endsWith('.ts')).sort()).toEqual(['bin.ts', 'index.ts']);
  });

  it('domain folders import only shared/ and other domain folders', () => {
    for (const d of DOMAIN) {
      const bad = [...(graph.get(d) ?? [])].filter((to) => !DOMAIN.includes(to) && to !== 'shared');
      expect(bad, `src/${d} imports`).toEqual([]);
    }
    expect([...(graph.get('shared') ?? [])], 'src/shared imports').toEqual([]);
  });

  it('no cycle between domain folders', () => {
    expect(cycles(graph, DOMAIN)).toEqual([]);
  });

  it('nothing in src/ imports outside src/ (dev/ never ships)', () => {
    const outside = [...graph.values()].flatMap((edges) => [...edges].filter((e) => e.startsWith('outside:')));
    expect(outside).toEqual([]);
  });
});

describe('one way to run a tool', () => {
  it('only src/mcp/tools/dispatch.ts registers tools with the SDK; tool files declare data', () => {
    const registering = sourceFiles(SRC)
      .filter((f) => /\.registerTool\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'));
    expect(registering).toEqual(['mcp/tools/dispatch.ts']);
  });
});
