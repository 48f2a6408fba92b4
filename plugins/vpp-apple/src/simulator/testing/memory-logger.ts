import type { LogFields, Logger } from '@vpp-host/api';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: LogFields;
}

/** A Logger that keeps its lines, so tests can read what was logged (and prove what never was). */
export class MemoryLogger implements Logger {
  constructor(readonly lines: LogLine[] = []) {}

  debug(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, fields });
  }
  child(): Logger {
    return new MemoryLogger(this.lines);
  }

  get text(): string {
    return this.lines.map((line) => `${line.message} ${JSON.stringify(line.fields ?? {})}`).join('\n');
  }
}
