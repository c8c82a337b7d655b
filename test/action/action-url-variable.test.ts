import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-73 M2, the Action's half (stop 73 §8.3): a workflow's `env: GRAFANA_URL` (prod's, left at the job's level) and a step
// applying `environment: staging` wrote staging's files to prod's Grafana with only a warning. The CLI refuses it; so does the
// Action, naming the input that means it.
describe("the Action's apply with an environment, and a GRAFANA_URL in the workflow's env that is not that environment's url", () => {
  it('is refused before anything is sent, one line naming the variable, both urls and the grafana-url input; the plan warns; the input means it', async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), canonicalJson({ root: 'dashboards', environments: { staging: { url: staging.url }, prod: { url: prod.url } } }));
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/canary.json'), canonicalJson({ uid: 'canary', title: 'Canary', schemaVersion: 41, panels: [] }));
    await commitAll(dir, 'canary');
    const workflowEnv = { GRAFANA_URL: prod.url, GITHUB_EVENT_NAME: 'push' };
    const token = await prod.createToken('Editor');

    const refused = await runAction(dir, { command: 'apply', environment: 'staging', 'grafana-token': token }, workflowEnv);

    expect(refused.code).toBe(1);
    const refusal =
      `GRAFANA_URL (${prod.url}) in the step's env is not the url of environment "staging" (${staging.url}) in dashsync.config.json, and command apply writes to Grafana: ` +
      `remove GRAFANA_URL from the workflow's env: to use the environment's, or set the "grafana-url" input to ${prod.url} to write there`;
    const errors = refused.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors, refused.stdout).toEqual([expect.stringContaining(refusal)]);
    expect(refused.stdout).not.toContain('::warning');
    // The job summary is markdown: its underscores escaped.
    expect(refused.summary).toContain(refusal.replaceAll('GRAFANA_URL', 'GRAFANA\\_URL'));
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/canary')).status).toBe(404);
    expect((await apiRequest(staging, 'GET', '/api/dashboards/uid/canary')).status).toBe(404);

    // A plan only reads: the warning, as on the CLI.
    const planned = await runAction(dir, { command: 'plan', environment: 'staging', 'grafana-token': token }, workflowEnv);
    expect(planned.code, planned.stdout).toBe(0);
    expect(planned.stdout).toContain(`::warning::GRAFANA_URL (${prod.url}) replaces the url of environment "staging" (${staging.url}); unset GRAFANA_URL to use the environment's`);

    // The input the refusal names says it is meant: the apply writes there.
    const meant = await runAction(dir, { command: 'apply', environment: 'staging', 'grafana-url': prod.url, 'grafana-token': token }, workflowEnv);
    expect(meant.code, meant.stdout).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/canary')).status).toBe(200);
  });
});
