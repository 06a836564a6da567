/** Command-line parsing: global flags (valid for every subcommand) are taken out; the rest goes to the subcommand. */
import type { FlagValues } from '../app/config.js';
import { distance } from 'fastest-levenshtein';
import { UsageError } from '../shared/errors.js';
import type { LogLevel } from '../shared/logger.js';

export interface GlobalArgs {
  flags: FlagValues;
  logLevel: LogLevel;
  help: boolean;
  version: boolean;
  /** Server mode restricted to one part (`--only journal`: the reference private-journal tools only). */
  only?: 'journal';
  /** Subcommand and its own arguments, in order. */
  rest: string[];
}

const LIST_FLAGS: Record<string, 'agents' | 'sharedPrompts' | 'allowedHost' | 'projectRoot'> = {
  '--agents': 'agents',
  '--shared-prompts': 'sharedPrompts',
  '--allowed-host': 'allowedHost',
  '--project-root': 'projectRoot',
};
type StringFlag = 'journal' | 'userJournal' | 'project' | 'cacheDir' | 'host' | 'token' | 'agentTools' | 'agentToolsMax' | 'runner' | 'runnerCommand' | 'runnerTimeout' | 'samplingMaxTokens';
const STRING_FLAGS: Record<string, StringFlag> = {
  '--journal': 'journal',
  '--user-journal': 'userJournal',
  '--project': 'project',
  '--cache-dir': 'cacheDir',
  '--host': 'host',
  '--token': 'token',
  '--agent-tools': 'agentTools',
  '--agent-tools-max': 'agentToolsMax',
  '--runner': 'runner',
  '--runner-command': 'runnerCommand',
  '--runner-timeout': 'runnerTimeout',
  '--sampling-max-tokens': 'samplingMaxTokens',
};
const BOOLEAN_FLAGS: Record<string, (f: FlagValues) => void> = {
  '--no-user': (f) => (f.noUser = true),
  '--no-bundled': (f) => (f.noBundled = true),
  '--no-watch': (f) => (f.noWatch = true),
  '--no-cache': (f) => (f.noCache = true),
  '--semantic': (f) => (f.semantic = true),
  '--no-semantic': (f) => (f.semantic = false),
  '--http': (f) => (f.http = true),
};
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error'];
const OTHER_GLOBAL_FLAGS = ['--only', '--port', '--log-level', '--verbose', '--help', '-h', '--version', '-v', '-V'];

/** Every global flag (valid before or after any subcommand). */
export const GLOBAL_FLAGS: readonly string[] = [...Object.keys(LIST_FLAGS), ...Object.keys(STRING_FLAGS), ...Object.keys(BOOLEAN_FLAGS), ...OTHER_GLOBAL_FLAGS];

/** Flags of `known` closest to `name` when a typo away (a few edits: --agnets, --josn, --no-users), else none. */
function closeFlags(name: string, known: readonly string[]): string[] {
  const limit = name.length > 10 ? 3 : 2;
  const scored = [...new Set(known)].filter((k) => k.startsWith('--') && k !== name).map((k) => ({ k, d: distance(name.slice(0, 100), k) }));
  const best = Math.min(...scored.map((s) => s.d));
  return best <= limit ? scored.filter((s) => s.d === best).map((s) => s.k).slice(0, 2) : [];
}

/**
 * "unknown option --agnets (did you mean --agents?)": the message for a flag nobody takes. A command's own
 * flags are suggested before the global ones.
 */
export function unknownOption(name: string, own: readonly string[], global: readonly string[] = GLOBAL_FLAGS): UsageError {
  const ownClose = closeFlags(name, own);
  const close = ownClose.length > 0 ? ownClose : closeFlags(name, global);
  const hint = close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : '';
  return new UsageError(`unknown option ${name}${hint}; see --help`);
}

export function parseGlobalArgs(argv: readonly string[]): GlobalArgs {
  const flags: FlagValues = {};
  const out: GlobalArgs = { flags, logLevel: 'warning', help: false, version: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (raw === '--') {
      out.rest.push(...argv.slice(i + 1));
      break;
    }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    if (name in LIST_FLAGS) {
      const key = LIST_FLAGS[name] as 'agents' | 'sharedPrompts' | 'allowedHost' | 'projectRoot';
      (flags[key] ??= []).push(value());
    } else if (name in STRING_FLAGS) {
      flags[STRING_FLAGS[name] as StringFlag] = value();
    } else if (name in BOOLEAN_FLAGS) {
      BOOLEAN_FLAGS[name]?.(flags);
    } else if (name === '--port') {
      const v = value();
      const port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${v}"`);
      flags.port = port;
    } else if (name === '--only') {
      const v = value();
      if (v !== 'journal') throw new UsageError(`--only takes "journal" (the private-journal tools alone), got "${v}"`);
      out.only = v;
    } else if (name === '--log-level') {
      const v = value() as LogLevel;
      if (!LOG_LEVELS.includes(v)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
      out.logLevel = v;
    } else if (name === '--verbose') {
      out.logLevel = 'info';
    } else if (name === '--help' || name === '-h') {
      out.help = true;
    } else if (name === '--version' || name === '-v' || name === '-V') {
      out.version = true;
    } else {
      out.rest.push(raw);
    }
  }
  return out;
}

/** Small helper for subcommands: pull `--name value` / `--name=value` / `--flag` out of their args. */
export class SubArgs {
  readonly positionals: string[] = [];
  private readonly values = new Map<string, string[]>();
  private readonly seen = new Set<string>();

  constructor(args: readonly string[], valueFlags: readonly string[], booleanFlags: readonly string[]) {
    for (let i = 0; i < args.length; i++) {
      const raw = args[i] ?? '';
      if (!raw.startsWith('--') || raw === '--') {
        this.positionals.push(raw);
        continue;
      }
      const eq = raw.indexOf('=');
      const name = eq > 0 ? raw.slice(0, eq) : raw;
      if (valueFlags.includes(name)) {
        let v: string | undefined = eq > 0 ? raw.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        v = String(v);
        const list = this.values.get(name) ?? [];
        list.push(v);
        this.values.set(name, list);
      } else if (booleanFlags.includes(name)) {
        this.seen.add(name);
      } else {
        throw unknownOption(name, [...valueFlags, ...booleanFlags]);
      }
    }
  }

  has(flag: string): boolean {
    return this.seen.has(flag);
  }

  get(flag: string): string | undefined {
    return this.values.get(flag)?.at(-1);
  }

  all(flag: string): string[] {
    return this.values.get(flag) ?? [];
  }

  int(flag: string, min: number, max: number): number | undefined {
    const v = this.get(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${v}"`);
    return n;
  }
}
