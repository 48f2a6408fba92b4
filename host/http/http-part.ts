import { Hono } from 'hono';
import { CommandContribution } from '../api/commands.js';
import { listen } from '../api/event.js';
import { RouteContribution } from '../api/http.js';
import { SettingDeclarationSchema, ViewDeclarationSchema } from '../api/manifest.js';
import { ViewContribution } from '../api/views.js';
import type { HostPart } from '../runtime/host-part.js';
import { AccountService, AccountServiceImpl } from './auth/account-service.js';
import { Authenticator } from './auth/authenticator.js';
import { SessionStore } from './auth/session-store.js';
import { SignInThrottle } from './auth/sign-in-throttle.js';
import { HOST_COMMAND_DECLARATIONS, HostCommands } from './commands/host-commands.js';
import { SETTINGS_COMMAND_DECLARATIONS, SettingsCommands } from './commands/settings-commands.js';
import { PanelShell } from './panel/panel-shell.js';
import { PLUGINS_VIEW_DECLARATION, PluginsView } from './panel/plugins-view.js';
import { Messages } from '../api/messages.js';
import { MessageCatalog } from '../runtime/message-catalog.js';
import { SETTINGS_VIEW_DECLARATION, SettingsView } from './panel/settings-view.js';
import { HostRoutes } from './rest/host-routes.js';
import { SettingsDirectory } from './rest/settings-directory.js';
import { createHttpApp } from './server/http-app.js';
import { HttpServer } from './server/http-server.js';
import { buildRouteTable } from './server/route-table.js';

const SESSION_IDLE_SETTING = SettingDeclarationSchema.parse({
  key: 'sessionIdleMinutes',
  type: 'integer',
  default: 480,
  minimum: 5,
  maximum: 43200,
  description: 'Minutes without activity after which a panel session ends and the admin must sign in again',
  descriptions: {
    nl: 'Minuten zonder activiteit waarna een sessie in het paneel eindigt en de beheerder opnieuw moet aanmelden',
    fr: 'Minutes sans activité après lesquelles une session du panneau se termine et l’administrateur doit se reconnecter',
  },
  env: 'VPP_HOST_SESSION_IDLE_MINUTES',
});

/**
 * Accounts, sessions and the one HTTP server for the REST API and the panel. Routes are collected only after every
 * plugin started, so each running plugin's routes and views are served.
 */
export const httpPart: HostPart = {
  name: 'http',
  contributes: {
    commands: [...HOST_COMMAND_DECLARATIONS, ...SETTINGS_COMMAND_DECLARATIONS],
    views: [ViewDeclarationSchema.parse(PLUGINS_VIEW_DECLARATION), ViewDeclarationSchema.parse(SETTINGS_VIEW_DECLARATION)],
    settings: [SESSION_IDLE_SETTING],
  },

  async open(context) {
    const { container, plugins, storage, clock, logger, hostManifest, hostSettings } = context;
    const audit = context.audit.forSource('host');
    const accounts = await AccountServiceImpl.open(storage, clock, audit, logger, (secret) => context.redactor.register(secret));
    const sessions = await SessionStore.open(storage, clock, () => hostSettings.get<number>(SESSION_IDLE_SETTING.key) * 60_000, logger);
    const authenticator = new Authenticator(accounts, sessions);
    const throttle = new SignInThrottle(clock, audit, logger);

    container.bind<AccountService>(AccountService).toConstantValue(accounts);
    const messages = new MessageCatalog(() => [hostManifest, ...plugins.manifests()]);
    container.bind<Messages>(Messages).toConstantValue(messages);
    const settings = new SettingsDirectory(hostSettings, plugins);
    container.bind<RouteContribution>(RouteContribution).toConstantValue(new HostRoutes({ accounts, sessions, throttle, plugins, settings, hostManifest }));
    container.bind<CommandContribution>(CommandContribution).toConstantValue(new HostCommands(accounts));
    container.bind<CommandContribution>(CommandContribution).toConstantValue(new SettingsCommands(settings));
    container.bind<ViewContribution>(ViewContribution).toConstantValue({ views: [new PluginsView(plugins, messages), new SettingsView(settings, plugins, messages)] });

    let server: HttpServer | undefined;
    const buildApp = (): { app: Hono; routes: number } => {
      const routes = buildRouteTable(plugins.get<RouteContribution>(RouteContribution), logger);
      const panel = new PanelShell({ accounts, sessions, throttle, authenticator, plugins, hostManifest, logger, roles: context.roles, messages });
      return { app: createHttpApp({ routes, authenticator, panel, logger, publicUrl: () => server?.url ?? '', roles: context.roles, messages }), routes: routes.length };
    };
    let current: Hono | undefined;
    // A restarted plugin's routes are new objects: requests go to an app built from the routes of the moment.
    const restarts = listen(plugins.onDidRestartPlugins, () => (current = buildApp().app));
    return {
      async afterPluginsStarted() {
        const built = buildApp();
        current = built.app;
        const front = new Hono().all('*', (c) => current!.fetch(c.req.raw, c.env));
        server = await HttpServer.listen(front, context.options.port ?? 0, context.options.hostname ?? '127.0.0.1');
        context.setPublicUrl(server.url);
        logger.info('Panel and REST API listening', { url: server.url, routes: built.routes });
      },
      async beforePluginsStop() {
        restarts.dispose();
        await server?.close();
      },
    };
  },
};
