import { inject, injectable, optionValues, phrase, saidAsText, requiredArgument, type CommandContribution, type CommandHandler, type CommandInput, type CommandTable, type Said } from '@vpp-host/api';
import type { CatalogPublication, LocationSettings, Publication } from '../../api/index.js';
import { policyOption, stringOption } from '../distribution/distribution-input.js';
import { LocationSettingsServiceImpl } from './location-service.js';
import { COLUMN } from '../command-columns.js';


/** `--restrict-to-group ID` (repeatable); `none` alone lifts the restriction; absent: unchanged. */
function groupsOption(input: CommandInput): string[] | undefined {
  const values = optionValues(input, 'restrict-to-group');
  return values?.length === 1 && values[0] === 'none' ? [] : values;
}

function settingsText(name: string, settings: LocationSettings): Said {
  const policy = Object.keys(settings.defaultPolicy).length > 0 ? JSON.stringify(settings.defaultPolicy) : phrase('the core defaults', 'vpp.location.core-defaults');
  const groups = settings.licenseRestrictedToUserGroups.join(', ');
  const restriction = groups ? phrase(`members of ${groups} only`, 'vpp.location.members-only', { groups }) : phrase('anyone targeted', 'vpp.location.anyone');
  const english = `${name}: catalog publishes ${settings.publication}; new assignments start from ${typeof policy === 'string' ? policy : policy.message}; licenses go to ${restriction.message}.`;
  return phrase(english, 'vpp.location.settings', { token: name, publication: settings.publication, policy, restriction });
}

function publicationTable(publications: readonly Publication[]): CommandTable {
  return {
    columns: [COLUMN.item, COLUMN.adamId, COLUMN.added, COLUMN.by, COLUMN.status, COLUMN.comment],
    rows: publications.map((p) => [p.itemId, p.adamId, p.addedAt, p.addedBy, p.status, p.comment ?? '']),
  };
}

/** `vpp-host location show|set|publications` and `vpp-host catalog publish`, each with `--json`. */
@injectable()
export class LocationCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(LocationSettingsServiceImpl) locations: LocationSettingsServiceImpl) {
    this.commands = [
      {
        id: 'location.show',
        run: async (input) => {
          const token = requiredArgument(input, 'token');
          const settings = locations.get(token);
          return { data: settings, ...saidAsText(settingsText(token, settings)) };
        },
      },
      {
        id: 'location.set',
        run: async (input, context) => {
          const token = requiredArgument(input, 'token');
          const publication = stringOption(input, 'publication');
          const defaultPolicy = policyOption(input, 'default-policy');
          const groups = groupsOption(input);
          const reason = stringOption(input, 'reason');
          const settings = await locations.update(
            token,
            {
              ...(publication ? { publication: publication as CatalogPublication } : {}),
              ...(defaultPolicy !== undefined ? { defaultPolicy: defaultPolicy as LocationSettings['defaultPolicy'] } : {}),
              ...(groups ? { licenseRestrictedToUserGroups: groups } : {}),
              ...(reason ? { reason } : {}),
            },
            context.principal,
          );
          return { data: settings, ...saidAsText(settingsText(token, settings)) };
        },
      },
      {
        id: 'location.publications',
        run: async (input) => {
          const publications = locations.publications(requiredArgument(input, 'token'));
          return { data: publications, table: publicationTable(publications), ...(publications.length === 0 ? saidAsText(phrase('Nothing was added to the catalog for this location.', 'vpp.location.no-publications')) : {}) };
        },
      },
      {
        id: 'catalog.publish',
        run: async (input, context) => {
          const publication = await locations.publish(requiredArgument(input, 'item'), context.principal);
          return { data: publication, table: publicationTable([publication]), ...saidAsText(phrase(`${publication.itemId} is in the catalog.`, 'vpp.location.published', { item: publication.itemId })) };
        },
      },
    ];
  }
}
