import { WalkUnstableError } from './errors.js';
import type { PageFields } from '../../api/apple-wire.js';
import type { WalkOptions, WalkResult } from '../../api/client.js';

type FetchPage<P> = (pageIndex: number) => Promise<P>;

/** Fetches page 0, then the rest with at most `maxParallel` in flight, restarting when `versionId` moves. */
export class PageWalker {
  constructor(
    private readonly maxParallel: number,
    private readonly maxRestarts: number,
  ) {}

  async walk<P extends PageFields, T>(
    fetchPage: FetchPage<P>,
    itemsOf: (page: P) => T[],
    options: WalkOptions<T>,
  ): Promise<WalkResult> {
    for (let restarts = 0; restarts <= this.maxRestarts; restarts++) {
      const pass = await this.walkOnce(fetchPage, itemsOf, options);
      if (pass.changedTo === undefined) return { ...pass.result, restarts };
      await options.onRestart?.({ fromVersionId: pass.result.versionId, toVersionId: pass.changedTo });
    }
    throw new WalkUnstableError(this.maxRestarts);
  }

  private async walkOnce<P extends PageFields, T>(
    fetchPage: FetchPage<P>,
    itemsOf: (page: P) => T[],
    options: WalkOptions<T>,
  ): Promise<{ result: Omit<WalkResult, 'restarts'>; changedTo?: string }> {
    const first = await fetchPage(0);
    const versionId = first.versionId;
    let pages = 0;
    let items = 0;
    const deliver = async (page: P) => {
      const pageItems = itemsOf(page);
      pages++;
      items += pageItems.length;
      await options.onPage({ items: pageItems, pageIndex: page.currentPageIndex, totalPages: page.totalPages, versionId });
    };
    await deliver(first);

    let next = first.nextPageIndex;
    let end = first.totalPages;
    let changedTo: string | undefined;
    let failed = false;
    const worker = async () => {
      while (next !== undefined && next < end && changedTo === undefined && !failed) {
        const pageIndex = next++;
        try {
          const page = await fetchPage(pageIndex);
          if (changedTo !== undefined || failed) return;
          if (page.versionId !== versionId) {
            changedTo = page.versionId;
            return;
          }
          // nextPageIndex is Apple's stop signal; it wins over a stale totalPages.
          if (page.nextPageIndex === undefined) end = Math.min(end, pageIndex + 1);
          await deliver(page);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const remaining = next === undefined ? 0 : end - next;
    await Promise.all(Array.from({ length: Math.min(this.maxParallel, remaining) }, worker));
    return { result: { versionId, pages, items }, changedTo };
  }
}
