/** Tool get_project_profile: the commands detected for a project (or set by its override), with evidence. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../context.js';
import { COMMAND_KINDS, ECOSYSTEMS, PACKAGE_MANAGERS, formatProfile, loadProjectProfileForConfig } from '../project/index.js';
import type { LoadedProfile } from '../project/index.js';
import { failFrom, ok, readOnlyAnnotations } from './result.js';

export const getProjectProfileInput = {
  project_dir: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'Project root folder (absolute, or relative to the server\'s project folder). Default: the server\'s project folder (--project or its cwd). On an HTTP team server it must be inside a --project-root folder.',
    ),
};

const evidenceSchema = z
  .object({
    file: z.string().describe('File the value came from, relative to the project folder ("." for the folder itself).'),
    why: z.string().describe('What in that file is the evidence.'),
  })
  .describe('Where a value came from.');

export const getProjectProfileOutput = {
  dir: z.string().describe('Absolute real path of the project folder.'),
  name: z.string().describe('Project name.'),
  nameEvidence: evidenceSchema,
  source: z.enum(['detected', 'override', 'mixed', 'none']).describe('detected: from project files; override: from .agent-catalog.json / package.json agentCatalog; mixed: both; none: no command found.'),
  overrideFiles: z.array(z.string()).describe('Override files that were applied.'),
  ecosystems: z.array(z.enum(ECOSYSTEMS)).describe('Kinds of project files recognised.'),
  packageManager: z
    .object({ name: z.enum(PACKAGE_MANAGERS).describe('npm, pnpm, yarn or bun.'), evidence: evidenceSchema })
    .optional()
    .describe('JavaScript package manager, when there is a package.json.'),
  commands: z
    .array(
      z.object({
        kind: z.enum(COMMAND_KINDS).describe('typecheck, lint, lintFix, test or format.'),
        command: z.string().describe('The shell command to run from the project folder.'),
        evidence: evidenceSchema,
      }),
    )
    .describe('Commands with evidence; these fill the agents\' placeholders.'),
  missing: z
    .array(z.object({ kind: z.enum(COMMAND_KINDS).describe('Command kind.'), reason: z.string().describe('Why no command was found.') }))
    .describe('Command kinds left unfilled, and why.'),
  warnings: z.array(z.string()).describe('Project files that could not be read or parsed.'),
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

export function registerGetProjectProfile(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'get_project_profile',
    {
      title: 'Get project profile',
      description:
        'Show the typecheck / lint / lint-fix / test / format commands detected for a project (package.json, pyproject.toml, Cargo.toml, go.mod, Makefile, .pre-commit-config.yaml, or an .agent-catalog.json override), each with the file it came from. These are the commands get_agent_prompt fills into agent placeholders.',
      inputSchema: getProjectProfileInput,
      outputSchema: getProjectProfileOutput,
      annotations: { title: 'Get project profile', ...readOnlyAnnotations },
    },
    async (args) => {
      try {
        const loaded = await loadProjectProfileForConfig(ctx.config, args.project_dir);
        return ok(profileStructured(loaded), formatProfile(loaded));
      } catch (err) {
        return failFrom(err);
      }
    },
  );
}
