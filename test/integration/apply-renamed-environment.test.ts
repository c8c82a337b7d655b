import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

// env-55b: the advice was prose ("make the plan again for one of them"); it is now the commands to paste.
describe('apply of a saved plan whose environment the config no longer defines', () => {
  it('ends in the plan to make again for the name meant, or for each name, then the apply of that file', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await rm(join(dir, 'dashboards'), { recursive: true });
    await writeJson(dir, 'dashboards/svc.json', { uid: 'svc', title: 'Service', panels: [] });
    const config = (names: [string, string]) => ({ api: 'legacy', environments: { [names[0]]: { url: handle.url }, [names[1]]: { url: handle.url, orgId: 2 } } });
    await writeJson(dir, 'dashsync.config.json', config(['prod', 'staging']));
    const planned = await dashsync(dir, ['plan', '--env', 'prod', '--out', 'prod.plan.json']);
    expect(planned.code, planned.stderr).toBe(0);

    // prod renamed to production: the name meant is offered, and its commands.
    await writeJson(dir, 'dashsync.config.json', config(['production', 'staging']));
    const renamed = await dashsync(dir, ['apply', 'prod.plan.json']);
    expect([renamed.code, renamed.stdout]).toEqual([1, '']);
    expect(renamed.stderr).toBe(
      'error: dashsync.config.json:3:3: no environment "prod" in "environments" (did you mean "production"?), which is the environment of plan file prod.plan.json; it defines production, staging; ' +
        'nothing was applied. Run dashsync plan --env production --out prod.plan.json again and review it, then dashsync apply --env production prod.plan.json\n',
    );

    // Nothing close: a plan for each name, then the apply of the file (which takes its environment from the plan).
    await writeJson(dir, 'dashsync.config.json', config(['qa', 'staging']));
    const gone = await dashsync(dir, ['apply', '--config', 'dashsync.config.json', 'prod.plan.json']);
    expect(gone.stderr).toBe(
      'error: dashsync.config.json:3:3: no environment "prod" in "environments", which is the environment of plan file prod.plan.json; it defines qa, staging; nothing was applied. ' +
        'Run dashsync plan --env qa --config dashsync.config.json --out prod.plan.json or dashsync plan --env staging --config dashsync.config.json --out prod.plan.json and review it, ' +
        'then dashsync apply --config dashsync.config.json prod.plan.json\n',
    );
  });
});
