import { phrase } from '@vpp-host/api';

/** The headers of the CLI's tables, as MaaS360 names them, said in the reader's language. */
export const COLUMN = {
  name: phrase('name', 'maas360.column.name'),
  status: phrase('status', 'maas360.column.status'),
  region: phrase('region', 'maas360.column.region'),
  autoAdd: phrase('auto-add', 'maas360.column.auto-add'),
  removeAppOn: phrase('remove app on', 'maas360.column.remove-app-on'),
  revokeLicenseOn: phrase('revoke license on', 'maas360.column.revoke-license-on'),
  backup: phrase('backup', 'maas360.column.backup'),
  approval: phrase('approval', 'maas360.column.approval'),
  groups: phrase('groups', 'maas360.column.groups'),
  itunesAppId: phrase('iTunes app ID', 'maas360.column.itunes-app-id'),
  appName: phrase('app name', 'maas360.column.app-name'),
  totalLicense: phrase('total license', 'maas360.column.total-license'),
  availableLicense: phrase('available license', 'maas360.column.available-license'),
  addedTime: phrase('added time', 'maas360.column.added-time'),
  autoAppAdditionStatus: phrase('auto app addition status', 'maas360.column.auto-app-addition-status'),
  comments: phrase('comments', 'maas360.column.comments'),
} as const;
