import { createWriteStream, type WriteStream } from 'node:fs';
import type { LogLine, LogSink } from '../runtime/logger.js';
import { PRIVATE_FILE_MODE } from '../storage/private-modes.js';

/** Every line as JSON in the log file; warnings and errors also on stderr, readable, so stdout stays clean. */
export class CliLogSinks {
  private readonly file: WriteStream;

  constructor(
    readonly logFile: string,
    private readonly stderr: NodeJS.WritableStream,
  ) {
    this.file = createWriteStream(logFile, { flags: 'a', mode: PRIVATE_FILE_MODE });
  }

  readonly sink: LogSink = (line) => {
    this.file.write(`${JSON.stringify(line)}\n`);
    if (line.level === 'warn' || line.level === 'error') this.stderr.write(`${readable(line)}\n`);
  };

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }
}

/** `ERROR plugins/mail: Plugin failed to start (error: ...)` on one line. */
function readable(line: LogLine): string {
  const fields = Object.entries(line.fields ?? {})
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  return `${line.level.toUpperCase()} ${line.source}: ${line.message}${fields ? ` (${fields})` : ''}`.replace(/\s*\n\s*/g, ' ');
}
