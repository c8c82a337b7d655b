import { describe, expect, it, vi } from 'vitest';
import type { FaultConfig } from '../../../src/sandbox/types.js';
import { apiRequest, requestHeld } from '../../helpers/sandbox.js';
import { deletedFileLine, REDIS_FILE } from '../../helpers/restore-lines.js';
import { appliedExample, pruneAway } from './restore-fixture.js';
import { getDashboard, writes } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
const STRANGER = { dashboard: { uid: 'redis-exporter', title: 'Someone else\u001b[2J', panels: [] }, folderUid: '', overwrite: false, message: 'made by hand' };

/** The line for a uid someone else's dashboard took while the restore ran (the title escaped as every title is). */
function takenLine(version: number): string {
  return (
    `error: cannot restore redis-exporter: "Recently deleted" gave nothing of it back, and redis-exporter is now ` +
    `dashboard "Someone else\\x1b[2J", version ${version}, which this restore did not put there (someone else restored or created it); ` +
    `it was left as it is. Look at it in Grafana before restoring again\n`
  );
}

/**
 * Grafana 13 with api auto: redis-exporter pruned, then a restore whose request matching `faults` is held while someone
 * creates a dashboard of their own under the uid. Checks the line that names it and that it was left alone.
 */
async function restoreWhileStrangerCreates13(faults: FaultConfig) {
  const { sandbox, workspace } = await appliedExample('13', 'auto');
  await pruneAway(workspace, REDIS);
  sandbox.setFaults(faults);
  sandbox.clearRequests();
  const restoring = workspace.cli(['restore', 'redis-exporter']);
  const held = await requestHeld(sandbox);
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', STRANGER)).status).toBe(200);
  sandbox.releaseHeld();
  const result = await restoring;
  const live = await getDashboard(sandbox, 'redis-exporter');
  expect([result.code, result.stdout, result.stderr]).toEqual([1, '', takenLine(live.dashboard.version as number)]);
  expect(live.dashboard.title).toBe(STRANGER.dashboard.title);
  return { sandbox, restored: { ...result, held } };
}

describe('restore from "Recently deleted" claims only what it brought back', () => {
  it('Grafana 11: the entry is purged and the uid created anew while the restore waits: that dashboard is named, not claimed, and left alone', async () => {
    const { sandbox, workspace } = await appliedExample('11.2');
    await pruneAway(workspace, REDIS);
    sandbox.setFaults({ methods: ['PATCH'], pathPrefix: '/api/dashboards/uid/redis-exporter/trash', script: [{ kind: 'hold' }] });
    sandbox.clearRequests();

    const restoring = workspace.cli(['restore', 'redis-exporter']);
    await requestHeld(sandbox);
    // Meanwhile someone empties "Recently deleted" and creates a dashboard of their own under the uid.
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter/trash')).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', STRANGER)).status).toBe(200);
    sandbox.releaseHeld();
    const restored = await restoring;

    expect([restored.code, restored.stdout, restored.stderr]).toEqual([1, '', takenLine(1)]);
    const live = await getDashboard(sandbox, 'redis-exporter');
    expect([live.dashboard.title, live.dashboard.version]).toEqual([STRANGER.dashboard.title, 1]);
    // dashsync wrote nothing but its PATCH (answered 404: no entry); the stranger's two writes are the rest.
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'PATCH /api/dashboards/uid/redis-exporter/trash 404',
      'DELETE /api/dashboards/uid/redis-exporter/trash 200',
      'POST /api/dashboards/db 200',
    ]);
  });

  it('Grafana 11: its own restore whose answer was lost (the resend finds no entry) is still reported as restored', async () => {
    const { sandbox, workspace } = await appliedExample('11.2');
    await pruneAway(workspace, REDIS);
    sandbox.setFaults({ methods: ['PATCH'], pathPrefix: '/api/dashboards/uid/redis-exporter/trash', script: [{ kind: 'drop' }] });
    sandbox.clearRequests();

    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect([restored.code, restored.stdout, restored.stderr]).toEqual([0, `restored redis-exporter "Redis" from Grafana's "Recently deleted" into folder "databases" (ds-databases-ea553557), now version 1\n${deletedFileLine('redis-exporter', REDIS_FILE)}`, 'note: 1 request retried (connection lost: 1)\n']);
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['PATCH 200', 'PATCH 404']);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.title).toBe('Redis');
  });

  it('Grafana 13 (/apis): the uid is created anew between reading "Recently deleted" and the re-create: named, not claimed, left alone', async () => {
    const { sandbox, restored } = await restoreWhileStrangerCreates13({ methods: ['POST'], pathPrefix: '/apis/dashboard.grafana.app/', script: [{ kind: 'hold' }] });
    expect(restored.held.method).toBe('POST');
    expect(writes(sandbox).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['POST 409', 'POST 200']);
  });

  it('Grafana 13 (/apis): the uid is created anew while "Recently deleted" is being read: named, not claimed, left alone', async () => {
    // The restore's reads on /apis: the dashboard itself (not there), then the "Recently deleted" list, which is held.
    const { sandbox, restored } = await restoreWhileStrangerCreates13({ methods: ['GET'], pathPrefix: '/apis/dashboard.grafana.app/', script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] });
    expect(restored.held.path).toContain('labelSelector=grafana.app%2Fget-trash%3Dtrue');
    // Whether or not "Recently deleted" still lists the entry then, nothing dashsync sent changed the stranger's dashboard.
    expect(writes(sandbox).filter((entry) => entry.status < 300).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /api/dashboards/db']);
  });
});
