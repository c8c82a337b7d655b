import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });

// audit-ux-12 U7: a saved plan applied after HEAD moved said nothing of a file committed since that it does not push, so
// "applied" read as "Grafana holds HEAD".
describe('a saved plan applied after HEAD moved', () => {
  it('names, in one note, the files changed since that it does not push; none when HEAD is the plan\'s commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    await write('pushed');
    await write('latency');
    await commitAll(dir, 'two dashboards');
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);

    await write('pushed', 'changed in the plan');
    await commitAll(dir, 'pushed: description');
    expect((await cli(['plan', '--out', 'p.json'])).code).toBe(0);
    const same = await cli(['apply', 'p.json']);
    expect([same.code, same.stderr]).toEqual([0, '']);

    await write('pushed', 'changed again, in the plan');
    await commitAll(dir, 'pushed: again');
    expect((await cli(['plan', '--out', 'p2.json'])).code).toBe(0);
    await write('latency', 'changed after the plan');
    await commitAll(dir, 'latency: description');
    const behind = await cli(['apply', 'p2.json']);
    expect(behind.code, behind.stderr).toBe(0);
    expect(behind.stderr).toBe('note: 1 file changed since this plan was made that it does not push (dashboards/latency.json): dashsync plan again to deploy it\n');
  });
});
