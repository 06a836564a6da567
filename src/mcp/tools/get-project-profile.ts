/** Tool get_project_profile: the commands detected for a project (or set by its override), with evidence. */
import { z } from 'zod';
import type { ServerContext } from '../../app/context.js';
import { COMMAND_KINDS, ECOSYSTEMS, PACKAGE_MANAGERS, formatProfile, loadProjectProfileForConfig } from '../../project/index.js';
import type { LoadedProfile } from '../../project/index.js';
import { defineTool, readOnlyAnnotations } from './tool.js';

export const getProjectProfileInput = {
  project_dir: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe("Default: the server's project folder; over HTTP, inside a --project-root."),
};

/** Where a value came from: a file relative to the project folder ("." for the folder) and what in it. */
const evidenceSchema = z.object({ file: z.string(), why: z.string() });

export const getProjectProfileOutput = {
  dir: z.string(),
  name: z.string(),
  nameEvidence: evidenceSchema,
  source: z.enum(['detected', 'override', 'mixed', 'none']),
  overrideFiles: z.array(z.string()),
  ecosystems: z.array(z.enum(ECOSYSTEMS)),
  packageManager: z.object({ name: z.enum(PACKAGE_MANAGERS), evidence: evidenceSchema }).optional(),
  commands: z.array(z.object({ kind: z.enum(COMMAND_KINDS), command: z.string(), evidence: evidenceSchema })),
  missing: z.array(z.object({ kind: z.enum(COMMAND_KINDS), reason: z.string() })),
  warnings: z.array(z.string()),
};

export function profileStructured(loaded: LoadedProfile) {
  const { profile } = loaded;
  return {
    dir: profile.dir,
    name: profile.name,
    nameEvidence: profile.nameEvidence,
    source: loaded.source,
    overrideFiles: loaded.overrideFiles,
    ecosystems: profile.ecosystems,
    ...(profile.packageManager ? { packageManager: profile.packageManager } : {}),
    commands: COMMAND_KINDS.flatMap((kind) => {
      const c = profile.commands[kind];
      return c ? [{ kind, command: c.command, evidence: c.evidence }] : [];
    }),
    missing: COMMAND_KINDS.flatMap((kind) => {
      const reason = profile.missing[kind];
      return reason !== undefined ? [{ kind, reason }] : [];
    }),
    warnings: profile.warnings,
  };
}

export const getProjectProfileTool = defineTool({
  name: 'get_project_profile',
  title: 'Get project profile',
  description: "A project's typecheck, lint, lint-fix, test and format commands with evidence: what get_agent_prompt fills placeholders with.",
  input: getProjectProfileInput,
  output: getProjectProfileOutput,
  annotations: readOnlyAnnotations,
  async handle(args, ctx: ServerContext) {
    const loaded = await loadProjectProfileForConfig(ctx.config, args.project_dir);
    return { structured: profileStructured(loaded), text: formatProfile(loaded) };
  },
});
