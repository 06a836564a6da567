/**
 * Explicit overrides: `.agent-catalog.json` in the project folder, or the `agentCatalog` key of its
 * package.json, with the same fields as the profile. A string sets a command, `null` switches a detected one
 * off. The file wins over the package.json key, and both win over detection.
 */
import fs from 'node:fs/promises';
import { z } from 'zod';
import { ProjectOverrideError } from '../shared/errors.js';
import { jsonErrorSummary, readProjectFileSync } from './detect.js';
import { COMMAND_KINDS } from './types.js';
import type { CommandKind, ProjectProfile } from './types.js';

export const OVERRIDE_FILE = '.agent-catalog.json';
export const PACKAGE_JSON_KEY = 'agentCatalog';

const singleLine = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(1000, `${what} is longer than 1000 characters`)
    .refine((s) => !/[\r\n`]/.test(s), `${what} must be one line without backticks`);

const command = singleLine('the command').nullable();

export const ProjectOverrideSchema = z.strictObject({
  $schema: z.string().optional().describe('Optional JSON schema reference; ignored.'),
  name: singleLine('the name').optional().describe('Project name.'),
  typecheck: command.optional().describe('Type checking command, or null to leave it unfilled.'),
  lint: command.optional().describe('Lint command, or null to leave it unfilled.'),
  lintFix: command.optional().describe('Lint auto-fix command, or null to leave it unfilled.'),
  test: command.optional().describe('Test command, or null to leave it unfilled.'),
  format: command.optional().describe('Format command, or null to leave it unfilled.'),
});

export type ProjectOverride = z.infer<typeof ProjectOverrideSchema>;

export interface LoadedOverride {
  /** Where it came from: `.agent-catalog.json` or `package.json#agentCatalog`. */
  file: string;
  override: ProjectOverride;
}

const ALLOWED_FIELDS = Object.keys(ProjectOverrideSchema.shape).filter((k) => k !== '$schema');

/** Validate an override object; `label` names its origin and `prefix` is prepended to field names. */
export function parseOverride(value: unknown, label: string, prefix = ''): ProjectOverride {
  const parsed = ProjectOverrideSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new ProjectOverrideError(label, undefined, 'invalid');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new ProjectOverrideError(label, `${prefix}${key}`, `unknown field (allowed: ${ALLOWED_FIELDS.join(', ')})`);
  }
  if (issue.path.length === 0) {
    throw new ProjectOverrideError(label, prefix ? prefix.replace(/\.$/, '') : undefined, 'must be a JSON object with the fields ' + ALLOWED_FIELDS.join(', '));
  }
  const field = `${prefix}${issue.path.map(String).join('.')}`;
  const message = issue.code === 'invalid_type' ? `expected ${issue.expected === 'string' ? 'a string' : issue.expected}${issue.path[0] === 'name' ? '' : ' or null'}` : issue.message;
  throw new ProjectOverrideError(label, field, message);
}

/**
 * The overrides of the project in `folder`, lowest precedence first (package.json key, then the
 * file), read through the same check as detection (readProjectFileSync: regular files inside the folder,
 * within 1 MB). Throws ProjectOverrideError on an override file that is refused, invalid JSON or has an
 * invalid field; a refused package.json is left to detection, which warns about it.
 */
export async function loadOverrides(folder: string): Promise<LoadedOverride[]> {
  const out: LoadedOverride[] = [];
  const dir = await fs.realpath(folder);
  const pkgFile = readProjectFileSync(dir, 'package.json');
  const pkgText = pkgFile.ok ? pkgFile.text : undefined;
  if (pkgText !== undefined) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(pkgText);
    } catch {
      pkg = undefined; // detection reports the broken package.json as a warning
    }
    if (typeof pkg === 'object' && pkg !== null && PACKAGE_JSON_KEY in pkg) {
      const label = `package.json#${PACKAGE_JSON_KEY}`;
      out.push({ file: label, override: parseOverride((pkg as Record<string, unknown>)[PACKAGE_JSON_KEY], 'package.json', `${PACKAGE_JSON_KEY}.`) });
    }
  }
  const file = readProjectFileSync(dir, OVERRIDE_FILE);
  if (!file.ok && !file.missing) throw new ProjectOverrideError(OVERRIDE_FILE, undefined, `${file.reason}; not read`);
  if (file.ok) {
    let value: unknown;
    try {
      value = JSON.parse(file.text);
    } catch (err) {
      throw new ProjectOverrideError(OVERRIDE_FILE, undefined, `not valid JSON (${jsonErrorSummary(err)})`);
    }
    out.push({ file: OVERRIDE_FILE, override: parseOverride(value, OVERRIDE_FILE) });
  }
  return out;
}

/**
 * Apply overrides (lowest precedence first) to a detected profile. Returns the new profile and the number
 * of fields the overrides set.
 */
export function applyOverrides(profile: ProjectProfile, overrides: readonly LoadedOverride[]): { profile: ProjectProfile; applied: number } {
  const commands = { ...profile.commands };
  const missing = { ...profile.missing };
  let { name, nameEvidence } = profile;
  let applied = 0;
  for (const { file, override } of overrides) {
    if (override.name !== undefined) {
      name = override.name;
      nameEvidence = { file, why: 'set by override' };
      applied++;
    }
    for (const kind of COMMAND_KINDS) {
      const value = override[kind as CommandKind];
      if (value === undefined) continue;
      applied++;
      if (value === null) {
        delete commands[kind];
        missing[kind] = `switched off in ${file} (set to null)`;
      } else {
        commands[kind] = { command: value, evidence: { file, why: `"${kind}" set by override` } };
        delete missing[kind];
      }
    }
  }
  return { profile: { ...profile, name, nameEvidence, commands, missing }, applied };
}
