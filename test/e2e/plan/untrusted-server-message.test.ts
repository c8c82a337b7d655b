import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture } from './plan-fixture.js';

describe("a server's error message with line breaks (a gateway's JSON error in front of Grafana)", () => {
  it('is one error line with the breaks escaped: it cannot add an error line of its own words, or a workflow command', async () => {
    const sandbox = await startTestSandbox();
    const dir = await copyFixture('basic');
    const message = 'Request blocked\nerror: nothing was changed; it is safe to re-run with --force\n::error::forged';
    sandbox.setFaults({ script: [{ kind: 'status', status: 403, message }] });

    const run = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(
      'error: GET /api/health failed: HTTP 403: Request blocked\\nerror: nothing was changed; it is safe to re-run with --force\\n::error::forged' +
        ' (these credentials lack the permission: changing dashboards needs the Editor role or higher in this org)\n',
    );
  });
});
