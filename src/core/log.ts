/**
 * A logger is four functions. Libraries take one as an option and default to silence;
 * the CLI passes one that writes to stderr.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const noop = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** One log line, as handed to a sink. */
export interface LogRecord {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
  time: number;
}

/** A logger that hands records at or above `level` to `sink`. */
export function createLogger(sink: (record: LogRecord) => void, level: LogLevel = 'info'): Logger {
  const at =
    (l: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (ORDER[l] < ORDER[level]) return;
      sink(
        fields === undefined
          ? { level: l, message, time: Date.now() }
          : { level: l, message, fields, time: Date.now() },
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Formats a record as one plain text line. */
export function formatLogRecord(record: LogRecord): string {
  const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : '';
  return `${record.level.toUpperCase().padEnd(5)} ${record.message}${fields}`;
}
