import type { CommandProgress, CommandResult } from '../api/commands.js';
import type { CommandStreamLine, ErrorBody } from './command-protocol.js';
import type { ProgressThrottle } from './progress-throttle.js';

/**
 * Runs a command and streams its progress, then its result or error, as NDJSON lines. The stream is opened before
 * the command starts, so a long command shows progress at once.
 */
export function commandStream(
  run: (progress: (progress: CommandProgress) => void) => Promise<CommandResult>,
  throttle: ProgressThrottle,
  toErrorBody: (error: unknown) => ErrorBody,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (line: CommandStreamLine): void => {
        // The client may have gone away; the command still runs to its end, its output is dropped.
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      const progress = (p: CommandProgress): void => {
        if (throttle.admit(p)) send({ type: 'progress', done: p.done, total: p.total, ...(p.label !== undefined ? { label: p.label } : {}) });
      };
      // Not awaited: the reader gets lines while the command runs.
      void (async () => {
        try {
          send({ type: 'result', result: await run(progress) });
        } catch (error) {
          send({ type: 'error', error: toErrorBody(error) });
        }
        if (open) controller.close();
        open = false;
      })();
    },
    cancel() {
      open = false;
    },
  });
}
