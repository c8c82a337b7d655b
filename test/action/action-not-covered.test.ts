import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../pull/pull-fixture.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });

// small-46: the note of a saved plan applied after HEAD moved was the CLI's only; the Action's apply said nothing of it.
describe('the Action applying a saved plan after HEAD moved', () => {
  it('puts a notice on each file changed since that the plan does not push (10, then a count), and the note in the job summary', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const uids = Array.from({ length: 12 }, (_, index) => `later-${String(index).padStart(2, '0')}`);
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    for (const uid of ['pushed', ...uids]) await write(uid);
    await commitAll(dir, 'dashboards');
    const token = await sandbox.createToken('Admin');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token };
    expect((await runCliInProcess(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    await write('pushed', 'in the plan');
    await commitAll(dir, 'pushed: description');
    expect((await runCliInProcess(['plan', '--out', 'plan.json'], { cwd: dir, env })).code).toBe(0);
    for (const uid of uids) await write(uid, 'after the plan');
    await commitAll(dir, 'twelve more');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();

    const run = await runAction(
      dir,
      { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': 'plan.json' },
      { GITHUB_SHA: head },
    );

    expect(run.code, run.stderr).toBe(0);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice '));
    expect(notices).toEqual([
      ...uids.slice(0, 10).map((uid) => `::notice title=dashsync not in this plan,file=dashboards/${uid}.json::changed since this plan was made, and the plan does not push it: dashsync plan again to deploy it`),
      '::notice title=dashsync not in this plan::and 2 more files changed since this plan was made that it does not push: dashsync plan again to deploy them',
    ]);
    expect(run.summary).toContain(
      '> [!NOTE]\n> note: 12 files changed since this plan was made that it does not push (dashboards/later-00.json, dashboards/later-01.json, dashboards/later-02.json, dashboards/later-03.json, dashboards/later-04.json, and 7 more): dashsync plan again to deploy them\n',
    );
  });
});
