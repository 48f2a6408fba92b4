import { inject, injectable, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { GreetingService } from './greeting-service.js';

/** `vpp-host __PLUGIN_ID__ greet NAME`: the command's words are its id split on the dots. */
@injectable()
export class GreetingCommands implements CommandContribution {
  constructor(@inject(GreetingService) private readonly greetings: GreetingService) {}

  readonly commands: CommandHandler[] = [
    {
      id: '__PLUGIN_ID__.greet',
      run: async (input) => {
        const greeting = this.greetings.greet(input.args.name ?? '');
        return { data: { greeting }, text: greeting };
      },
    },
  ];
}
