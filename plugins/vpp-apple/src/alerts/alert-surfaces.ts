import {
  BadInputError,
  inject,
  injectable,
  phrase,
  respond,
  route,
  saidAsText,
  saying,
  z,
  type CommandContribution,
  type CommandHandler,
  type CommandInput,
  type RouteContribution,
  type Said,
} from '@vpp-host/api';
import { AlertThresholds, type ThresholdScope, type ThresholdView } from './alert-thresholds.js';

const ThresholdBodySchema = z.strictObject({ below: z.number() });

function thresholdTable(thresholds: readonly ThresholdView[]) {
  return { columns: ['ON', 'NAME', 'LOCATION', 'BELOW'], rows: thresholds.map((t) => [t.scope, t.name, t.location, t.below]) };
}

/** `--item ITEM` or `--location TOKEN`, exactly one. */
function scopeOf(input: CommandInput): { scope: ThresholdScope; reference: string } {
  const item = input.options.item;
  const location = input.options.location;
  if ((item === undefined) === (location === undefined) || (item !== undefined && typeof item !== 'string') || (location !== undefined && typeof location !== 'string')) {
    throw saying(new BadInputError('Give either --item ITEM or --location TOKEN'), 'vpp.alert.threshold-on');
  }
  return item !== undefined ? { scope: 'item', reference: item } : { scope: 'location', reference: location as string };
}

export function thresholdSet(threshold: ThresholdView): Said {
  return threshold.scope === 'item'
    ? phrase(`Alert when fewer than ${threshold.below} licenses of ${threshold.name} are free`, 'vpp.alert.threshold-item-set', { item: threshold.name, below: threshold.below })
    : phrase(`Alert when fewer than ${threshold.below} licenses of an app or book of "${threshold.name}" are free`, 'vpp.alert.threshold-location-set', { location: threshold.name, below: threshold.below });
}

/** `vpp-host alerts thresholds [set|clear]`: the low-license thresholds per item and per location. */
@injectable()
export class AlertThresholdCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(AlertThresholds) thresholds: AlertThresholds) {
    this.commands = [
      {
        id: 'alerts.thresholds',
        run: async () => {
          const list = thresholds.list();
          const said = phrase(`${list.length} low-license ${list.length === 1 ? 'threshold' : 'thresholds'}`, 'vpp.alert.thresholds-count', { count: list.length });
          return { data: list, table: thresholdTable(list), ...saidAsText(said) };
        },
      },
      {
        id: 'alerts.thresholds.set',
        run: async (input, { principal }) => {
          const { scope, reference } = scopeOf(input);
          const threshold = await thresholds.set(scope, reference, input.options.below, principal);
          return { data: threshold, ...saidAsText(thresholdSet(threshold)) };
        },
      },
      {
        id: 'alerts.thresholds.clear',
        run: async (input, { principal }) => {
          const { scope, reference } = scopeOf(input);
          const cleared = await thresholds.clear(scope, reference, principal);
          const said = cleared
            ? phrase(`The low-license threshold of ${reference} is removed`, 'vpp.alert.threshold-cleared', { name: reference })
            : phrase(`${reference} had no low-license threshold`, 'vpp.alert.threshold-none', { name: reference });
          return { data: { cleared }, ...saidAsText(said) };
        },
      },
    ];
  }
}

/** `/api/plugins/vpp-apple/alert-thresholds`: list, set and clear thresholds per item and per location. */
@injectable()
export class AlertThresholdRoutes implements RouteContribution {
  readonly routes;

  constructor(@inject(AlertThresholds) thresholds: AlertThresholds) {
    const put = (scope: ThresholdScope, path: string, what: string) =>
      route<{ below: number }>({
        method: 'PUT',
        path,
        summary: `Sets the low-license threshold of ${what}: an alert when fewer licenses are free. A negative threshold, one above the licenses there are, or an unknown ${scope} is refused and nothing changes`,
        access: 'admin',
        body: ThresholdBodySchema,
        handle: async ({ params, body, principal }) => thresholds.set(scope, params.id ?? '', body.below, principal!),
      });
    const remove = (scope: ThresholdScope, path: string, what: string) =>
      route({
        method: 'DELETE',
        path,
        summary: `Removes the low-license threshold of ${what}`,
        access: 'admin',
        handle: async ({ params, principal }) => {
          await thresholds.clear(scope, params.id ?? '', principal!);
          return respond({ status: 204 });
        },
      });
    this.routes = [
      route({ method: 'GET', path: '/alert-thresholds', summary: 'The low-license thresholds per location and per item', access: 'read', handle: async () => thresholds.list() }),
      put('item', '/alert-thresholds/items/:id', 'an app or book (its id, adamId, bundle id or name)'),
      put('location', '/alert-thresholds/locations/:id', 'each app and book of a location (token name or id) with more licenses than it'),
      remove('item', '/alert-thresholds/items/:id', 'an app or book'),
      remove('location', '/alert-thresholds/locations/:id', 'a location'),
    ];
  }
}
