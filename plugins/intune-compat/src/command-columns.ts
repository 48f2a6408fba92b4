import { phrase } from '@vpp-host/api';

/** The headers of the CLI's tables, said in the reader's language. */
export const COLUMN = {
  id: phrase('ID', 'intune.column.id'),
  intent: phrase('intent', 'intune.column.intent'),
  group: phrase('group', 'intune.column.group'),
  mode: phrase('mode', 'intune.column.mode'),
  settings: phrase('settings', 'intune.column.settings'),
} as const;
