// A small leveled logger on stderr: one line per event, never a secret or a password.
import type { LogLevel } from './config';

const order: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

export interface Logger {
  error(message: string, cause?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
}

export function createLogger(level: LogLevel): Logger {
  const on = (l: LogLevel) => order[l] <= order[level];
  return {
    error(message, cause) {
      if (!on('error')) return;
      console.error(`[error] ${message}`, cause instanceof Error ? (cause.stack ?? cause.message) : (cause ?? ''));
    },
    warn(message) {
      if (on('warn')) console.error(`[warn] ${message}`);
    },
    info(message) {
      if (on('info')) console.error(`[info] ${message}`);
    },
  };
}
