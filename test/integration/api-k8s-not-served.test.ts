import { describe, expect, it } from 'vitest';
import { copyFixture } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// tidy-56: the flag to use came before "nothing was applied"; it is now the error's next step (ConfigError.next).
describe('--api k8s against a Grafana that serves no dashboard.grafana.app (11.2)', () => {
  it('plan and apply stop in one line: what is wrong, that nothing was applied (apply), then the --api to use', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const refused = `error: api: k8s, but ${handle.url} does not serve /apis/dashboard.grafana.app and folder.grafana.app (Grafana 12 or later does)`;

    const plan = await runCliInProcess(['plan', '--api', 'k8s'], { cwd: dir, env });
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([1, '', `${refused}. Use --api legacy (or auto)\n`]);
    const apply = await runCliInProcess(['apply', '--api', 'k8s', '--auto-approve'], { cwd: dir, env });
    expect([apply.code, apply.stderr]).toEqual([1, `${refused}; nothing was applied. Use --api legacy (or auto)\n`]);
    expect(handle.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
