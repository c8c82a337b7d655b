import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const THREE_GIB = 3 * 1024 * 1024 * 1024;

// walk-72 L2: a tree file of 2 GiB or more was `cannot read the file (ERR_OUT_OF_RANGE)`, with no size and nothing to do.
// The files are sparse: they take no disk, and dashsync refuses them by their size, unread.
describe('a file of 2 GiB or more in the tree', () => {
  it('check and plan name its size and what to do, read none of it, and plan sends Grafana nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-huge-file-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'ok.json'), `${JSON.stringify({ uid: 'ok', title: 'OK', panels: [] }, null, 2)}\n`);
    for (const file of ['dashboards/huge.json', 'dashboards/team/_folder.json']) {
      await writeFile(join(dir, file), '');
      await truncate(join(dir, file), THREE_GIB);
    }
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const words = 'the file is 3.0 GB, more than dashsync reads of a file (512.0 MB; no dashboard is that large), so it was not read: remove it, or move it out of the root';
    sandbox.clearRequests();
    for (const command of ['check', 'plan']) {
      const run = await runCliInProcess([command], { cwd: dir, env });
      expect(run.code, `${command}: ${run.stderr}`).toBe(1);
      const output = run.stdout + run.stderr;
      expect(output, command).toContain(`dashboards/huge.json:1:1: error: ${words}`);
      expect(output, command).toContain(`dashboards/team/_folder.json:1:1: error: ${words}`);
      expect(output, command).not.toMatch(/ERR_OUT_OF_RANGE|ERR_FS_FILE_TOO_LARGE|cannot read the file/);
    }
    expect(sandbox.requests()).toEqual([]);
  });
});
