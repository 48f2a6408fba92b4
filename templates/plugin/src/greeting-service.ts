import { BadInputError, inject, injectable, Settings } from '@vpp-host/api';

const LONGEST_NAME = 100;

/** Greets with the `greeting` setting, which an admin changes with PUT /api/plugins/<id>/settings. */
@injectable()
export class GreetingService {
  constructor(@inject(Settings) private readonly settings: Settings) {}

  greet(name: string): string {
    const trimmed = name.trim();
    if (trimmed === '') throw new BadInputError('Say whom to greet');
    if (trimmed.length > LONGEST_NAME) throw new BadInputError(`A name can be at most ${LONGEST_NAME} characters`);
    return `${this.settings.get<string>('greeting')}, ${trimmed}!`;
  }
}
