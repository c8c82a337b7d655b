import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { planRestores } from '../../src/apply/plan-restores.js';
import { nothingRestored, runRestores, type RestoreEvent } from '../../src/apply/run-restores.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { renderRestoreStop } from '../../src/report/render-restore-stop.js';
import { renderRestoreResultLine } from '../../src/report/render-restore-json.js';
import { appliedExample } from '../helpers/applied-example.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { pruneAway } from '../e2e/apply/restore-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

/** The order restore takes them in (as named). */
const UIDS = ['postgresql-overview', 'redis-exporter'];

/** The example tree applied to Grafana 12 through `/api`, its databases folder pruned (both backed up), and a restore of both. */
async function prunedDatabases() {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '12' });
  await pruneAway(workspace, 'dashboards/platform/databases');
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api: 'legacy', timeout: 600 }, env, cwd: workspace.dir });
  // A write met by refused connections is sent 8 times: at once (its waits are not under test).
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: NO_RETRY_WAITS });
  onTestFinished(() => grafana.close());
  const events: RestoreEvent[] = [];
  const targets = await planRestores(UIDS, { grafana, backupDir: settings.backupDir });
  const restore = () => runRestores(targets, { grafana, backupDir: settings.backupDir, message: 'dashsync: test (restore)', onEvent: (event) => events.push(event) });
  return { sandbox, restore, events };
}

const writes = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

/** The `result` line of `restore --format json` for a run's result. */
function jsonResult(result: Awaited<ReturnType<typeof runRestores>>): Record<string, unknown> {
  const tally = { dashboards: 0, libraryPanels: 0, present: 0, failed: 0, foldersCreated: 0 };
  return JSON.parse(renderRestoreResultLine(tally, result, { dryRun: false, text: null, retried: null, exitCode: 1 })) as Record<string, unknown>;
}

// On the old code a 401 was thrown out of the run (no line naming what was not started), and no answer failed each uid in turn.
describe('a restore stopped before any write landed says nothing was restored, as apply does', () => {
  it('a 401 to the first write (the folder it needs): stopped, nothing was restored, the rest not started', async () => {
    const run = await prunedDatabases();
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/folders', script: [{ kind: 'status', status: 401 }] });
    run.sandbox.clearRequests();
    const result = await run.restore();

    expect(result).toMatchObject({ stoppedBy: 'unauthorized', stoppedOn: { uid: UIDS[0] }, notStarted: [{ uid: UIDS[1] }], mayHaveWritten: false, triedWrites: true });
    expect(nothingRestored(result)).toBe(true);
    expect(run.events.map((event) => event.kind)).toEqual(['failed']);
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 401']);
    expect(renderRestoreStop(result)).toEqual([
      expect.stringMatching(/^stopped before any write landed: Grafana answered 401 Unauthorized \(1 not started\); nothing was restored\. Check .+ and run again$/),
      `not started (1): ${UIDS[1]}`,
    ]);
    expect(jsonResult(result)).toMatchObject({ interrupted: false, stoppedBy: 'unauthorized', nothingRestored: true });
  });

  it('Grafana refuses connections after a 503 to the first write: stopped as unreachable, nothing was restored', async () => {
    const run = await prunedDatabases();
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/folders', script: [{ kind: 'status', status: 503, thenDown: true }] });
    run.sandbox.clearRequests();
    const result = await run.restore();

    expect(result).toMatchObject({ stoppedBy: 'unreachable', stoppedOn: { uid: UIDS[0] }, notStarted: [{ uid: UIDS[1] }], mayHaveWritten: false });
    expect(writes(run.sandbox)).toEqual(['POST /api/folders 503']);
    expect(renderRestoreStop(result)[0]).toMatch(
      new RegExp(`^stopped before any write landed: Grafana stopped answering \\(.*ECONNREFUSED.*\\) \\(1 not started\\); nothing was restored\\. Run dashsync restore ${UIDS.join(' ')} again once it answers$`),
    );
  });

  it('partly restored, then a 401: what was done is listed above, and the uid that met it is to run again', async () => {
    const run = await prunedDatabases();
    run.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'delay', ms: 0 }, { kind: 'status', status: 401 }] });
    run.sandbox.clearRequests();
    const result = await run.restore();

    expect(result).toMatchObject({ stoppedBy: 'unauthorized', stoppedOn: { uid: UIDS[1] }, notStarted: [], mayHaveWritten: true });
    expect(nothingRestored(result)).toBe(false);
    expect(run.events.map((event) => (event.kind === 'dashboard' ? event.outcome.kind : event.kind))).toEqual(['restored-from-backup', 'failed']);
    expect(renderRestoreStop(result)).toEqual([
      expect.stringMatching(/^stopped: Grafana answered 401 Unauthorized, so no further restore was started \(0 not started\); what was done is listed above\. Check .+ and run again$/),
    ]);
    expect(jsonResult(result)).not.toHaveProperty('nothingRestored');
  });
});
