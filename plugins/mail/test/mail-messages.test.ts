// What the mail plugin says to an admin or a calling script is said in Dutch and French too: a refused message
// (down to the value its template misses), a test message the server refused at one step, and the test command's text.
import { describe, expect, it } from 'vitest';
import { CommandContribution, type CommandHandler, type HostError } from '@vpp-host/api';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { useMailTestBed, waitFor } from './mail-test-host.js';

const ADMIN = { kind: 'admin' as const, id: 'admin-1', name: 'Ada', role: 'admin' as const };

describe('mail messages in the reader’s language', () => {
  const bed = useMailTestBed();

  async function start(env: Record<string, string> = {}) {
    const { host, mail } = await bed.start({ env });
    const commands = host.plugins.containerOf('mail')!.getAll<CommandContribution>(CommandContribution).flatMap((c) => [...c.commands]);
    const testCommand = commands.find((c: CommandHandler) => c.id === 'mail.test')!;
    const sendTest = (to: string) => testCommand.run({ args: {}, options: { to } }, { principal: ADMIN, progress: () => undefined });
    return { mail, sendTest, messages: new MessageCatalog(() => host.plugins.manifests()) };
  }

  it('says a refused message of a batch, with what its template misses, in English, Dutch and French', async () => {
    const { mail, messages } = await start();
    const ok = { templateId: 'greeting', to: { address: 'a@example.com' }, values: { name: 'Ann', link: 'https://example.com' }, idempotencyKey: 'a' };
    const refused = await mail.enqueueMany([ok, { ...ok, idempotencyKey: 'b', values: { name: 'Bo' } }]).catch((error: HostError) => error);
    expect(refused).toMatchObject({ status: 400, message: 'Message 2 of 2: Template "greeting" needs "link", which is missing', messageId: 'mail.message.nth' });
    expect(messages.say(refused as HostError, 'nl')).toBe('Bericht 2 van 2: Sjabloon "greeting" heeft "link" nodig, dat ontbreekt');
    expect(messages.say(refused as HostError, 'fr')).toBe('Message 2 sur 2 : Le modèle « greeting » demande "link", qui manque');
  });

  it("says the test command's text, and the step at which the server refused a test message", async () => {
    const { sendTest, messages } = await start();
    const sent = await sendTest('admin@example.com');
    expect(sent.text).toMatch(/^Test message to admin@example\.com accepted by 127\.0\.0\.1:\d+ \(direct\): 250/);
    expect(messages.say(sent.said!, 'nl')).toMatch(/^Testbericht aan admin@example\.com aanvaard door 127\.0\.0\.1:\d+ \(direct\): 250/);
    expect(messages.say(sent.said!, 'fr')).toMatch(/^Message de test à admin@example\.com accepté par 127\.0\.0\.1:\d+ \(direct\) : 250/);

    bed.smtp.rejections.set('full@example.com', { code: 550, message: 'No such mailbox', times: 1 });
    const failed = await sendTest('full@example.com').catch((error: HostError) => error);
    expect(failed).toMatchObject({ status: 502, messageId: 'mail.test.failed' });
    expect((failed as HostError).message).toMatch(/^Test message not sent: the recipient \(rejected by the server\) failed: .*No such mailbox/);
    expect(messages.say(failed as HostError, 'nl')).toMatch(/^Testbericht niet verstuurd: de ontvanger \(geweigerd door de server\) mislukt: .*No such mailbox/);
    expect(messages.say(failed as HostError, 'fr')).toMatch(/^Message de test non envoyé : échec de l’étape « destinataire \(refusé par le serveur\) » : .*No such mailbox/);
  });

  it('says why a message was given up on in the admin\'s language when the server said nothing', async () => {
    // Nothing listens on port 1: the connection is refused and, with one attempt allowed, the message is given up on.
    const { mail, messages } = await start({ VPP_MAIL_SMTP_PORT: '1', VPP_MAIL_MAX_ATTEMPTS: '1' });
    const [message] = await mail.enqueueMany([{ templateId: 'greeting', to: { address: 'a@example.com' }, values: { name: 'Ann', link: 'https://example.com' }, idempotencyKey: 'a' }]);
    await waitFor(() => mail.get(message!.id)?.state === 'failed', 'given up');
    const { lastError } = mail.get(message!.id)!;
    expect(lastError!.message).toMatch(/^Gave up after 1 attempts: .*ECONNREFUSED/);
    expect(messages.say(lastError!, 'nl')).toMatch(/^Opgegeven na 1 poging: .*ECONNREFUSED/);
    expect(messages.say(lastError!, 'fr')).toMatch(/^Abandonné après 1 tentative : .*ECONNREFUSED/);
  });
});
