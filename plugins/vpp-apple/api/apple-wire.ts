/** The JSON shapes of Apple's Apps and Books API v2, as the reference documents them. */

export type PricingParam = 'STDQ' | 'PLUS';
export type ProductType = 'App' | 'Book';
export type Platform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS' | 'visionOS';
export type UserStatus = 'Registered' | 'Associated' | 'Retired';
export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED';
export type AssetEventType = 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE';
export type UserEventType = 'CREATE' | 'UPDATE' | 'RETIRE';
export type EventType = AssetEventType | UserEventType;
export type NotificationType =
  | 'TEST_NOTIFICATION'
  | 'ASSET_MANAGEMENT'
  | 'USER_MANAGEMENT'
  | 'USER_ASSOCIATED'
  | 'ASSET_COUNT'
  | 'SUBSCRIPTION_MANAGEMENT'
  | 'SUBSCRIPTION_COUNT'
  | 'UNLIMITED_ASSET';

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'TEST_NOTIFICATION',
  'ASSET_MANAGEMENT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
  'ASSET_COUNT',
  'SUBSCRIPTION_MANAGEMENT',
  'SUBSCRIPTION_COUNT',
  'UNLIMITED_ASSET',
];

export interface AssetKey {
  adamId: string;
  pricingParam: PricingParam;
}

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

export interface ErrorInfo {
  assets?: AssetKey[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface ErrorResponse {
  errorNumber: number;
  errorMessage: string;
  errorInfo?: ErrorInfo;
}

/** Fields every authenticated success response carries. */
export interface LocationFields {
  uId: string;
  tokenExpirationDate?: string;
  mdmInfo?: MdmInfo;
}

export interface ServiceLimits {
  maxAssets: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxRevokeClientUserIds: number;
  maxRevokeSerialNumbers: number;
  maxUsers: number;
  maxNotificationLength: number;
  maxMdmNameLength: number;
  maxMdmIdLength: number;
  maxMdmMetadataLength: number;
  maxRequestPerSecond: number;
  maxSubscriptions: number;
  maxSubscriptionClientUserIds: number;
}

export interface ServiceConfigResponse {
  errorCodes: ErrorResponse[];
  limits: ServiceLimits;
  notificationTypes: NotificationType[];
  urls: Record<string, string>;
}

export interface ClientConfigRequest {
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes?: NotificationType[];
}

export interface ClientConfigResponse extends LocationFields {
  countryISO2ACode: string;
  defaultPlatform: 'volumestore' | 'enterprisestore';
  locationName: string;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: NotificationType[];
  websiteURL: string;
}

export interface ResponseAsset extends AssetKey {
  productType: ProductType;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
  totalCount: number;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: Platform[];
}

/** Exactly one of clientUserId and serialNumber is set. */
export interface Assignment extends AssetKey {
  clientUserId?: string;
  serialNumber?: string;
}

export interface ResponseUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
}

export interface PageFields extends LocationFields {
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
  versionId: string;
}

export interface GetAssetsResponse extends PageFields {
  assets: ResponseAsset[];
  unlimitedAssets?: ResponseAsset[];
}

export interface GetAssignmentsResponse extends PageFields {
  assignments: Assignment[];
}

export interface GetUsersResponse extends PageFields {
  users: ResponseUser[];
}

export interface GetAssetsQuery {
  pageIndex?: number;
  productType?: ProductType;
  pricingParam?: PricingParam;
  revocable?: boolean;
  deviceAssignable?: boolean;
  minAvailableCount?: number;
  maxAvailableCount?: number;
  minAssignedCount?: number;
  maxAssignedCount?: number;
  adamId?: string;
}

export interface GetAssignmentsQuery {
  pageIndex?: number;
  sinceVersionId?: string;
  adamId?: string;
  clientUserId?: string;
  serialNumber?: string;
  pricingParam?: PricingParam;
}

export interface GetUsersQuery {
  pageIndex?: number;
  sinceVersionId?: string;
  clientUserId?: string;
  activeOnly?: boolean;
  retiredOnly?: boolean;
}

export interface ManageAssetsRequest {
  assets: Array<{ adamId: string; pricingParam?: PricingParam }>;
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface RevokeAssetsRequest {
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface ManageUsersRequest {
  users: RequestUser[];
}

export interface RetireUsersRequest {
  users: Array<{ clientUserId: string }>;
}

export interface EventResponse extends LocationFields {
  eventId: string;
}

export interface StatusResponse extends LocationFields {
  eventStatus: EventStatus;
  eventType: EventType;
  numCompleted: number;
  numRequested: number;
  failures?: ErrorResponse[];
}

export interface AssetManagementPayload {
  type: AssetEventType;
  result: 'SUCCESS' | 'FAILURE';
  eventId: string;
  assignments: Assignment[];
  error?: ErrorResponse;
}

export interface UserManagementPayload {
  type: UserEventType;
  result: 'SUCCESS' | 'FAILURE';
  eventId: string;
  users: ResponseUser[];
  error?: ErrorResponse;
}

export interface UserAssociatedPayload {
  associatedUsers: ResponseUser[];
}

export interface AssetCountPayload extends AssetKey {
  countDelta: number;
}

/** The body Apple POSTs to the MDM's notification URL. */
export type NotificationBody = { notificationId: string; uId: string } & (
  | { notificationType: 'TEST_NOTIFICATION'; notification: Record<string, never> }
  | { notificationType: 'ASSET_MANAGEMENT'; notification: AssetManagementPayload }
  | { notificationType: 'USER_MANAGEMENT'; notification: UserManagementPayload }
  | { notificationType: 'USER_ASSOCIATED'; notification: UserAssociatedPayload }
  | { notificationType: 'ASSET_COUNT'; notification: AssetCountPayload }
);

/** One item of the content metadata lookup (`urls.contentMetadataLookup`); only the fields the product reads. */
export interface ContentLookupItem {
  id?: string;
  name: string;
  artistName?: string;
  /** e.g. `software`, `mac-software`, `ebook`. */
  kind?: string;
  bundleId?: string;
  /** `url` is a template: `{w}x{h}{c}.{f}` (width, height, crop and format). */
  artwork?: { url: string; width?: number; height?: number };
}

/** Items by adamId; ids the store does not know are absent. */
export interface ContentLookupResponse {
  results: Record<string, ContentLookupItem>;
}
