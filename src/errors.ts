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

export class UsageError extends CatalogError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
