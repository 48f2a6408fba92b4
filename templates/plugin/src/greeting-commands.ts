import { inject, injectable, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { GreetingService } from './greeting-service.js';

/** `vpp-host __PLUGIN_ID__ greet NAME [--mail-to ADDRESS]`: the command's words are its id split on the dots. */
@injectable()
export class GreetingCommands implements CommandContribution {
  constructor(@inject(GreetingService) private readonly greetings: GreetingService) {}

  readonly commands: CommandHandler[] = [
    {
      id: '__PLUGIN_ID__.greet',
      run: async ({ args, options }) => {
        const name = args.name ?? '';
        const to = options['mail-to'];
        const greeting = typeof to === 'string' ? await this.greetings.mailGreeting(name, to) : this.greetings.greet(name);
        return { data: { greeting }, text: greeting };
      },
    },
  ];
}
