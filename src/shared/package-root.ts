/**
 * The folder of this package (where package.json, agents/, shared-prompts/ and model/ are): the nearest
 * folder above this module holding our package.json. The same code runs as the bundle (dist/bin.js), as
 * tsc's module tree (dist/shared/…) and from source under the tests (src/shared/…).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'agent-catalog-mcp';
const MAX_UP = 6;

function ours(dir: string): boolean {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === NAME;
  } catch {
    return false;
  }
}

/** Reads a few package.json files on the way up (once per process start; callers keep the answer). */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (let i = 0; i < MAX_UP; i++) {
    if (ours(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`${NAME}: cannot find its own package.json above ${from}`);
}
