/** Small error classes with a stable `code`, so tools and the CLI can answer precisely. */
export class CatalogError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class UnknownAgentError extends CatalogError {
  readonly suggestions: string[];
  constructor(name: string, suggestions: string[]) {
    const hint = suggestions.length > 0 ? ` Closest names: ${suggestions.join(', ')}.` : '';
    super('UNKNOWN_AGENT', `No agent named "${name}" in the catalog.${hint} Call list_agents to see every name.`);
    this.suggestions = suggestions;
  }
}

export class PathOutsideRootError extends CatalogError {
  constructor(input: string, reason: string) {
    super('PATH_OUTSIDE_ROOT', `Refused "${input}": ${reason}`);
  }
}

/** A search query the index cannot take (control characters); the message says what to change. */
export class InvalidQueryError extends CatalogError {
  constructor(message: string) {
    super('INVALID_QUERY', message);
  }
}

export class UsageError extends CatalogError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A folder that cannot be used as given (not a folder, read-only, on a file system that refuses new folders). */
export class FolderError extends CatalogError {
  readonly folder: string;
  constructor(code: 'FOLDER_NOT_A_FOLDER' | 'FOLDER_READ_ONLY' | 'FOLDER_UNUSABLE', folder: string, message: string) {
    super(code, message);
    this.folder = folder;
  }
}

// --- Project profiles -------------------------------------------------------------------------------------

/** A project_dir that does not exist, is not a folder, or cannot be read. */
export class ProjectDirError extends CatalogError {
  readonly dir: string;
  constructor(code: 'PROJECT_DIR_NOT_FOUND' | 'PROJECT_DIR_NOT_A_FOLDER' | 'PROJECT_DIR_UNREADABLE', dir: string, message: string) {
    super(code, message);
    this.dir = dir;
  }
}

/** An invalid .agent-catalog.json or package.json "agentCatalog" key; `field` names the offending field. */
export class ProjectOverrideError extends CatalogError {
  readonly file: string;
  readonly field: string | undefined;
  constructor(file: string, field: string | undefined, message: string) {
    super('INVALID_PROJECT_OVERRIDE', field === undefined ? `${file}: ${message}` : `${file}: field "${field}": ${message}`);
    this.file = file;
    this.field = field;
  }
}
