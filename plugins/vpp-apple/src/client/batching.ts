/** Splits work into the fewest requests Apple's limits allow. */

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Batch size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}

export function unique<T>(items: readonly T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface TargetBatch {
  readonly clientUserIds: string[];
  readonly serialNumbers: string[];
}

/**
 * Pairs user and device chunks in the same request (Apple accepts both arrays together), so the count is
 * max(ceil(users / maxUsers), ceil(serials / maxSerials)).
 */
export function batchTargets(
  clientUserIds: readonly string[],
  serialNumbers: readonly string[],
  maxClientUserIds: number,
  maxSerialNumbers: number,
): TargetBatch[] {
  const users = chunk(clientUserIds, maxClientUserIds);
  const serials = chunk(serialNumbers, maxSerialNumbers);
  const count = Math.max(users.length, serials.length);
  return Array.from({ length: count }, (_, i) => ({ clientUserIds: users[i] ?? [], serialNumbers: serials[i] ?? [] }));
}
