import type { ContractMembers } from '@vpp-host/api';
import type { AppleVppClient } from '../api/client.js';
import type { AppleNotifications, CatalogReader, Distribution, HoldingsRegistry, Invitations, LocationSettingsService, SyncService, TokenService } from '../api/index.js';

// The members of each service the plugin exports: its facade (contractFacade) carries these and nothing else.

export const TOKEN_SERVICE_MEMBERS: ContractMembers<TokenService> = {
  list: true, get: true, require: true, add: true, renew: true, rename: true, takeOver: true, delete: true, checkHealth: true,
  clientFor: true, onDidChangeTokenHealth: true, onDidChangeTokens: true,
};

export const SYNC_SERVICE_MEMBERS: ContractMembers<SyncService> = { sync: true, state: true, onDidSyncToken: true, onDidBecomeCatalogReady: true };

export const CATALOG_READER_MEMBERS: ContractMembers<CatalogReader> = {
  assets: true, asset: true, assignments: true, assignmentsOfAsset: true, users: true, user: true, userByInviteCode: true,
  untracked: true, onDidChangeAssetCount: true,
};

export const LOCATION_SETTINGS_MEMBERS: ContractMembers<LocationSettingsService> = {
  get: true, update: true, publications: true, publish: true, isPublished: true, onDidChangeLocationSettings: true,
};

export const HOLDINGS_REGISTRY_MEMBERS: ContractMembers<HoldingsRegistry> = { track: true, untrack: true, isTracked: true };

export const APPLE_NOTIFICATIONS_MEMBERS: ContractMembers<AppleNotifications> = {
  onDidApplyNotification: true, onDidAssociateUser: true, onDidCompleteAppleEvent: true,
};

export const DISTRIBUTION_MEMBERS: ContractMembers<Distribution> = {
  listAssignments: true, getAssignment: true, licenseHolders: true, assign: true, approve: true, updateAssignment: true, removeAssignment: true, previewMembership: true, revoke: true, reclaimable: true, reclaim: true, onDidAssignLicense: true, onDidReleaseLicense: true,
  onDidQueueHolder: true, onDidServeHolder: true, onDidChangeQueue: true,
};

export const INVITATIONS_MEMBERS: ContractMembers<Invitations> = {
  invite: true, resend: true, retire: true, enrolment: true, list: true, onDidChangeEnrolment: true, onDidAcceptInvitation: true,
};

export const APPLE_CLIENT_MEMBERS: ContractMembers<AppleVppClient> = {
  onDidDetectMdmConflict: true, getServiceConfig: true, getLimits: true, getClientConfig: true, setClientConfig: true,
  claimLocation: true, getAssets: true, getAssignments: true, getUsers: true, getEventStatus: true, postAssociate: true,
  postDisassociate: true, postRevoke: true, postCreateUsers: true, postUpdateUsers: true, postRetireUsers: true,
  lookupMetadata: true, associate: true, disassociate: true, revoke: true, createUsers: true, updateUsers: true,
  retireUsers: true, walkAssignments: true, walkUsers: true, walkAssets: true, waitForEvent: true, waitForEvents: true,
  notifyEvent: true,
};
