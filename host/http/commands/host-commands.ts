import type { CommandContribution, CommandHandler, CommandInput } from '../../api/commands.js';
import { BadInputError, cutText, saying } from '../../api/errors.js';
import { phrase, saidAsText } from '../../api/messages.js';
import { CommandDeclarationSchema, type CommandDeclaration } from '../../api/manifest.js';
import { ROLES, type AccountService } from '../auth/account-service.js';
import { randomSecret } from '../auth/secret-hashing.js';

/**
 * Account commands, declared in the host manifest through the part's `contributes`; the handlers below implement
 * exactly these. (`vpp-host plugins` belongs to the commands part.)
 */
export const HOST_COMMAND_DECLARATIONS: CommandDeclaration[] = CommandDeclarationSchema.array().parse([
  {
    id: 'admin.create',
    description: 'Create an admin account for the panel; prints a generated password when none is given', descriptions: { nl: 'Maak een beheerdersaccount voor het paneel; toont een gegenereerd wachtwoord als er geen is opgegeven', fr: 'Crée un compte d’administrateur pour le panneau ; affiche un mot de passe généré quand aucun n’est donné' },
    options: [
      { name: 'name', description: 'Sign-in name', descriptions: { nl: 'Aanmeldnaam', fr: 'Nom de connexion' }, required: true },
      { name: 'password', description: 'Password (at least 10 characters); generated when left out', descriptions: { nl: 'Wachtwoord (minstens 10 tekens); gegenereerd als het ontbreekt', fr: 'Mot de passe (au moins 10 caractères) ; généré s’il est omis' } },
      { name: 'role', description: 'What the admin may do', descriptions: { nl: 'Wat de beheerder mag doen', fr: 'Ce que l’administrateur peut faire' }, choices: [...ROLES] },
    ],
  },
  {
    id: 'api-token.create',
    description: 'Create an API token for scripts; the token is shown only this once', descriptions: { nl: 'Maak een API-token voor scripts; het token wordt alleen deze ene keer getoond', fr: 'Crée un jeton d’API pour des scripts ; le jeton n’est affiché que cette fois' },
    options: [
      { name: 'name', description: 'What the token is for', descriptions: { nl: 'Waarvoor het token dient', fr: 'À quoi sert le jeton' }, required: true },
      { name: 'role', description: 'What the token may do', descriptions: { nl: 'Wat het token mag doen', fr: 'Ce que le jeton peut faire' }, choices: [...ROLES] },
    ],
  },
]);

export class HostCommands implements CommandContribution {
  readonly commands: readonly CommandHandler[];

  constructor(accounts: AccountService) {
    this.commands = [
      {
        id: 'admin.create',
        run: async (input, { principal }) => {
          const given = optionText(input, 'password');
          const password = given ?? randomSecret(18);
          const admin = await accounts.createAdmin({ name: optionText(input, 'name') ?? '', password, role: role(input) }, principal);
          const params = { name: admin.name, role: admin.role };
          return {
            data: { ...admin, ...(given === undefined ? { password } : {}) },
            ...saidAsText(
              given === undefined
                ? phrase(`Admin "${admin.name}" created (${admin.role}). Password: ${password}`, 'host.admin.created-with-password', { ...params, password })
                : phrase(`Admin "${admin.name}" created (${admin.role}).`, 'host.admin.created', params),
            ),
          };
        },
      },
      {
        id: 'api-token.create',
        run: async (input, { principal }) => {
          const { token, record } = await accounts.createApiToken({ name: optionText(input, 'name') ?? '', role: role(input) }, principal);
          const said = phrase(`API token "${record.name}" created (${record.role}). It is shown only now:\n${token}`, 'host.api-token.created', { name: record.name, role: record.role, token });
          return { data: { token, record }, ...saidAsText(said) };
        },
      },
    ];
  }
}

function optionText(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw saying(new BadInputError(`--${name} must be text`), 'host.option.text', { option: `--${name}` });
  return value;
}

function role(input: CommandInput): 'admin' | 'read-only' {
  const value = optionText(input, 'role') ?? 'admin';
  if (value !== 'admin' && value !== 'read-only') throw saying(new BadInputError(`--role must be admin or read-only, got "${value}"`), 'host.option.role', { got: cutText(value) });
  return value;
}
