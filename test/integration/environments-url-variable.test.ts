import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
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
