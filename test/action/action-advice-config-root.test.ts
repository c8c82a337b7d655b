import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { makeWorkDir } from '../pull/pull-fixture.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

const CONFIG = 'deploy/dashsync.config.json';

/** A checkout whose config is not at its top (CONFIG, environment prod at `url`) and whose tree is grafana/, not dashboards/. */
async function checkout(url: string): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'deploy'));
  await writeFile(join(dir, CONFIG), canonicalJson({ environments: { prod: { url } } }));
  await mkdir(join(dir, 'grafana/team'), { recursive: true });
  await writeFile(join(dir, 'grafana/team/_folder.json'), canonicalJson({ uid: 'team', title: 'Team' }));
  for (const [uid, title] of [['cpu', 'CPU'], ['mem', 'Memory']]) await writeFile(join(dir, `grafana/team/${uid}.json`), canonicalJson({ uid, title, schemaVersion: 41, panels: [] }));
  return dir;
}

// rev-70c L3: the Action loaded its settings as flags no one typed, so its advice never carried --config or --root: with
// `config: deploy/dashsync.config.json` and `path: grafana` it printed `dashsync restore --env prod cpu`, which pasted at the
// top of a checkout reads no config (and `check --fix` the dashboards/ tree).
describe("the Action's advised commands, with a config file and a tree of their own", () => {
  it("carry --config and --root relative to the checkout's top, and work pasted there", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await checkout(sandbox.url);
    const token = await sandbox.createToken('Admin');
    const inputs = { command: 'apply', environment: 'prod', config: CONFIG, path: 'grafana', 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(dir, inputs, push)).code).toBe(0);

    await rm(join(dir, 'grafana/team/mem.json'));
    await rm(join(dir, 'dashsync-plan.json'));
    const pruned = await runAction(dir, { ...inputs, prune: 'all', args: '--max-deletes 1' }, push);
    expect(pruned.code, pruned.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).status).toBe(404);
    const restore = "dashsync restore --env prod --config deploy/dashsync.config.json mem --backup-dir <the artifact's directory>";
    expect(pruned.stdout).toContain(`${restore} puts it back`);

    // Pasted at the checkout's top, with the artifact's directory (here the runner's own): it reads that config, and restores.
    const words = restore.replace("<the artifact's directory>", '.dashsync/backups').split(' ').slice(1);
    const restored = await runCliInProcess(words, { cwd: dir, env: { GRAFANA_TOKEN_PROD: token } });
    expect(restored.code, restored.stdout + restored.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).status).toBe(200);

    // The check step's fix names the tree it checked, and pasted repairs that tree (a dashboard with no uid: --fix adds one).
    await writeFile(join(dir, 'grafana/team/no-uid.json'), canonicalJson({ title: 'No uid', panels: [] }));
    const check = await runAction(dir, { command: 'check', config: CONFIG, path: 'grafana' });
    expect(check.code).toBe(1);
    const fix = 'dashsync check --config deploy/dashsync.config.json --root grafana --fix';
    expect(check.stdout).toContain(`in a checkout of this branch, ${fix} repairs it;`);
    const checked = await runCliInProcess(fix.split(' ').slice(1), { cwd: dir, env: {} });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stderr).toContain('fixed grafana/team/no-uid.json: added uid');
    expect((await runAction(dir, { command: 'check', config: CONFIG, path: 'grafana' })).code).toBe(0);
  });

  it('carry neither where the inputs read what a run at the top reads anyway', async () => {
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), canonicalJson({ root: 'grafana' }));
    await mkdir(join(dir, 'grafana'));
    await writeFile(join(dir, 'grafana/no-uid.json'), canonicalJson({ title: 'No uid', panels: [] }));
    // The input names the default file, and the tree the config names.
    const check = await runAction(dir, { command: 'check', config: 'dashsync.config.json', path: './grafana/' });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('in a checkout of this branch, dashsync check --fix repairs it;');
  });

  // The path input had a default (dashboards) that always won over the config file's root: a config naming grafana/ and no
  // path input checked (and planned) a dashboards/ tree that is not there.
  it("take the config file's root where the path input is not given", async () => {
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), canonicalJson({ root: 'grafana' }));
    await mkdir(join(dir, 'grafana'));
    await writeFile(join(dir, 'grafana/no-uid.json'), canonicalJson({ title: 'No uid', panels: [] }));
    const check = await runAction(dir, { command: 'check' });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('file=grafana/no-uid.json,line=1');
    expect(check.stdout).toContain('in a checkout of this branch, dashsync check --fix repairs it;');
  });
});
