import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

const PANELS = [{ id: 1, type: 'text', title: 'Notes', gridPos: { h: 4, w: 12, x: 0, y: 0 }, options: { content: 'hello' } }];
const board = (uid: string) => ({ uid, title: `Board ${uid}`, panels: PANELS, schemaVersion: 41 });

/**
 * audit-ux-13 LOW-3: a tree copied from another tool's folder into a directory of another name plans each dashboard as a move
 * with no content change, last saved by someone else. The drift warning said "the edit is lost unless the file already holds
 * it", which is not so: the file holds the live content, and only the folder changes. Past 10 such, one line says them all.
 */
describe("an adopted tree's first plan: drift on moves whose files hold the live content", () => {
  async function adopted(count: number, edited?: string) {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'gcx-folder', title: 'GCX Folder' })).status).toBe(200);
    // A second dashboard in the live folder that no file holds keeps the folder note away: this test is about drift.
    await saveLive(handle, { uid: 'kept', title: 'Kept', panels: PANELS, schemaVersion: 41 }, 'gcx-folder', 'ui');
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-adoption-'));
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy' });
    const uids = Array.from({ length: count }, (_, index) => `gcx-${index + 1}`);
    for (const uid of uids) {
      // Saved twice: the first version of a dashboard these credentials created counts as theirs (no drift).
      await saveLive(handle, board(uid), 'gcx-folder', 'ui');
      await saveLive(handle, board(uid), 'gcx-folder', 'ui');
      await writeJson(dir, `dashboards/gcx/${uid}.json`, uid === edited ? { ...board(uid), description: 'ours' } : board(uid));
    }
    const planned = await runCliInProcess(['plan'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect(planned.code, planned.stderr).toBe(0);
    return { handle, dir, warnings: lines(planned.stdout).filter((line) => line.startsWith('  ! ')) };
  }

  it('a move that keeps the content says the file holds it; one with a change keeps "the edit is lost"', async () => {
    const { warnings } = await adopted(2, 'gcx-2');
    expect(warnings.map((line) => line.replace(/ at \S+ \(version/, ' at <time> (version'))).toEqual([
      '  ! drift: gcx-1 "Board gcx-1" was last saved in Grafana by admin at <time> (version 2, "ui"), not by dashsync; the file holds the same content, so applying changes only its folder (a move made in Grafana since is undone; to keep Grafana\'s folder instead, run dashsync pull gcx-1 first, which moves the file to the directory of that folder)',
      '  ! drift: gcx-2 "Board gcx-2" was last saved in Grafana by admin at <time> (version 2, "ui"), not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it (to bring it in, run dashsync pull gcx-2 first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)',
    ]);
  });

  // review-12 LOW-5: the uids it names come in natural order (gcx-2 before gcx-10), not string order.
  it('more than 10 of them are one line; --verbose and the JSON plan keep each', async () => {
    const { handle, dir, warnings } = await adopted(12);
    expect(warnings).toEqual([
      '  ! drift: 12 dashboards (gcx-1, gcx-2, gcx-3, gcx-4, gcx-5, … (7 more)) were last saved in Grafana by others, not by dashsync, and their files hold the same content: ' +
        'applying changes only their folders (a move made in Grafana since is undone; dashsync plan --verbose lists every one, --format json holds them all)',
    ]);
    const env = { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const verbose = await runCliInProcess(['plan', '--verbose'], { cwd: dir, env });
    expect(lines(verbose.stdout).filter((line) => line.includes('the file holds the same content'))).toHaveLength(12);
    const plan = JSON.parse((await runCliInProcess(['plan', '--format', 'json'], { cwd: dir, env })).stdout);
    const drift = plan.warnings.filter((warning: { kind: string }) => warning.kind === 'drift');
    expect(drift).toHaveLength(12);
    expect(drift.every((warning: { sameContent?: boolean }) => warning.sameContent === true)).toBe(true);
  });
});
