import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { InputError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const model = (uid: string, expr: string) => ({
  panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ expr, refId: 'A' }], title: 'CPU', type: 'timeseries' }],
  schemaVersion: 39,
  title: uid.toUpperCase(),
  uid,
});

/** The port, with `beforeAnswer` run before the plan gets the answer for `uid`: the plan has read the tree and waits on Grafana. */
function pausingBefore(grafana: GrafanaPort, uid: string, beforeAnswer: () => Promise<void>): GrafanaPort {
  return {
    ...grafana,
    async *readDashboards(uids, options) {
      for await (const read of grafana.readDashboards(uids, options)) {
        if (read.uid === uid) await beforeAnswer();
        yield read;
      }
    },
  };
}

describe('plan: a file edited after the tree pass, before its dashboard is compared', () => {
  // A guard for any plan that compares a changed file from what its tree pass read instead of reading it again
  // (docs/performance.md, perf-55a): the edit must still stop it, even one that keeps the file's size and mtime.
  it('stops with file-changed, naming the file, when the edit keeps its size and mtime (a file written an hour ago)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-changed-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const uid of ['a', 'b']) {
      await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: model(uid, 'up'), overwrite: true });
      const file = join(dir, 'dashboards', `${uid}.json`);
      await writeFile(file, `${JSON.stringify(model(uid, 'rate(x[1m])'), null, 2)}\n`);
      await utimes(file, hourAgo, hourAgo);
    }
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    // The port chooses its API on the first request: asked before the wrapper copies it (the plan asks again).
    await grafana.checkAccess();
    const file = join(dir, 'dashboards', 'b.json');
    const before = await stat(file);
    const edited = (await readFile(file, 'utf8')).replace('rate(x[1m])', 'rate(y[1m])');
    const port = pausingBefore(grafana, 'b', async () => {
      await writeFile(file, edited);
      await utimes(file, before.atime, before.mtime);
    });

    const planned = createPlan({ settings, grafana: port, git: GIT });

    await expect(planned).rejects.toBeInstanceOf(InputError);
    await expect(planned).rejects.toMatchObject({ diagnostics: [{ file: 'dashboards/b.json', rule: 'file-changed', message: 'the file changed while dashsync was planning; run again' }] });
    expect((await stat(file)).size).toBe(before.size);
  });
});
