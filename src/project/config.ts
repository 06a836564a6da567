/** What project profiles read of the configuration (app/config.ts builds it). */
export interface HttpConfig {
  enabled: boolean;
  host: string;
  port: number;
  token?: string;
  allowedHosts: string[];
  projectRoots: string[];
}

export interface ProjectConfig {
  /** Project folder for project-aware prompts (default cwd). */
  projectDir: string;
  /** Over HTTP, a project_dir argument must lie inside one of http.projectRoots. */
  http: HttpConfig;
}
