/**
 * Project-aware prompts: detect a project's commands, apply its overrides, fill agent placeholders.
 *
 *   const { profile } = await loadProjectProfileForConfig(ctx.config, args.project_dir);
 *   const { prompt, filled, unfilled } = fillPlaceholders(text, profile);
 */
import path from 'node:path';
import type { ProjectConfig } from './config.js';
import { UsageError } from '../shared/errors.js';
import { detectProjectProfile } from './detect.js';
import { applyOverrides, loadOverrides } from './override.js';
import { resolveProjectDir } from './safe-dir.js';
import type { LoadedProfile, ProfileSource } from './types.js';

export * from './types.js';
export { detectProjectProfile, makeTargets } from './detect.js';
export { fillPlaceholders, commandList } from './fill.js';
export { formatProfile } from './format.js';
export type { FillResult, FilledPlaceholder, UnfilledPlaceholder } from './fill.js';
export { applyOverrides, loadOverrides, parseOverride, ProjectOverrideSchema, OVERRIDE_FILE, PACKAGE_JSON_KEY } from './override.js';
export type { ProjectOverride, LoadedOverride } from './override.js';
export { resolveProjectDir } from './safe-dir.js';
export type { ProjectDirOptions } from './safe-dir.js';

export interface LoadProjectProfileOptions {
  /** Only folders inside these are accepted (HTTP team server). Absent: any readable folder (stdio). */
  allowedRoots?: readonly string[] | undefined;
  /** Folder a relative `dir` is resolved against (default: the first allowed root; without roots `dir` must be absolute). */
  base?: string | undefined;
}

/**
 * Resolve `dir` safely, detect its profile, and apply `.agent-catalog.json` / package.json `agentCatalog`
 * overrides. Throws CatalogError subclasses: PATH_OUTSIDE_ROOT, PROJECT_DIR_*, INVALID_PROJECT_OVERRIDE.
 */
export async function loadProjectProfile(dir: string, options: LoadProjectProfileOptions = {}): Promise<LoadedProfile> {
  const base = options.base ?? options.allowedRoots?.[0] ?? (path.isAbsolute(dir) ? dir : undefined);
  if (base === undefined) throw new UsageError(`project folder "${dir}" is relative; give an absolute path (or a base folder to resolve it against)`);
  const real = await resolveProjectDir(dir, { base, allowedRoots: options.allowedRoots });
  const detected = await detectProjectProfile(real);
  const detectedKinds = new Set(Object.keys(detected.commands));
  const overrides = await loadOverrides(real);
  const { profile, applied } = applyOverrides(detected, overrides);
  const stillDetected = Object.entries(profile.commands).filter(([kind, c]) => detectedKinds.has(kind) && c === detected.commands[kind as keyof typeof detected.commands]).length;
  const commandCount = Object.keys(profile.commands).length;
  let source: ProfileSource;
  if (applied > 0) source = stillDetected > 0 ? 'mixed' : 'override';
  else source = commandCount > 0 ? 'detected' : 'none';
  return { profile, source, overrideFiles: overrides.map((o) => o.file) };
}

/**
 * The profile for a tool call: with no `projectDir`, the configured project folder (trusted: the operator
 * chose it); with one, resolved against it and, on an HTTP server, accepted only inside `--project-root`s.
 */
export async function loadProjectProfileForConfig(config: ProjectConfig, projectDir?: string): Promise<LoadedProfile> {
  if (projectDir === undefined) return loadProjectProfile(config.projectDir);
  return loadProjectProfile(projectDir, {
    base: config.projectDir,
    allowedRoots: config.http.enabled ? config.http.projectRoots : undefined,
  });
}
