/** Shared-prompt fragments, resolved by name against the shared-prompt folders in order. */
import fs from 'node:fs';
import { resolveInside } from '../shared/safe-paths.js';

/** Fragments larger than this are refused (real ones are a few KB). */
export const MAX_FRAGMENT_BYTES = 1024 * 1024;

export type FragmentLookup = { ok: true; text: string; path: string } | { ok: false; reason: string };

export class FragmentResolver {
  constructor(readonly dirs: readonly string[]) {}

  /** Find `name` in the first folder that has it; never reads outside those folders. */
  async read(name: string): Promise<FragmentLookup> {
    if (this.dirs.length === 0) return { ok: false, reason: 'no shared-prompt folders are configured' };
    let refusal: string | undefined;
    for (const dir of this.dirs) {
      const resolved = resolveInside(dir, name);
      if (!resolved.ok) {
        if (!resolved.missing) refusal = resolved.reason;
        if (!resolved.missing) break;
        continue;
      }
      // Sync reads: fragments are small (a few KB, capped), and each promise-based call is a thread-pool
      // round trip that a compile would pay a dozen times over.
      try {
        const st = fs.statSync(resolved.realPath);
        if (!st.isFile()) return { ok: false, reason: `${resolved.path} is not a regular file` };
        if (st.size > MAX_FRAGMENT_BYTES) return { ok: false, reason: `${resolved.path} is ${st.size} bytes, over the ${MAX_FRAGMENT_BYTES}-byte fragment limit` };
        return { ok: true, text: fs.readFileSync(resolved.realPath, 'utf8'), path: resolved.path };
      } catch (err) {
        return { ok: false, reason: `${resolved.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
      }
    }
    if (refusal) return { ok: false, reason: `refused: ${refusal}; the file was not read` };
    return { ok: false, reason: `fragment not found in any shared-prompt folder (${this.dirs.join(', ')})` };
  }
}
