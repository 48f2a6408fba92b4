import type { Principal } from '../api/actor.js';
import type { Clock } from '../api/clock.js';
import { CommandContribution, type CommandHandler, type CommandInput, type CommandProgress, type CommandResult } from '../api/commands.js';
import type { ContributionProvider } from '../api/contributions.js';
import { ForbiddenError, NotFoundError, saying } from '../api/errors.js';
import { acceptedLanguage, type Said } from '../api/messages.js';
import { respond, route, type RouteContribution, type RouteResponse } from '../api/http.js';
import type { Logger } from '../api/logger.js';
import type { PluginManifest } from '../api/manifest.js';
import { describeError } from '../http/server/error-response.js';
import { actAs } from '../runtime/acting-principal.js';
import { validateCommandInput } from './command-input.js';
import { commandName, CommandRequestSchema, NDJSON_CONTENT_TYPE, type CommandDescriptor, type CommandRequest, type ErrorBody } from './command-protocol.js';
import { commandStream } from './command-stream.js';
import { ProgressThrottle } from './progress-throttle.js';
import { resultSaid } from './result-in-language.js';

/** At most ten progress lines a second: enough for a smooth bar, little enough for a million-item import. */
const PROGRESS_INTERVAL_MS = 100;
const MAX_COMMAND_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Runs the commands the host and its plugins contribute, for the CLI and for scripts: `GET /api/commands` lists the
 * declarations, `POST /api/commands/:id` checks the input against the declaration and streams the run as NDJSON.
 */
export class CommandGateway implements RouteContribution {
  readonly routes = [
    route({
      method: 'GET',
      path: '/commands',
      summary: 'Lists the commands of the host and of every running plugin',
      access: 'read',
      handle: async () => this.declarations(),
    }),
    route<CommandRequest>({
      method: 'POST',
      path: '/commands/:id',
      summary: 'Runs a command; the response streams NDJSON progress lines, then the result or the error',
      access: 'read',
      // The command's declared access says whether it changes things: start() refuses those on a standby.
      servedOnStandby: true,
      body: CommandRequestSchema,
      // File arguments travel in the body: an inventory export can be large.
      maxBodyBytes: MAX_COMMAND_BODY_BYTES,
      handle: async (request) => this.start(request.params.id ?? '', request.body, request.principal!, acceptedLanguage(request.headers.get('accept-language'))),
    }),
  ];

  constructor(
    private readonly declarations: () => CommandDescriptor[],
    private readonly contributions: ContributionProvider,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Says a refusal in the caller's language (`Accept-Language`, which the CLI sets from `--lang` or LANG). */
    private readonly say: (said: Said, language: string) => string = (said) => said.message,
    /** Throws while this host may not change anything (a standby's): commands that need the admin role change things. */
    private readonly refuseChanges: () => void = () => undefined,
  ) {}

  /** Checks everything before the stream opens, so refusals get their own HTTP status. */
  start(id: string, request: CommandRequest, principal: Principal, language = 'en'): RouteResponse {
    const declaration = this.declarations().find((d) => d.id === id);
    const command = commandName(id);
    if (!declaration) throw saying(new NotFoundError(`There is no command "${command}"`, { command: id }), 'host.command.unknown', { command });
    if (declaration.access === 'admin') this.refuseChanges();
    if (declaration.access === 'admin' && principal.role !== 'admin') {
      throw saying(new ForbiddenError(`"${command}" changes things and needs the admin role; this API token is read-only`), 'host.command.admin-only', { command });
    }
    const input = validateCommandInput(declaration, request);
    const handler = this.handlerOf(declaration);
    const body = commandStream(
      async (progress) => this.inLanguage(await this.run(handler, input, principal, (p) => progress(this.progressIn(p, language)), language), language),
      new ProgressThrottle(this.clock, PROGRESS_INTERVAL_MS),
      (error) => this.errorBody(id, error, language),
    );
    return respond({ status: 200, headers: { 'content-type': NDJSON_CONTENT_TYPE, 'cache-control': 'no-store' }, body });
  }

  private async run(handler: CommandHandler, input: CommandInput, principal: Principal, progress: (progress: CommandProgress) => void, language: string): Promise<CommandResult> {
    const started = this.clock.now().getTime();
    const result = await actAs(principal, () => handler.run(input, { principal, progress, language }));
    this.logger.info('Command ran', { command: handler.id, actor: principal.id, ms: this.clock.now().getTime() - started });
    return result;
  }

  /** A result whose text, column headers or cells are messages, with them in the caller's language. */
  private inLanguage(result: CommandResult, language: string): CommandResult {
    return resultSaid(result, (said) => this.say(said, language));
  }

  /** A progress report whose label is a message, with its label in the caller's language. */
  private progressIn(progress: CommandProgress, language: string): CommandProgress {
    return progress.said ? { ...progress, label: this.say(progress.said, language) } : progress;
  }

  private handlerOf(declaration: CommandDescriptor): CommandHandler {
    const handler = this.contributions
      .get<CommandContribution>(CommandContribution)
      .filter((c) => c.pluginId === declaration.pluginId)
      .flatMap((c) => c.contribution.commands)
      .find((h) => h.id === declaration.id);
    // The plugin host refuses plugins whose declarations lack code, so this is a host fault.
    if (!handler) throw new Error(`No handler for command "${declaration.id}" of "${declaration.pluginId}"`);
    return handler;
  }

  private errorBody(id: string, error: unknown, language: string): ErrorBody {
    // The same mapping as a failed request: HostErrors speak for themselves, anything else is logged, not shown.
    return describeError(error, this.logger.child(id), (e) => this.say(e, language)).body;
  }
}

/** The declarations of the host and of every running plugin; the first declaration of an id wins. */
export function collectDeclarations(manifests: readonly Pick<PluginManifest, 'id' | 'contributes'>[]): CommandDescriptor[] {
  const seen = new Set<string>();
  const out: CommandDescriptor[] = [];
  for (const manifest of manifests) {
    for (const declaration of manifest.contributes.commands) {
      if (seen.has(declaration.id)) continue;
      seen.add(declaration.id);
      out.push({ pluginId: manifest.id, ...declaration });
    }
  }
  return out;
}
