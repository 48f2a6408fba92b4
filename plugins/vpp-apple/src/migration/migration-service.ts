import { AuditLog, BadInputError, inject, injectable, saying, type Actor } from '@vpp-host/api';
import { TokenService } from '../../api/index.js';
import { BundleExporter } from './bundle-exporter.js';
import { MigrationFormats } from './migration-formats.js';

/** A passphrase that guards a token file deserves some length; scrypt does the rest. */
const MIN_PASSPHRASE = 12;

export interface ExportRequest {
  readonly token: string;
  readonly format?: string;
  readonly includeToken?: boolean;
  readonly passphrase?: string;
}

export interface ExportResult {
  /** The bundle in the chosen format. */
  readonly text: string;
  readonly summary: { readonly token: string; readonly format: string; readonly tokenIncluded: boolean; readonly catalog: number; readonly assignments: number; readonly people: number; readonly devices: number; readonly licences: number; readonly queued: number };
}

/** `migrate export`: one location's bundle in a format, audited; the token only when asked, with a passphrase. */
@injectable()
export class MigrationService {
  constructor(
    @inject(BundleExporter) private readonly exporter: BundleExporter,
    @inject(MigrationFormats) private readonly formats: MigrationFormats,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async export(request: ExportRequest, actor: Actor): Promise<ExportResult> {
    const format = this.formats.require(request.format ?? 'native');
    const token = this.tokens.require(request.token);
    let passphrase: string | undefined;
    if (request.includeToken) {
      passphrase = request.passphrase?.replace(/\r?\n$/, '');
      if (passphrase === undefined || passphrase === '') {
        throw saying(new BadInputError('--include-token needs a passphrase to encrypt the token with: --passphrase-file FILE or VPP_MIGRATION_PASSPHRASE'), 'vpp.migration.needs-passphrase');
      }
      if ([...passphrase].length < MIN_PASSPHRASE) throw saying(new BadInputError(`The passphrase must be at least ${MIN_PASSPHRASE} characters long`), 'vpp.migration.short-passphrase', { min: MIN_PASSPHRASE });
    }
    const bundle = await this.exporter.export(token.id, passphrase !== undefined ? { passphrase } : {});
    const text = format.write(bundle);
    const summary = {
      token: token.name,
      format: format.id,
      tokenIncluded: bundle.token !== undefined,
      catalog: bundle.catalog.length,
      assignments: bundle.assignments.length,
      people: bundle.people.length,
      devices: bundle.devices.length,
      licences: bundle.licences.length,
      queued: bundle.queues.reduce((sum, queue) => sum + queue.waiting.length, 0),
    };
    await this.audit.record({ actor, action: 'vpp-migration.exported', target: { type: 'vpp-token', id: token.id, name: token.name }, details: summary });
    return { text, summary };
  }
}
