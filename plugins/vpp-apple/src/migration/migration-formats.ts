import { BadInputError, ContributionProvider, inject, injectable, saying } from '@vpp-host/api';
import { MigrationFormatContribution } from '../../api/index.js';

/** The bundle formats every running plugin contributes (vpp-apple's own `native` among them), asked at each use. */
@injectable()
export class MigrationFormats {
  constructor(@inject(ContributionProvider) private readonly contributions: ContributionProvider) {}

  require(id: string): MigrationFormatContribution {
    const formats = this.all();
    const format = formats.find((candidate) => candidate.id === id);
    if (!format) {
      const [given, known] = [id.slice(0, 80), formats.map((f) => f.id).join(', ')];
      throw saying(new BadInputError(`No migration format "${given}"; known formats: ${known}`, { format: id }), 'vpp.migration.unknown-format', { format: given, known });
    }
    return format;
  }

  private all(): MigrationFormatContribution[] {
    return this.contributions.get<MigrationFormatContribution>(MigrationFormatContribution).map(({ contribution }) => contribution);
  }
}
