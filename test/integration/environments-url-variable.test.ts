import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { commitAll, lines, makeWorkDir } from '../pull/pull-fixture.js';

describe('GRAFANA_URL left exported from another environment (walk-73 M2)', () => {
  it('apply and restore --env staging refuse it before anything is sent, naming the variable and both urls; --url means it; plan warns', async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', environments: { staging: { url: staging.url }, prod: { url: prod.url } } }));
    await writeFile(join(work, 'dashboards/canary.json'), `${JSON.stringify({ uid: 'canary', title: 'Canary', schemaVersion: 39, panels: [] }, null, 2)}\n`);
    await commitAll(work, 'canary');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: work, env: { GRAFANA_URL: prod.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const refusal =
      `error: GRAFANA_URL (${prod.url}) is not the url of environment "staging" (${staging.url}) in dashsync.config.json, and this command writes to Grafana: ` +
      `unset GRAFANA_URL to use the environment's, or pass --url to write to ${prod.url}`;

    for (const args of [['apply', '--env', 'staging', '--auto-approve'], ['restore', '--env', 'staging', '--all']]) {
      const refused = await cli(args);
      // One line; apply adds that nothing was applied.
      expect(lines(refused.stderr), args.join(' ')).toHaveLength(1);
      expect(refused.stderr.startsWith(refusal), refused.stderr).toBe(true);
      expect(refused.stdout).toBe('');
      expect(refused.code).not.toBe(0);
    }
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/canary')).status).toBe(404);

    // plan reads only: the warning, as before.
    const planned = await cli(['plan', '--env', 'staging']);
    expect(lines(planned.stderr)).toContain(`warning: GRAFANA_URL (${prod.url}) replaces the url of environment "staging" (${staging.url}); unset GRAFANA_URL to use the environment's`);

    // --url says it is meant.
    const meant = await cli(['apply', '--env', 'staging', '--url', prod.url, '--auto-approve']);
    expect(meant.code, meant.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/canary')).status).toBe(200);
  }, 180_000);
});

describe('GRAFANA_ORG_ID left exported from another environment of the same Grafana (rev-74 M1)', () => {
  it("apply --env staging refuses it before anything is sent, naming both org ids; --org-id means it; plan warns", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Staging' })).status).toBe(200);
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const environments = { prod: { url: sandbox.url, orgId: 1 }, staging: { url: sandbox.url, orgId: 2 } };
    await writeFile(join(work, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'legacy', environments }));
    await writeFile(join(work, 'dashboards/canary.json'), `${JSON.stringify({ uid: 'canary', title: 'Canary', schemaVersion: 39, panels: [] }, null, 2)}\n`);
    await commitAll(work, 'canary');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: work, env: { GRAFANA_ORG_ID: '1', GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const inOrg = async (orgId: number) => (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/canary', undefined, { ...adminHeaders(), 'X-Grafana-Org-Id': String(orgId) })).status;

    const refused = await cli(['apply', '--env', 'staging', '--auto-approve']);
    expect(refused.code).not.toBe(0);
    expect(lines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toContain(
      'error: GRAFANA_ORG_ID (1) is not the orgId of environment "staging" (2) in dashsync.config.json, and this command writes to Grafana: ' +
        "unset GRAFANA_ORG_ID to use the environment's, or pass --org-id to write to org 1",
    );
    expect([await inOrg(1), await inOrg(2)]).toEqual([404, 404]);

    const planned = await cli(['plan', '--env', 'staging']);
    expect(lines(planned.stderr)).toContain(`warning: GRAFANA_ORG_ID (1) replaces the orgId of environment "staging" (2); unset GRAFANA_ORG_ID to use the environment's`);

    const meant = await cli(['apply', '--env', 'staging', '--org-id', '2', '--auto-approve']);
    expect(meant.code, meant.stderr).toBe(0);
    expect([await inOrg(1), await inOrg(2)]).toEqual([404, 200]);
  }, 180_000);
});
