import type { AssetSpec } from '../../simulator/index.js';

/** The crash test's world: 1,500 enrolled users in one group, 1,000 licenses. */
export const CRASH_ASSET: AssetSpec = { adamId: '700', productType: 'App', totalCount: 1000 };
export const CRASH_USERS: readonly string[] = Array.from({ length: 1500 }, (_, i) => `crew${String(i).padStart(4, '0')}`);
