/**
 * Filling an agent prompt's placeholders from a project profile. A placeholder is only replaced when the
 * profile has the value with evidence; every placeholder left in the text is reported with the reason.
 *
 * Recognised spellings (case-insensitive):
 * - `[project-specific-<kind>-command]`, `[run project <kind> command]`, `[project <kind> command]`
 *   for kind typecheck, lint, lint-fix, test, format;
 * - `[Add project-specific quality gate commands here]` (also with a `PLACEHOLDER: ` prefix): replaced by a
 *   generated list of every detected command;
 * - `project-name` in `<!-- PROJECT_SPECIFIC_BEGIN:project-name -->` / `..._END:project-name -->`;
 * - other `[Add project-specific … here]` blanks need a person: they stay, and are listed as unfilled.
 */
import { COMMAND_KINDS, COMMAND_LABELS } from './types.js';
import type { CommandKind, Evidence, ProjectProfile } from './types.js';

export interface FilledPlaceholder {
  /** The placeholder text exactly as it was in the prompt. */
  placeholder: string;
  value: string;
  evidence: Evidence;
  /** How many times it occurred (all occurrences are replaced). */
  count: number;
}

export interface UnfilledPlaceholder {
  placeholder: string;
  reason: string;
  count: number;
}

export interface FillResult {
  prompt: string;
  filled: FilledPlaceholder[];
  unfilled: UnfilledPlaceholder[];
}

const COMMAND_PLACEHOLDER = /\[(?:run )?project(?:[- ]specific)?[- ](typecheck|type[- ]check|lint[- ]fix|lint|test|format)[- ]command\]/gi;
const QUALITY_LIST_PLACEHOLDER = /\[(?:PLACEHOLDER:\s*)?Add project-specific quality gate commands here\]/gi;
const SECTION_NAME = /(<!--\s*PROJECT_SPECIFIC_(?:BEGIN|END):)project-name(\s*-->)/g;
const HUMAN_PLACEHOLDER = /\[(?:PLACEHOLDER:\s*)?Add project-specific [^\]\n]{0,300}\]/gi;

function kindOf(word: string): CommandKind {
  const w = word.toLowerCase().replace(/[- ]/g, '');
  if (w === 'lintfix') return 'lintFix';
  if (w === 'typecheck') return 'typecheck';
  return w as CommandKind;
}

/** The "Project-Specific Commands" list: one line per detected command, with the file it came from. */
export function commandList(profile: ProjectProfile): string {
  const lines: string[] = [];
  for (const kind of COMMAND_KINDS) {
    const c = profile.commands[kind];
    if (c) lines.push(`- **${COMMAND_LABELS[kind]}**: \`${c.command}\` (from ${c.evidence.file})`);
  }
  return lines.join('\n');
}

/** A name usable inside an HTML comment marker. */
function markerName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^-|-$/g, ''); // each run is one "-" by now
}

class Recorder {
  private readonly filledMap = new Map<string, FilledPlaceholder>();
  private readonly unfilledMap = new Map<string, UnfilledPlaceholder>();

  fill(placeholder: string, value: string, evidence: Evidence): string {
    const prev = this.filledMap.get(placeholder);
    if (prev) prev.count++;
    else this.filledMap.set(placeholder, { placeholder, value, evidence, count: 1 });
    return value;
  }

  leave(placeholder: string, reason: string): string {
    const prev = this.unfilledMap.get(placeholder);
    if (prev) prev.count++;
    else this.unfilledMap.set(placeholder, { placeholder, reason, count: 1 });
    return placeholder;
  }

  result(prompt: string): FillResult {
    return { prompt, filled: [...this.filledMap.values()], unfilled: [...this.unfilledMap.values()] };
  }
}

export function fillPlaceholders(prompt: string, profile: ProjectProfile): FillResult {
  const rec = new Recorder();

  let out = prompt.replace(COMMAND_PLACEHOLDER, (match: string, word: string) => {
    const kind = kindOf(word);
    const c = profile.commands[kind];
    if (c) return rec.fill(match, c.command, c.evidence);
    return rec.leave(match, profile.missing[kind] ?? `no ${COMMAND_LABELS[kind].toLowerCase()} command detected`);
  });

  const list = commandList(profile);
  out = out.replace(QUALITY_LIST_PLACEHOLDER, (match: string) => {
    if (list === '') return rec.leave(match, `no command detected in ${profile.dir}`);
    const files = [...new Set(COMMAND_KINDS.flatMap((k) => (profile.commands[k] ? [profile.commands[k].evidence.file] : [])))];
    const count = list.split('\n').length;
    return rec.fill(match, list, { file: files.join(', '), why: `generated list of the ${count} detected command(s)` });
  });

  // The section marker gets the project's declared name; a bare folder name is no evidence of one.
  const marker = markerName(profile.name);
  const declared = profile.nameEvidence.file !== '.';
  out = out.replace(SECTION_NAME, (m: string, open: string, close: string) => {
    if (!declared || marker === '') {
      rec.leave('project-name', 'no project name declared in any project file');
      return m;
    }
    rec.fill('project-name', marker, profile.nameEvidence);
    return `${open}${marker}${close}`;
  });

  for (const m of out.matchAll(HUMAN_PLACEHOLDER)) {
    rec.leave(m[0], 'needs a person: no project file says this');
  }
  return rec.result(out);
}
