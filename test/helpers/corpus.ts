/**
 * Corpus-scale tests: they run when the public agent corpus is present ($AGENT_CATALOG_CORPUS, or
 * ../shared/corpus beside the repository) and are skipped with a plain note otherwise.
 */
import { describe } from 'vitest';
import { CORPUS, HAS_CORPUS } from './env.js';

export { CORPUS, HAS_CORPUS };

const noted = new Set<string>();

/** `describe` that runs only with the corpus; without it the block is skipped and the reason printed once. */
export function describeCorpus(name: string, fn: () => void): void {
  if (!HAS_CORPUS && !noted.has(name)) {
    noted.add(name);
    console.log(
      `[corpus] skipped "${name}": no agent corpus at ${CORPUS} (looked for ${CORPUS}/snits-claude-files; ` +
        'set AGENT_CATALOG_CORPUS=DIR to run the corpus-scale tests). Generated fixtures cover the same shapes.',
    );
  }
  describe.skipIf(!HAS_CORPUS)(`${name} [corpus]`, fn);
}
