import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { BASIC, copyFixture, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir`, the url from each environment of the config, as the admin. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/** The delete rows of a markdown plan's dashboard table. */
const deleteRows = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('| 🔴 delete'));

interface JsonDelete {
  uid: string;
  action: string;
  leftOutDirectory?: unknown;
}

/**
 * The fixture's tree with `config`; a dashboard made by hand in Grafana in the folder of dashboards/`dir`, which no file
 * holds. Only the dashboards below team-a/ and team-b/ (and `dir`'s, when another) are files.
 */
async function handMadeIn(handle: SandboxHandle, config: unknown, dir: string): Promise<string> {
  const root = await copyFixture('basic');
  await writeJson(root, 'dashsync.config.json', config);
  await writeJson(root, 'dashboards/team-a/a1.json', { uid: 'a1', title: 'A one', panels: [] });
  await writeJson(root, 'dashboards/team-b/b1.json', { uid: 'b1', title: 'B one', panels: [] });
  await writeJson(root, `dashboards/${dir}/kept.json`, { uid: 'kept', title: 'Kept', panels: [] });
  const folderUid = deriveFolderUid(dir);
  expect((await apiRequest(handle, 'POST', '/api/folders', { uid: folderUid, title: dir })).status).toBe(200);
  await saveLive(handle, { uid: 'hand', title: 'Hand made', panels: [] }, folderUid, 'by hand');
  return root;
}

// env-56 (stop 55's note §10.3): the text plan said why prune deletes a dashboard in the folder of a directory the selection
// leaves out; the markdown plan (the PR comment, the job summary) showed "—" in its file cell, and the JSON had no
// leftOutDirectory, though docs/plan-json.md listed it.
describe('a delete in the folder of a directory the selection leaves out, in every format', () => {
  it('markdown and JSON say what the text plan says: that folder, the list that leaves it out, and what prune keeps', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const config = { api: 'legacy', root: 'dashboards', inputs: BASIC.inputs, environments: { prod: { url: handle.url, exclude: ['experiments/**'], prune: 'folders' } } };
    const dir = await handMadeIn(handle, config, 'experiments');
    const why = 'its folder is that of dashboards/experiments, which environment "prod"\'s exclude in dashsync.config.json leaves out: prune keeps the folder and deletes what no file holds in it';

    const text = await dashsync(dir, ['plan', '--env', 'prod']);
    const markdown = await dashsync(dir, ['plan', '--env', 'prod', '--format', 'markdown']);
    const json = await dashsync(dir, ['plan', '--env', 'prod', '--format', 'json']);

    expect([text.code, markdown.code, json.code], text.stderr + markdown.stderr + json.stderr).toEqual([0, 0, 0]);
    expect(text.stdout).toContain(`- delete        "Hand made" (uid hand, live version 1) in "experiments"; no file in the tree; ${why} (backed up before delete)\n`);
    expect(deleteRows(markdown.stdout)).toEqual([
      '| 🔴 delete | Hand made | `hand` | experiments | — (its folder is that of `dashboards/experiments`, which environment "prod"\'s exclude in dashsync.config.json leaves out: ' +
        'prune keeps the folder and deletes what no file holds in it) | no file |',
    ]);
    const deletes = (JSON.parse(json.stdout).dashboards as JsonDelete[]).filter((d) => d.action === 'delete');
    expect(deletes.map(({ uid, leftOutDirectory }) => ({ uid, leftOutDirectory }))).toEqual([
      { uid: 'hand', leftOutDirectory: { dir: 'dashboards/experiments', lists: 'environment "prod"\'s exclude in dashsync.config.json' } },
    ]);
  });

});
