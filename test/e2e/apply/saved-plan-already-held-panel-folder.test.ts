import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { MERGED_PLANS_CASES } from '../../helpers/two-merged-plans.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const FOLDER = 'dashboards/team/_folder.json';
const PANEL = 'dashboards/team/_library/cpu.json';
const DASHBOARD = 'dashboards/team/d.json';

/**
 * Two pull requests: A renames the folder (its `_folder.json`) and edits a library panel's file; B edits a dashboard. Each is
 * planned on its own branch, both are merged into main, which is checked out. Grafana holds main as it was.
 */
async function mergedPlans({ grafanaVersion, api }: (typeof MERGED_PLANS_CASES)[number]) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await makeWorkDir();
  const write = (file: string, value: object) => writeFile(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  const tree = { folder: (title: string) => write(FOLDER, { uid: 'team', title }), panel: (title: string) => write(PANEL, { uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title } }), dashboard: (description: string) => write(DASHBOARD, { uid: 'd', title: 'D', description, schemaVersion: 39, panels: [] }) };
  await mkdir(join(dir, 'dashboards/team/_library'), { recursive: true });
  await tree.folder('Team');
  await tree.panel('cpu');
  await tree.dashboard('');
  await commitAll(dir, 'a folder, a panel, a dashboard');
  const main = (await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') };
  const cli = (args: string[]) => runCliInProcess([...args, '--api', api], { cwd: dir, env });
  expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
  await git(dir, 'checkout', '-q', '-b', 'pr-a', main);
  await tree.folder('Team A');
  await tree.panel('cpu (a)');
  await commitAll(dir, 'a: folder and panel');
  expect((await cli(['plan', '--out', 'plan-a.json'])).code).toBe(0);
  await git(dir, 'checkout', '-q', '-b', 'pr-b', main);
  await tree.dashboard('pull request b');
  await commitAll(dir, 'b: dashboard');
  expect((await cli(['plan', '--out', 'plan-b.json'])).code).toBe(0);
  await git(dir, 'checkout', '-q', main);
  for (const branch of ['pr-a', 'pr-b']) await git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
  return { apply: (plan: string) => cli(['apply', plan]) };
}

const held = (file: string) => `already in Grafana: ${file} changed since this plan was made; Grafana holds that version (an apply since deployed it)\n`;

// nl-60: M3's check judged dashboard files only; a library panel file or a `_folder.json` the other merge's apply deployed got the note.
describe.each(MERGED_PLANS_CASES)('a saved plan applied after another merge that changed a library panel and a _folder.json (Grafana $grafanaVersion, --api $api)', (cases) => {
  it('says they are already in Grafana once that merge applied them', async () => {
    const { apply } = await mergedPlans(cases);
    const first = await apply('plan-a.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`(${DASHBOARD})`);

    const second = await apply('plan-b.json');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain(held(FOLDER));
    expect(second.stdout).toContain(held(PANEL));
    expect(second.stdout).toMatch(/^Applied: 0 created, 1 updated, 0 moved, 0 deleted\. Folders: 1 unchanged\. Library panels: 1 unchanged$/m);
  });

  it('names them in the note while Grafana does not hold them', async () => {
    const { apply } = await mergedPlans(cases);
    const first = await apply('plan-b.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('already in Grafana');
    expect(first.stderr).toMatch(/^note: 2 files changed since this plan was made that it does not push \(/);
    expect(first.stderr).toContain(FOLDER);
    expect(first.stderr).toContain(PANEL);

    const second = await apply('plan-a.json');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(held(DASHBOARD));
  });
});
