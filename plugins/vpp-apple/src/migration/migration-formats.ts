import { BadInputError, ContributionProvider, inject, injectable } from '@vpp-host/api';
import { MigrationFormatContribution } from '../../api/index.js';

/** The bundle formats every running plugin contributes (vpp-apple's own `native` among them), asked at each use. */
@injectable()
export class MigrationFormats {
  constructor(@inject(ContributionProvider) private readonly contributions: ContributionProvider) {}

  require(id: string): MigrationFormatContribution {
    const formats = this.all();
    const format = formats.find((candidate) => candidate.id === id);
    if (!format) throw new BadInputError(`No migration format "${id.slice(0, 80)}"; known formats: ${formats.map((f) => f.id).join(', ')}`, { format: id });
    return format;
  }

  private all(): MigrationFormatContribution[] {
    return this.contributions.get<MigrationFormatContribution>(MigrationFormatContribution).map(({ contribution }) => contribution);
  }
}
