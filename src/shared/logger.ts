/** Logs go to stderr (never stdout: in server mode stdout carries only JSON-RPC). */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export function stderrLogger(level: LogLevel = 'warning', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const min = order[level];
  const emit = (lvl: LogLevel, message: string): void => {
    if (order[lvl] >= min) write(`[agent-catalog-mcp] ${lvl}: ${message}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warning', m),
    error: (m) => emit('error', m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
