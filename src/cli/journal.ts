/**
 * `journal` subcommands:
 *   journal search "QUERY" [--type project|user|both] [--sections a,b] [--limit N] [--json]
 *   journal recent [--limit N] [--type project|user|both] [--days N] [--json]
 *   journal read PATH [--json]
 *   journal write [--reflections "…"] [--observations "…"] [--project-notes "…"] [--user-context "…"]
 *                 [--technical-insights "…"] [--world-knowledge "…"] [--feelings "…"] [--json]
 * Usage errors throw UsageError (exit 2 from the main CLI); refused reads throw CatalogError (exit 1).
 */
import type { Config } from '../app/config.js';
import { UsageError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { JournalService } from '../journal/service.js';
import { JOURNAL_TYPE_FILTERS, type JournalTypeFilter, type Thoughts } from '../journal/types.js';
import { SubArgs } from './args.js';

export const JOURNAL_USAGE = `Usage:
  journal search "QUERY" [--type project|user|both] [--sections a,b] [--limit N] [--json]
  journal recent [--limit N] [--type project|user|both] [--days N] [--json]
  journal read PATH [--json]
  journal write --technical-insights "…" [--reflections "…"] [--observations "…"] [--project-notes "…"]
                [--user-context "…"] [--world-knowledge "…"] [--feelings "…"] [--json]`;

const WRITE_FLAGS: ReadonlyArray<[string, keyof Thoughts]> = [
  ['--reflections', 'reflections'],
  ['--observations', 'observations'],
  ['--project-notes', 'project_notes'],
  ['--user-context', 'user_context'],
  ['--technical-insights', 'technical_insights'],
  ['--world-knowledge', 'world_knowledge'],
  ['--feelings', 'feelings'],
];

function typeFlag(a: SubArgs): JournalTypeFilter | undefined {
  const v = a.get('--type');
  if (v === undefined) return undefined;
  if (!(JOURNAL_TYPE_FILTERS as readonly string[]).includes(v)) throw new UsageError(`--type must be project, user or both, got "${v}"`);
  return v as JournalTypeFilter;
}

const shortDate = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

/** Why there is no journal index, if there is none; said on stderr for text output (JSON carries it). */
function noteOnStderr(journal: JournalService, json: boolean): string | undefined {
  const note = journal.indexNote();
  if (note !== undefined && !json) console.error(`note: ${note}`);
  return note;
}

export async function runJournalCommand(args: string[], config: Config, out: (s: string) => void, logger: Logger = silentLogger): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    out(JOURNAL_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const journal = new JournalService(config, logger, { watch: false, reconcileMs: 0 });
  try {
    switch (sub) {
      case 'search': {
        const a = new SubArgs(rest, ['--type', '--sections', '--limit'], ['--json']);
        const query = a.positionals.join(' ').trim();
        if (query === '') throw new UsageError(`journal search needs a query, e.g. journal search "async error handling"\n${JOURNAL_USAGE}`);
        const opts: { limit: number; type?: JournalTypeFilter; sections?: string[] } = { limit: a.int('--limit', 1, 1000) ?? 10 };
        const type = typeFlag(a);
        if (type) opts.type = type;
        const sections = a
          .all('--sections')
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (sections.length > 0) opts.sections = sections;
        journal.start();
        await journal.whenReady();
        const { results, indexed } = await journal.search(query, opts);
        const indexNote = noteOnStderr(journal, a.has('--json'));
        if (a.has('--json')) {
          out(JSON.stringify({ results, indexed, ...(indexNote !== undefined ? { indexNote } : {}) }, null, 2));
        } else if (results.length === 0) {
          out(`No entries match "${query}".`);
        } else {
          out(
            results
              .map(
                (r, i) =>
                  `${i + 1}. [${r.score.toFixed(2)}] ${shortDate(r.date)} (${r.type}) ${r.sections.join(', ')}\n   ${r.path}\n   ${r.excerptSection ? `[${r.excerptSection}] ` : ''}${r.excerpt}`,
              )
              .join('\n\n'),
          );
        }
        return 0;
      }
      case 'recent': {
        const a = new SubArgs(rest, ['--type', '--limit', '--days'], ['--json']);
        if (a.positionals.length > 0) throw new UsageError(`journal recent takes no arguments besides its options, got "${a.positionals.join(' ')}"`);
        const opts: { limit: number; days: number; type?: JournalTypeFilter } = { limit: a.int('--limit', 1, 1000) ?? 10, days: a.int('--days', 1, 36500) ?? 30 };
        const type = typeFlag(a);
        if (type) opts.type = type;
        const entries = await journal.listRecent(opts);
        const indexNote = noteOnStderr(journal, a.has('--json'));
        if (a.has('--json')) out(JSON.stringify({ entries, days: opts.days, indexed: indexNote === undefined, ...(indexNote !== undefined ? { indexNote } : {}) }, null, 2));
        else if (entries.length === 0) out(`No entries in the last ${opts.days} days.`);
        else out(entries.map((e, i) => `${i + 1}. ${shortDate(e.date)} (${e.type}) ${e.sections.join(', ')}\n   ${e.path}\n   ${e.excerpt}`).join('\n\n'));
        return 0;
      }
      case 'read': {
        const a = new SubArgs(rest, [], ['--json']);
        const [p, ...extra] = a.positionals;
        if (p === undefined || extra.length > 0) throw new UsageError(`journal read needs exactly one entry path\n${JOURNAL_USAGE}`);
        const entry = await journal.read(p);
        out(a.has('--json') ? JSON.stringify(entry, null, 2) : entry.content);
        return 0;
      }
      case 'write': {
        const a = new SubArgs(
          rest,
          WRITE_FLAGS.map(([f]) => f),
          ['--json'],
        );
        if (a.positionals.length > 0) throw new UsageError(`journal write takes its text in options (e.g. --technical-insights "…"), got "${a.positionals.join(' ')}"`);
        const thoughts: Thoughts = {};
        for (const [flag, field] of WRITE_FLAGS) {
          const v = a.all(flag);
          if (v.length > 0) thoughts[field] = v.join('\n\n');
        }
        if (!Object.values(thoughts).some((v) => typeof v === 'string' && v.trim() !== '')) {
          throw new UsageError(`journal write needs at least one non-empty section, e.g. --technical-insights "…"\n${JOURNAL_USAGE}`);
        }
        const written = await journal.write(thoughts);
        const indexNote = noteOnStderr(journal, a.has('--json'));
        out(
          a.has('--json')
            ? JSON.stringify({ written, indexed: indexNote === undefined, ...(indexNote !== undefined ? { indexNote } : {}) }, null, 2)
            : written.map((w) => `wrote ${w.path} (${w.type}: ${w.sections.join(', ')})`).join('\n'),
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown journal command "${sub}"\n${JOURNAL_USAGE}`);
    }
  } finally {
    await journal.close();
  }
}
