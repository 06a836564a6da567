/** CLI `profile [DIR] [--json]`: what was detected for a project, and from which file. */
import type { Config } from '../app/config.js';
import { UsageError } from '../shared/errors.js';
import { formatProfile, loadProjectProfile } from '../project/index.js';
import { SubArgs } from './args.js';

export async function runProfileCommand(args: string[], config: Config, out: (s: string) => void): Promise<number> {
  const a = new SubArgs(args, [], ['--json']);
  if (a.positionals.length > 1) throw new UsageError('profile takes at most one folder: agent-catalog-mcp profile [DIR] [--json]');
  const dir = a.positionals[0] ?? config.projectDir;
  // The CLI runs on the user's own machine: any readable folder, relative to the current folder.
  const loaded = await loadProjectProfile(dir, { base: config.cwd });
  out(a.has('--json') ? JSON.stringify(loaded, null, 2) : formatProfile(loaded));
  return 0;
}
