import { timingSafeEqual } from 'node:crypto';
import { BadInputError, Clock, type Entity, inject, injectable, Logger, type Repository, route, type RouteContribution, type RouteDefinition, Storage, UnauthorizedError, z } from '@vpp-host/api';
import type { NotificationBody } from '../client/index.js';
import { TokenStore } from '../tokens/token-store.js';
import { NotificationApplier } from './notification-applier.js';

const HANDLED = ['TEST_NOTIFICATION', 'ASSET_COUNT', 'ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED'] as const;

const NotificationEnvelope = z.looseObject({
  notificationId: z.string().min(1).max(200),
  notificationType: z.string().min(1),
  uId: z.string().min(1),
  notification: z.record(z.string(), z.unknown()),
});

interface SeenNotification extends Entity {
  readonly tokenId: string;
  readonly at: string;
}

/** Apple retries a notification for minutes; ids older than this are dropped at start. */
const REMEMBER_NOTIFICATION_MS = 30 * 24 * 3600_000;

/**
 * Apple's webhook: `POST /api/plugins/vpp-apple/notifications/:tokenId`, checked against the token's own bearer
 * secret, applied once per notificationId (Apple delivers at least once, sometimes twice).
 */
@injectable()
export class NotificationRoutes implements RouteContribution {
  readonly routes: RouteDefinition<unknown, unknown>[];
  private seen!: Repository<SeenNotification>;
  private readonly inFlight = new Set<string>();

  constructor(
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(NotificationApplier) private readonly applier: NotificationApplier,
    @inject(Storage) private readonly storage: Storage,
    @inject(Logger) private readonly logger: Logger,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.routes = [
      route({
        method: 'POST',
        path: '/notifications/:tokenId',
        summary: "Apple's notifications for one location (bearer: the location's notification secret)",
        access: 'public',
        body: NotificationEnvelope,
        handle: async ({ params, headers, body }) => this.receive(params.tokenId!, headers, body as unknown as NotificationBody),
      }),
    ];
  }

  async open(): Promise<void> {
    this.seen = await this.storage.collection<SeenNotification>('seen-notifications', { expectedSize: 100_000 });
  }

  /** Forgets notifications older than Apple would send again (the active host does it at its start). */
  async forgetOld(): Promise<void> {
    const oldest = new Date(this.clock.now().getTime() - REMEMBER_NOTIFICATION_MS).toISOString();
    await this.seen.deleteMany(this.seen.find((n) => n.at < oldest).map((n) => n.id));
  }

  private async receive(tokenId: string, headers: Headers, body: NotificationBody): Promise<{ ignored?: true; duplicate?: true; applied?: true }> {
    this.checkBearer(tokenId, headers.get('authorization'));
    const token = this.store.get(tokenId);
    // Before a token is stored, Apple's configuration test is the only notification it can receive.
    if (!token && body.notificationType !== 'TEST_NOTIFICATION') throw new UnauthorizedError('Unknown location');
    if (token && body.uId !== token.uId) throw new BadInputError(`The notification is for location ${body.uId}, not this token's`);
    if (!HANDLED.includes(body.notificationType)) return { ignored: true };
    if (this.seen.has(body.notificationId) || this.inFlight.has(body.notificationId)) return { duplicate: true };
    this.inFlight.add(body.notificationId);
    try {
      await this.applier.apply(tokenId, body);
      await this.seen.put({ id: body.notificationId, tokenId, at: this.clock.now().toISOString() });
    } finally {
      this.inFlight.delete(body.notificationId);
    }
    this.logger.debug('Apple notification applied', { kind: body.notificationType, notificationId: body.notificationId });
    return { applied: true };
  }

  private checkBearer(tokenId: string, authorization: string | null): void {
    const expected = this.store.notificationSecret(tokenId);
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!expected || !given || !constantTimeEqual(given, expected)) throw new UnauthorizedError('Missing or wrong notification bearer token');
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
