/** What the journal reads of the configuration (app/config.ts builds it). */
export interface JournalConfig {
  /** Project journal root (default <cwd>/.private-journal). */
  journalDir: string;
  /** User journal root (default ~/.private-journal). */
  userJournalDir: string;
  /** Watch the journal folders and index changes as they happen. */
  watch: boolean;
  /**
   * SQLite engines the journal index may use, tried in order (env AGENT_CATALOG_SQLITE, comma-separated;
   * default better-sqlite3, node:sqlite; empty: no index, queries scan the entry files).
   */
  sqliteEngines: string[];
  /** Folder for on-disk caches: the journal index file lives there. */
  cacheDir: string;
  /** Keep the index in a file (false: in memory, rebuilt each start). */
  useCache: boolean;
}
