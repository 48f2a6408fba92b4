import type { MdmInfo } from '../../api/apple-wire.js';

/** Misbehaviours a test (or the demo) can make the simulated service show. */
export type SimulatedFault =
  | { readonly kind: 'token-expired' }
  | { readonly kind: 'token-revoked' }
  /** An unusable token, answered as Apple's table says (401 + 9601) or as seen in practice (200 + 9622). */
  | { readonly kind: 'token-invalid'; readonly httpStatus: 401 | 200 }
  /** 503 + 9729; `retryAfter` is the header's raw value (seconds or an HTTP date). */
  | { readonly kind: 'unavailable'; readonly retryAfter?: string }
  /** 500 + 9603. */
  | { readonly kind: 'internal-error'; readonly retryAfter?: string }
  /** 429 + 9646. */
  | { readonly kind: 'rate-limited'; readonly retryAfter?: string }
  | { readonly kind: 'drop-connection' }
  /** The response carries another MDM's mdmInfo. */
  | { readonly kind: 'foreign-mdm'; readonly mdmInfo: MdmInfo };

export interface FaultScope {
  /** Only requests of this location (default: any). */
  readonly uId?: string;
  /** Only requests whose path below /mdm/v2/ is this, e.g. `assignments`, or `contentMetadataLookup` (default: any). */
  readonly path?: string;
  /** How many matching requests show the fault (default 1). */
  readonly times?: number;
}

interface ArmedFault {
  readonly fault: SimulatedFault;
  readonly scope: FaultScope;
  remaining: number;
}

/** Faults armed for the next matching requests, first armed first served. */
export class FaultSwitchboard {
  private armed: ArmedFault[] = [];

  arm(fault: SimulatedFault, scope: FaultScope = {}): void {
    this.armed.push({ fault, scope, remaining: scope.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  take(uId: string | undefined, path: string): SimulatedFault | undefined {
    const match = this.armed.find(
      ({ scope }) => (scope.uId === undefined || scope.uId === uId) && (scope.path === undefined || scope.path === path),
    );
    if (!match) return undefined;
    if (--match.remaining <= 0) this.armed = this.armed.filter((a) => a !== match);
    return match.fault;
  }
}
