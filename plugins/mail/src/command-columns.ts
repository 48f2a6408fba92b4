import { phrase } from '@vpp-host/api';

/** The headers of the CLI's tables, said in the reader's language. */
export const COLUMN = {
  id: phrase('id', 'mail.column.id'),
  state: phrase('state', 'mail.column.state'),
  to: phrase('to', 'mail.column.to'),
  template: phrase('template', 'mail.column.template'),
  lang: phrase('lang', 'mail.column.language'),
  attempts: phrase('attempts', 'mail.column.attempts'),
  updated: phrase('updated', 'mail.column.updated'),
  nextAttempt: phrase('next attempt', 'mail.column.next-attempt'),
  lastError: phrase('last error', 'mail.column.last-error'),
  received: phrase('received', 'mail.column.received'),
  subject: phrase('subject', 'mail.column.subject'),
  messageId: phrase('message id', 'mail.column.message-id'),
} as const;
