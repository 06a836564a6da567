/** The project profile: what a project's own files say about how to typecheck, lint, test and format it. */

/** The five commands the seed agents leave blank. */
export const COMMAND_KINDS = ['typecheck', 'lint', 'lintFix', 'test', 'format'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** Human labels, used in generated lists and CLI output. */
export const COMMAND_LABELS: Record<CommandKind, string> = {
  typecheck: 'Type checking',
  lint: 'Linting',
  lintFix: 'Lint auto-fix',
  test: 'Testing',
  format: 'Formatting',
};

/** Why a value was chosen: the file it came from (relative to the project folder) and what in it. */
export interface Evidence {
  file: string;
  why: string;
}

export interface ProjectCommand {
  command: string;
  evidence: Evidence;
}

export const ECOSYSTEMS = ['node', 'python', 'rust', 'go', 'make', 'pre-commit'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export interface ProjectProfile {
  /** Absolute real path of the project folder. */
  dir: string;
  name: string;
  nameEvidence: Evidence;
  /** Which kinds of project files were recognised, in detection order. */
  ecosystems: Ecosystem[];
  packageManager?: { name: PackageManager; evidence: Evidence };
  /** Only commands with evidence are present. */
  commands: Partial<Record<CommandKind, ProjectCommand>>;
  /** For each command kind that is absent: why. */
  missing: Partial<Record<CommandKind, string>>;
  /** Files that exist but could not be read or parsed (detection goes on without them). */
  warnings: string[];
}

/** Where the profile's values came from. `none`: no command at all (nothing to fill). */
export type ProfileSource = 'detected' | 'override' | 'mixed' | 'none';

export interface LoadedProfile {
  profile: ProjectProfile;
  source: ProfileSource;
  /** Override files that were applied (relative names, e.g. `.agent-catalog.json`, `package.json#agentCatalog`). */
  overrideFiles: string[];
}
