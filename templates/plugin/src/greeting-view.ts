import { detailList, inject, injectable, panelSection, panelTexts, type PanelView, type ViewContribution } from '@vpp-host/api';
import { GreetingService } from './greeting-service.js';

// Every word an admin reads, in English, Dutch and French.
const texts = panelTexts(
  { title: 'Greeting', sample: 'How the plugin greets', admin: 'an admin' },
  {
    nl: { title: 'Begroeting', sample: 'Zo begroet de plug-in', admin: 'een beheerder' },
    fr: { title: 'Salutation', sample: 'Comment le plug-in salue', admin: 'un administrateur' },
  },
);

/** The panel page /views/__PLUGIN_ID__/greeting. */
@injectable()
export class GreetingView implements ViewContribution {
  constructor(@inject(GreetingService) private readonly greetings: GreetingService) {}

  readonly views: PanelView[] = [
    {
      id: 'greeting',
      render: async (request) => {
        const t = texts(request.language);
        return { title: t.title, body: panelSection(t.title, detailList([[t.sample, this.greetings.greet(t.admin)]])) };
      },
    },
  ];
}
