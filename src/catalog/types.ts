/** Core domain types of the catalog. No SDK imports here. */
import type { AgentBodies } from './packed-body.js';

export type SourceKind = 'flag' | 'project' | 'user' | 'bundled';

export interface AgentSource {
  /** Which kind of place this is; highest precedence first: flag, project, user, bundled. */
  kind: SourceKind;
  /** Absolute folder path. */
  dir: string;
  /** A label shown to users, e.g. "project:/repo/.claude/agents". */
  label: string;
}

export interface Example {
  context?: string;
  user: string;
  assistant?: string;
  commentary?: string;
}

export interface Diagnostic {
  path: string;
  code: string;
  message: string;
}

/**
 * One agent file as parsed: an immutable value (frozen when made). Its markdown body is not a field: it is
 * kept compressed, often in the parse cache file, and read explicitly with `snapshot.bodies.read(agent)`.
 */
export interface AgentRecord {
  readonly name: string;
  readonly description: string;
  /** The description without its `<example>` blocks, whitespace folded. */
  readonly summary: string;
  /** Every frontmatter field, as parsed (tools stay as given: list or comma string). */
  readonly frontmatter: Readonly<Record<string, unknown>>;
  readonly model?: string;
  readonly color?: string;
  /** Tools normalised to a list, when the frontmatter has them. */
  readonly tools?: readonly string[];
  readonly source: SourceKind;
  readonly sourceDir: string;
  readonly path: string;
  readonly examples: readonly Example[];
  /** Which parser read the frontmatter: strict YAML or the lenient Claude-Code-style reader. */
  readonly parsedWith: 'yaml' | 'lenient';
}

export interface ShadowedAgent {
  name: string;
  winner: string;
  shadowed: string;
}

/** One immutable snapshot of the catalog; a reload builds a new one and swaps it whole. */
export interface CatalogSnapshot {
  agents: ReadonlyMap<string, AgentRecord>;
  /**
   * The agents' markdown bodies. Reading one may read and inflate bytes from the parse cache file, and fail
   * (CACHE_UNREADABLE) when that file was damaged: the result says which.
   */
  bodies: AgentBodies;
  /** Names in sorted order. */
  names: readonly string[];
  diagnostics: readonly Diagnostic[];
  shadowed: readonly ShadowedAgent[];
  sources: readonly AgentSource[];
  sharedPromptDirs: readonly string[];
  loadedAt: number;
  /** Monotonic snapshot number, bumped on every reload. */
  version: number;
}
