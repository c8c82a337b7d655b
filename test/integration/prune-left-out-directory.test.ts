import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import { emptyWorkspace } from '../e2e/apply/workspace.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * audit-ux-19 F-12: prod excludes experiments/**, and prunes folders. Someone makes that directory's folder in prod's
 * Grafana, and a dashboard in it by hand: prune deletes it (no file holds it; docs/environments.md), and the delete's line
 * said only "no file in the tree", which an operator who excluded experiments/** from prod reads as a mistake.
 */
describe('prune in the folder of a directory the environment excludes', () => {
  it("the delete's line says the folder is that directory's, which the environment's exclude leaves out", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    const config = { root: 'dashboards', environments: { prod: { url: sandbox.url, exclude: ['experiments/**'], prune: 'folders' } } };
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify(config, null, 2)}\n`);
    for (const [sub, uid] of [['team', 'mine'], ['experiments', 'exp']] as const) {
      await mkdir(join(dir, 'dashboards', sub), { recursive: true });
      await writeFile(join(dir, 'dashboards', sub, `${uid}.json`), `${JSON.stringify({ uid, title: uid, schemaVersion: 42, panels: [] }, null, 2)}\n`);
    }
    const folderUid = deriveFolderUid('experiments');
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: folderUid, title: 'experiments' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'exp-hand', title: 'Hand made' }, folderUid })).status).toBe(200);

    const planned = await runCliInProcess(['plan', '--env', 'prod'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(
      `- delete        "Hand made" (uid exp-hand, live version 1) in "experiments"; no file in the tree; its folder is that of dashboards/experiments, ` +
        `which environment "prod"'s exclude in dashsync.config.json leaves out: prune keeps the folder and deletes what no file holds in it; ` +
        // Saved through /api by hand, no push of dashsync's in its history (own-63, walk-62 L7).
        'made in Grafana, never pushed by dashsync: last saved by admin at ',
    );
  });
});
