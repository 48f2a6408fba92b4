import { phrase, type CommandProgress, type Said } from '@vpp-host/api';
import type { AppleVppClient, Assignment, CatalogReader, MdmInfo, PricingParam, ProductType, ResponseAsset, ResponseUser, UserStatus, WalkedPage } from '../../api/index.js';
import { appleTargetOfAssignment } from '../distribution/model.js';
import { saidAsLabel } from '../said-text.js';

/** One of Apple's assets at the location, as a plan needs it. */
export interface AppleAsset {
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly productType: ProductType;
  readonly totalCount: number;
}

export interface AppleUser {
  readonly clientUserId: string;
  readonly status: UserStatus;
  readonly email?: string;
  readonly managedAppleId?: string;
}

/**
 * What Apple holds for one location, read live: its identity and who manages it, its assets, every assignment (as
 * `adamId|pricingParam|s:<serial>` or `…|u:<clientUserId>`) and its users. Plan, apply and verify compare a bundle
 * with it.
 */
export interface AppleLocationView {
  readonly uId: string;
  readonly locationName: string;
  readonly mdmInfo?: MdmInfo;
  readonly assets: ReadonlyMap<string, AppleAsset>;
  readonly assignments: ReadonlySet<string>;
  readonly users: ReadonlyMap<string, AppleUser>;
}

export function assetKey(asset: { readonly adamId: string; readonly pricingParam: string }): string {
  return `${asset.adamId}|${asset.pricingParam}`;
}

/** `adamId|pricingParam|s:<serial>` or `…|u:<clientUserId>`: one of Apple's assignments. */
export function appleAssignmentKey(asset: { readonly adamId: string; readonly pricingParam: string }, appleTarget: string): string {
  return `${assetKey(asset)}|${appleTarget}`;
}

type Progress = (progress: CommandProgress) => void;

/**
 * Apple's state read from scratch with a token file's client: client config, then every page of assets,
 * assignments and users, as a full sync reads them (the same requests, at the same rate limit).
 */
export async function walkAppleLocation(client: AppleVppClient, progress: Progress = () => {}): Promise<AppleLocationView> {
  const config = await client.getClientConfig({ skipMdmCheck: true });
  const assets = new Map<string, AppleAsset>();
  const assignments = new Set<string>();
  const users = new Map<string, AppleUser>();
  await walk<ResponseAsset>(phrase("Reading Apple's assets", 'vpp.migration.progress.assets'), progress, (options) => client.walkAssets(options), (asset) => assets.set(assetKey(asset), appleAsset(asset)), () => assets.clear());
  await walk<Assignment>(
    phrase("Reading Apple's assignments", 'vpp.migration.progress.assignments'),
    progress,
    (options) => client.walkAssignments(options),
    (assignment) => assignments.add(appleAssignmentKey(assignment, appleTargetOfAssignment(assignment))),
    () => assignments.clear(),
  );
  await walk<ResponseUser>(phrase("Reading Apple's users", 'vpp.migration.progress.users'), progress, (options) => client.walkUsers(options), (user) => users.set(user.clientUserId, appleUser(user)), () => users.clear());
  return { uId: config.uId, locationName: config.locationName, ...(config.mdmInfo ? { mdmInfo: config.mdmInfo } : {}), assets, assignments, users };
}

/**
 * Apple's state as this host's last sync of a token it holds left it (the caller syncs first: incrementally,
 * with Apple's versionIds, so only the changes since travel).
 */
export function syncedAppleLocation(catalog: CatalogReader, token: { readonly id: string; readonly uId: string; readonly locationName: string }, mdmInfo: MdmInfo | undefined): AppleLocationView {
  const assets = new Map<string, AppleAsset>();
  for (const asset of catalog.assets({ tokenId: token.id, limit: Number.MAX_SAFE_INTEGER }).items) assets.set(assetKey(asset), appleAsset(asset));
  const assignments = new Set<string>();
  for (const assignment of catalog.assignments(token.id)) assignments.add(appleAssignmentKey(assignment, appleTargetOfAssignment(assignment)));
  const users = new Map<string, AppleUser>();
  for (const user of catalog.users(token.id)) users.set(user.clientUserId, appleUser(user));
  return { uId: token.uId, locationName: token.locationName, ...(mdmInfo ? { mdmInfo } : {}), assets, assignments, users };
}

async function walk<T>(
  label: Said,
  progress: Progress,
  run: (options: { onPage: (page: WalkedPage<T>) => void; onRestart: () => void }) => Promise<unknown>,
  take: (item: T) => void,
  restart: () => void,
): Promise<void> {
  let pages = 0;
  await run({
    onPage: (page) => {
      for (const item of page.items) take(item);
      progress({ done: ++pages, total: Math.max(page.totalPages, pages), ...saidAsLabel(label) });
    },
    onRestart: () => {
      pages = 0;
      restart();
    },
  });
}

function appleAsset(asset: Pick<ResponseAsset, 'adamId' | 'pricingParam' | 'productType' | 'totalCount'>): AppleAsset {
  return { adamId: asset.adamId, pricingParam: asset.pricingParam, productType: asset.productType, totalCount: asset.totalCount };
}

function appleUser(user: Pick<ResponseUser, 'clientUserId' | 'status' | 'email' | 'managedAppleId'>): AppleUser {
  return {
    clientUserId: user.clientUserId,
    status: user.status,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.managedAppleId !== undefined ? { managedAppleId: user.managedAppleId } : {}),
  };
}
