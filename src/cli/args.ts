/** Command-line parsing: global flags (valid for every subcommand) are taken out; the rest goes to the subcommand. */
import type { FlagValues } from '../config.js';
import { UsageError } from '../errors.js';
import type { LogLevel } from '../logger.js';

export interface GlobalArgs {
  flags: FlagValues;
  logLevel: LogLevel;
  help: boolean;
  version: boolean;
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
    } else if (name === '--log-level') {
      const v = value() as LogLevel;
      if (!LOG_LEVELS.includes(v)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
      out.logLevel = v;
    } else if (name === '--verbose' || name === '-v') {
      out.logLevel = 'info';
    } else if (name === '--help' || name === '-h') {
      out.help = true;
    } else if (name === '--version' || name === '-V') {
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
        throw new UsageError(`unknown option ${name} (see --help)`);
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
