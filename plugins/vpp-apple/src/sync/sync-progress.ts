import type { Said } from '@vpp-host/api';
import type { SyncProgress } from '../../api/index.js';
import { saidAsLabel } from '../said-text.js';

/**
 * Counts requests as steps. The total starts at the steps every sync takes (the token check and one page of
 * assets, assignments and users) and grows as walks learn their page counts.
 */
export class SyncProgressCounter {
  private done = 0;
  private total = 4;

  constructor(private readonly report: (progress: SyncProgress) => void) {}

  get requests(): number {
    return this.done;
  }

  expect(steps: number): void {
    this.total += steps;
  }

  step(said: Said): void {
    this.done++;
    this.total = Math.max(this.total, this.done);
    this.report({ done: this.done, total: this.total, ...saidAsLabel(said) });
  }
}
