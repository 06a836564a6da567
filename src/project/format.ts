/** Plain-text rendering of a loaded profile, for the CLI and the get_project_profile tool. */
import { COMMAND_KINDS, COMMAND_LABELS } from './types.js';
import type { LoadedProfile } from './types.js';

/** The human-readable report (also the text of the get_project_profile tool). */
export function formatProfile(loaded: LoadedProfile): string {
  const { profile, source, overrideFiles } = loaded;
  const lines: string[] = [];
  lines.push(`Project:   ${profile.name}  (${profile.nameEvidence.file}: ${profile.nameEvidence.why})`);
  lines.push(`Folder:    ${profile.dir}`);
  lines.push(`Source:    ${source}${overrideFiles.length > 0 ? ` (overrides: ${overrideFiles.join(', ')})` : ''}`);
  lines.push(`Detected:  ${profile.ecosystems.length > 0 ? profile.ecosystems.join(', ') : 'no project files'}`);
  if (profile.packageManager) lines.push(`Packages:  ${profile.packageManager.name}  (${profile.packageManager.evidence.file}: ${profile.packageManager.evidence.why})`);
  lines.push('');
  const width = Math.max(...COMMAND_KINDS.map((k) => COMMAND_LABELS[k].length));
  for (const kind of COMMAND_KINDS) {
    const c = profile.commands[kind];
    const label = COMMAND_LABELS[kind].padEnd(width);
    if (c) lines.push(`${label}  ${c.command}\n${' '.repeat(width)}    from ${c.evidence.file}: ${c.evidence.why}`);
    else lines.push(`${label}  (none) ${profile.missing[kind] ?? ''}`.trimEnd());
  }
  for (const w of profile.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
