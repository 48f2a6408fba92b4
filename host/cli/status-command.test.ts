import { describe, expect, it } from 'vitest';
import { rowCounts, unusedPort, usePostgres } from '../../test/support/postgres-cluster.js';
import { runCli } from './test-support/run-cli.js';

const postgres = usePostgres();

describe('vpp-host status', () => {
  it('says, with exit code 2, when the database cannot be reached or no host has used it, writing nothing', async () => {
    const port = await unusedPort();
    const unreachable = await runCli(['status', '--storage', `postgres://u:secret-pw@127.0.0.1:${port}/db`]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}`);
    expect(unreachable.stderr).not.toContain('secret-pw');

    const url = await postgres.createDatabase();
    const unused = await runCli(['status', '--storage', url]);
    expect(unused.code).toBe(2);
    expect(unused.stderr).toContain('No vpp-host of this version has used this database yet');
    expect(await rowCounts(url)).toBe('');

    // The storage's own reasons in the reader's language too.
    const dutch = await runCli(['status', '--storage', `postgres://u:secret-pw@127.0.0.1:${port}/db`, '--lang', 'nl']);
    expect(dutch.stderr).toBe(`vpp-host: Kon de status niet lezen: PostgreSQL op 127.0.0.1:${port} is niet bereikbaar: daar aanvaardt niets verbindingen\n`);
    const french = await runCli(['status', '--storage', url], { LANG: 'fr_BE.UTF-8' });
    expect(french.stderr).toContain('Aucun vpp-host de cette version n’a encore utilisé cette base : démarrez-en d’abord un avec --storage');
  });

  it('needs a PostgreSQL URL', async () => {
    const run = await runCli(['status', '--storage', '/some/dir'], { VPP_HOST_STORAGE: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('vpp-host status needs --storage postgres://');

    const french = await runCli(['status', '--lang', 'fr'], { VPP_HOST_STORAGE: '' });
    expect(french).toMatchObject({ code: 2, stderr: 'vpp-host: vpp-host status demande --storage postgres://… (ou VPP_HOST_STORAGE) : les hôtes partagent une base PostgreSQL\n' });
  });
});
