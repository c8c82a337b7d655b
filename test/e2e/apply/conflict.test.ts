import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest, bearerHeaders } from '../../helpers/sandbox.js';
import { canonical, desiredOf, editFile, getDashboard, writes } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
const POSTGRES = 'dashboards/platform/databases/postgresql.json';

/** Every family at its own release (13's 13.0.2 saves `/api` through the service: 412), and 13.2.0, whose save skips it (era D: 409). */
const CONFLICT_RELEASES = [...GRAFANA_VERSIONS.map((grafanaVersion) => ({ grafanaVersion, release: undefined })), { grafanaVersion: '13' as const, release: '13.2.0' }];

describe.each(CONFLICT_RELEASES)('conflicts on Grafana $grafanaVersion $release', ({ grafanaVersion, release }) => {
  it('reports a dashboard changed after the plan, leaves it untouched, applies the rest and exits 1; --force then overwrites it', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion, release });

    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    await editFile(workspace, POSTGRES, (model) => (model.description = 'also from git'));
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to create, 2 to update');

    // Someone else edits redis in Grafana between plan and apply.
    const token = await sandbox.createToken('Editor');
    const live = await getDashboard(sandbox, 'redis-exporter');
    const edit = await apiRequest(
      sandbox,
      'POST',
      '/api/dashboards/db',
      // Renamed too, with a control sequence in the new title: the conflict line names the live title, escaped.
      { dashboard: { ...live.dashboard, title: 'Redis \u001b[2J(UI)', description: 'edited in the UI' }, folderUid: live.meta.folderUid, overwrite: false, message: 'hand edit' },
      bearerHeaders(token),
    );
    expect(edit.status).toBe(200);
    const edited = await getDashboard(sandbox, 'redis-exporter');

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    // 11.2 names the Editor's service account Anonymous: the line says what that word stands for (provisioning-52).
    const changedBy =
      edited.meta.updatedBy === 'Anonymous'
        ? 'Anonymous (a saver Grafana cannot name: file provisioning, an account deleted since, or a service account on Grafana 11.2–11.5 or 12.0–12.2)'
        : edited.meta.updatedBy;
    expect(applied.stderr).toContain(
      `conflict: redis-exporter "Redis" (${REDIS}) changed in Grafana after the plan: planned version ${live.meta.version}, current version ${edited.meta.version}, now titled "Redis \\x1b[2J(UI)", changed by ${changedBy} at `,
    );
    expect(applied.stderr).toContain('; left untouched. Run dashsync plan to review, dashsync pull redis-exporter to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force plan.json to overwrite it\n');
    expect(applied.stderr).toContain('left untouched');
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict');
    const survived = await getDashboard(sandbox, 'redis-exporter');
    expect(survived.dashboard.description).toBe('edited in the UI');
    expect(survived.meta.version).toBe(edited.meta.version);
    expect((await getDashboard(sandbox, 'postgresql-overview')).dashboard.description).toBe('also from git');

    sandbox.clearRequests();
    const forced = await workspace.cli(['apply', 'plan.json', '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    // The log holds what --force replaced (audit F21): the version saved since the plan, by whom and when.
    expect(forced.stdout).toContain(`updated (forced over version ${edited.meta.version}, saved by ${edited.meta.updatedBy} at `);
    expect(forced.stdout).toMatch(new RegExp(`^updated \\(forced over version ${edited.meta.version}, saved by \\S+ at \\S+\\): redis-exporter "Redis" \\(${REDIS}\\), now version \\d+$`, 'm'));
    // Saved at the version read right before it, not with overwrite: a resend after one that landed is refused (review-69b M3).
    const forcedWrites = writes(sandbox).map((entry) => entry.body as { overwrite?: boolean; dashboard: { version?: number } });
    expect(forcedWrites.every((body) => body.overwrite === false && body.dashboard.version === edited.meta.version)).toBe(true);
    const overwritten = await getDashboard(sandbox, 'redis-exporter');
    expect(canonical(overwritten.dashboard)).toEqual(await desiredOf(workspace.dir, REDIS));
    expect(overwritten.meta.folderUid).toBe(live.meta.folderUid);
  });

  it('a save whose connection dropped after it landed is retried and not reported as a conflict', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion, release });
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));

    sandbox.clearRequests();
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'drop' }] });
    const applied = await workspace.cli(['apply']);
    expect(applied.stderr).toBe('note: 1 request retried (connection lost: 1)\n');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted\n');
    const saves = writes(sandbox).filter((entry) => entry.path === '/api/dashboards/db');
    expect(saves.map((entry) => [entry.status, entry.fault])).toEqual([
      [200, 'drop'],
      [release === '13.2.0' ? 409 : 412, undefined],
    ]);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('from git');
  });
});

describe('--force on Grafana 11.2 (titles unique per folder)', () => {
  it('never takes over a same-titled dashboard in the target folder; Grafana\'s name-exists refusal is reported per dashboard', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '11.2' });
    const folderUid = (await getDashboard(sandbox, 'redis-exporter')).meta.folderUid;
    const other = await apiRequest(sandbox, 'POST', '/api/dashboards/db', {
      dashboard: { uid: 'someone-elses-cache', title: 'Cache', panels: [] },
      folderUid,
      overwrite: false,
    });
    expect(other.status).toBe(200);
    await editFile(workspace, REDIS, (model) => (model.title = 'Cache'));

    const plain = await workspace.cli(['apply']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('failed: update redis-exporter "Cache": POST /api/dashboards/db failed: HTTP 412: A dashboard with the same name in the folder already exists');

    const forced = await workspace.cli(['apply', '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain(
      'failed: update redis-exporter "Cache": not forced: dashboard someone-elses-cache in the target folder has the same title, which this Grafana (≤ 11.2) allows once per folder; rename one of them',
    );
    const survivor = await getDashboard(sandbox, 'someone-elses-cache');
    expect([survivor.status, survivor.dashboard.title, survivor.meta.version]).toEqual([200, 'Cache', 1]);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.title).toBe('Redis');
  });
});

describe('a dashboard deleted in Grafana after the plan (/apis)', () => {
  it('is a conflict that says it was deleted, and is not created again', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion: '13' }, 'k8s');
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).stdout).toContain('Plan: 0 to create, 1 to update');
    const planned = await getDashboard(sandbox, 'redis-exporter');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);

    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      `conflict: redis-exporter "Redis" (${REDIS}) was deleted in Grafana after the plan (planned version ${planned.meta.version}); not created again. ` +
        'Run dashsync plan to review: apply then creates it from the file; to keep it deleted, remove the file\n',
    );
    expect(applied.stdout).toBe('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict\n');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter')).status).toBe(404);
  });
});
