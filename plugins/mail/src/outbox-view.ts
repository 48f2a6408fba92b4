import type { CommandTable } from '@vpp-host/api';
import type { OutboxMessage } from '@vpp-host/plugins/mail/api';

export type OutboxSummary = Omit<OutboxMessage, 'html' | 'text'>;

/** A message without its bodies, for lists. */
export function summarize(message: OutboxMessage): OutboxSummary {
  const { html: _html, text: _text, ...summary } = message;
  return summary;
}

export function outboxTable(messages: readonly OutboxMessage[]): CommandTable {
  return {
    columns: ['id', 'state', 'to', 'template', 'lang', 'attempts', 'updated', 'next attempt', 'last error'],
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
