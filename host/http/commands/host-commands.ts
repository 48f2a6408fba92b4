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
    description: 'Create an admin account for the panel; prints a generated password when none is given',
    options: [
      { name: 'name', description: 'Sign-in name', required: true },
      { name: 'password', description: 'Password (at least 10 characters); generated when left out' },
      { name: 'role', description: 'What the admin may do', choices: [...ROLES] },
    ],
  },
  {
    id: 'api-token.create',
    description: 'Create an API token for scripts; the token is shown only this once',
    options: [
      { name: 'name', description: 'What the token is for', required: true },
      { name: 'role', description: 'What the token may do', choices: [...ROLES] },
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
