import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture } from './plan-fixture.js';

describe('a directory of the tree whose name holds a line break', () => {
  it('is named as an error by check and plan, not left out: before, check counted none of its files and plan --prune all planned their dashboards as deletes', async () => {
    const sandbox = await startTestSandbox();
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    expect((await runCliInProcess(['apply'], { cwd: dir, env })).code).toBe(0);
    // Renamed by a script that kept the line break at the end of what it read.
    await rename(join(dir, 'dashboards/infra'), join(dir, 'dashboards/infra\n'));
    sandbox.clearRequests();

    const check = await runCliInProcess(['check'], { cwd: dir, env });
    const plan = await runCliInProcess(['plan', '--prune', 'all'], { cwd: dir, env });

    const line = 'error: directory dashboards/infra\\n has a line break in its name, so dashsync cannot read the files below it (they would be left out of the tree unnoticed): rename it\n';
    expect([check.code, check.stdout, check.stderr]).toEqual([1, '', line]);
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([1, '', line]);
    expect(sandbox.requests()).toEqual([]);
  });
});
