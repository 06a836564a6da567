/** Core domain types of the catalog. No SDK imports here. */

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

export interface AgentRecord {
  name: string;
  description: string;
  /** The description without its `<example>` blocks, whitespace folded. */
  summary: string;
  /** Every frontmatter field, as parsed (tools stay as given: list or comma string). */
  frontmatter: Record<string, unknown>;
  /** The markdown after the frontmatter, unchanged. */
  body: string;
  model?: string;
  color?: string;
  /** Tools normalised to a list, when the frontmatter has them. */
  tools?: string[];
  source: SourceKind;
  sourceDir: string;
  path: string;
  examples: Example[];
  /** Which parser read the frontmatter: strict YAML or the lenient Claude-Code-style reader. */
  parsedWith: 'yaml' | 'lenient';
}

export interface ShadowedAgent {
  name: string;
  winner: string;
  shadowed: string;
}

/** One immutable snapshot of the catalog; a reload builds a new one and swaps it whole. */
export interface CatalogSnapshot {
  agents: ReadonlyMap<string, AgentRecord>;
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
