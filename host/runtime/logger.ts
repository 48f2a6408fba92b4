import type { LogFields, Logger } from '../api/logger.js';
import type { Redactor } from './redactor.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogLine {
  readonly at: string;
  readonly level: LogLevel;
  readonly source: string;
  readonly message: string;
  readonly fields?: LogFields;
}

export type LogSink = (line: LogLine) => void;

/** Writes one JSON object per line to stderr, the default for a running host. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${JSON.stringify(line)}\n`);
};

export interface LogOptions {
  readonly sink: LogSink;
  readonly level: LogLevel;
  readonly redactor: Redactor;
  readonly now: () => Date;
}

export class HostLogger implements Logger {
  constructor(
    private readonly source: string,
    private readonly options: LogOptions,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  child(scope: string): Logger {
    return new HostLogger(`${this.source}/${scope}`, this.options);
  }

  private write(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVELS[level] < LEVELS[this.options.level]) return;
    const { redactor } = this.options;
    this.options.sink({
      at: this.options.now().toISOString(),
      level,
      source: this.source,
      message: redactor.text(message),
      ...(fields ? { fields: redactor.fields(fields) } : {}),
    });
  }
}
