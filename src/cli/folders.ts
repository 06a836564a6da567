/**
 * Folder options, checked once before any command or server starts: a file given where a folder belongs
 * (`--journal /etc/passwd`) and a cache folder that cannot be created (`--cache-dir /proc/x`) end the run at
 * once with one line naming the option, the folder and what to do, instead of a stack trace or a hang later.
 * Folders that do not exist yet are fine (journals and caches are created on first write).
 */
import type { Config, FlagValues } from '../app/config.js';
import { CatalogError, UsageError } from '../shared/errors.js';
import { ensureFolderSync, folderProblemSync } from '../shared/safe-paths.js';

export function checkFolderOptions(flags: FlagValues, config: Config): void {
  const given: Array<[string, string]> = [];
  if (flags.agents?.length) for (const d of config.agentDirs) given.push(['--agents', d]);
  if (flags.sharedPrompts?.length) for (const d of config.sharedPromptDirs) given.push(['--shared-prompts', d]);
  if (flags.journal) given.push(['--journal', config.journalDir]);
  if (flags.userJournal) given.push(['--user-journal', config.userJournalDir]);
  if (flags.project) given.push(['--project', config.projectDir]);
  if (flags.projectRoot?.length) for (const d of config.http.projectRoots) given.push(['--project-root', d]);
  if (flags.cacheDir) given.push(['--cache-dir', config.cacheDir]);
  for (const [option, dir] of given) {
    const problem = folderProblemSync(dir);
    if (problem) throw new UsageError(`${option} ${dir}: ${problem}. Give a folder.`);
  }
  if (flags.cacheDir && config.useCache) {
    try {
      ensureFolderSync(config.cacheDir, '--cache-dir', 'Give a writable folder, or turn the cache off with --no-cache.');
    } catch (err) {
      if (err instanceof CatalogError) throw new UsageError(err.message);
      throw err;
    }
  }
}
