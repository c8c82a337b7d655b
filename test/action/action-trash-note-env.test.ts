import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from '../pull/pull-fixture.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-70 M3: an Admin deleted a dashboard in prod's UI; the Action's plan (an Editor's token, which sees only its own
// "Recently deleted" entries) said `dashsync restore cpu`, which a config with environments refuses pasted on a laptop.
describe("the Action's recently deleted note, with environments", () => {
  it('names the restore with --env, as the CLI does, in the log and the job summary', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), canonicalJson({ root: 'dashboards', environments: { prod: { url: sandbox.url }, staging: { url: 'http://127.0.0.1:9' } } }));
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await writeFile(join(dir, 'dashboards/team/_folder.json'), canonicalJson({ uid: 'team', title: 'Team' }));
    for (const [uid, title] of [['cpu', 'CPU'], ['mem', 'Memory']]) await writeFile(join(dir, `dashboards/team/${uid}.json`), canonicalJson({ uid, title, schemaVersion: 41, panels: [] }));
    await commitAll(dir, 'tree');
    const applied = await dashsync(sandbox, dir, ['apply', '--env', 'prod', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await writeFile(join(dir, 'dashboards/team/mem.json'), canonicalJson({ uid: 'mem', title: 'Memory 2', schemaVersion: 41, panels: [] }));
    await commitAll(dir, 'mem renamed');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);

    const plan = await runAction(dir, { command: 'plan', environment: 'prod', 'grafana-token': await sandbox.createToken('Editor') });

    expect(plan.code, plan.stdout).toBe(0);
    const note = plan.stdout.split('\n').find((line) => line.includes('recently deleted: dashboards/team/cpu.json'));
    expect(note, plan.stdout).toContain("dashsync restore --env prod cpu with an org Admin's credentials brings Grafana's copy back");
    expect(plan.summary).toContain('dashsync restore --env prod cpu with an org Admin');
  });
});
