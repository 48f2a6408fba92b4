import type { CommandTable } from '@vpp-host/api';
import type { OutboxMessage } from '@vpp-host/plugins/mail/api';
import { COLUMN } from './command-columns.js';

export type OutboxSummary = Omit<OutboxMessage, 'html' | 'text'>;

/** A message without its bodies, for lists. */
export function summarize(message: OutboxMessage): OutboxSummary {
  const { html: _html, text: _text, ...summary } = message;
  return summary;
}

export function outboxTable(messages: readonly OutboxMessage[]): CommandTable {
  return {
    columns: [COLUMN.id, COLUMN.state, COLUMN.to, COLUMN.template, COLUMN.lang, COLUMN.attempts, COLUMN.updated, COLUMN.nextAttempt, COLUMN.lastError],
    rows: messages.map((m) => [
      m.id,
      m.state,
      m.to.address,
      m.templateId,
      m.language,
      m.attempts,
      m.updatedAt,
      m.nextAttemptAt ?? '',
      m.lastError ? `${m.lastError.kind}: ${m.lastError.response ?? m.lastError.message}` : '',
    ]),
  };
}
