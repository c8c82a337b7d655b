import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { appliedThenBackedUp } from './backed-up-grafana.js';
import { editFile, workspaceAt, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// docs/upgrading.md "Rolling back": a plan saved on a later release of the same major (12.3 → 12.2, 13.1 → 13.0),
// applied after Grafana's database was restored to the earlier release's backup.

const REDIS = 'dashboards/platform/databases/redis.json';
const MYSQL = 'dashboards/platform/databases/mysql.json';

async function plannedThenRolledBack(family: GrafanaVersion, from: string, to: string, file: string, edit: (model: Record<string, any>) => void) {
  const grafana = await appliedThenBackedUp({ grafanaVersion: family, release: to });
  const after = await grafana.start({ grafanaVersion: family, release: from });
  const workspace = workspaceAt(grafana.dir, after);
  await editFile(workspace, file, edit);
  await commitAll(workspace.dir, 'edit');
  const planned = await workspace.cli(['plan', '--out', 'p.json']);
  expect(planned.code, planned.stderr).toBe(0);
  await after.close();

  await grafana.restore();
  const sandbox = await grafana.start({ grafanaVersion: family, release: to });
  return { sandbox, workspace: workspaceAt(grafana.dir, sandbox) };
}

const titleOf = async (sandbox: Parameters<typeof apiRequest>[0], uid: string) => (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body.dashboard.title;

describe('a plan saved on a later minor release, applied after a rollback to an earlier one', () => {
  it('stops before any change when the earlier release cannot take a file written through /apis: a schemaVersion it does not know (12.3 → 12.2)', async () => {
    const { sandbox, workspace } = await plannedThenRolledBack('12', '12.3.2', '12.2.0', MYSQL, (document) => {
      document.spec.title = 'MySQL (r)';
      document.spec.schemaVersion = 42;
    });
    const applied = await workspace.cli(['apply', 'p.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'error: the plan was made on Grafana 12.3.2, and this Grafana runs 12.2.0 (rolled back?), which cannot take what it writes: ' +
        `mysql-overview (${MYSQL}) is at schemaVersion 42, and Grafana 12.2.0 migrates dashboards up to 41; nothing was applied. ` +
        'Take those files back from git (or make them what this release takes), then run dashsync plan --out p.json again, then dashsync apply p.json\n',
    );
    expect(writes(sandbox)).toEqual([]);
    expect(await titleOf(sandbox, 'mysql-overview')).toBe('MySQL Overview');
  });

  it('applies, with a warning that says so, when the earlier release takes every file (13.1 → 13.0)', async () => {
    const { sandbox, workspace } = await plannedThenRolledBack('13', '13.1.0', '13.0.2', REDIS, (model) => (model.title = 'Redis (r)'));
    const applied = await workspace.cli(['apply', 'p.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'warning: the plan was made on Grafana 13.1.0, and this Grafana runs 13.0.2 (rolled back?); it takes every dashboard the plan writes, ' +
        'so the plan is applied, and a dashboard the rollback made older again is a conflict, as always\n',
    );
    expect(await titleOf(sandbox, 'redis-exporter')).toBe('Redis (r)');
  });
});
