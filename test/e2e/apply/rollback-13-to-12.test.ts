import { describe, expect, it, vi } from 'vitest';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { appliedThenBackedUp } from './backed-up-grafana.js';
import { editFile, workspaceAt, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// docs/upgrading.md "Rolling back": a plan saved on Grafana 13 (revisions of its unified storage, labels it keeps)
// applied after Grafana was rolled back to 12 by restoring 12's database backup (its legacy SQL storage again).

const MYSQL = 'dashboards/platform/databases/mysql.json';
const REDIS = 'dashboards/platform/databases/redis.json';
const K8S_PATH = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';

async function plannedOn13ThenRolledBack() {
  // Grafana's own database backup, taken before the upgrade.
  const grafana = await appliedThenBackedUp({ grafanaVersion: '12' });

  // The same address: a plan is bound to the Grafana it was made for.
  const on13 = await grafana.start({ grafanaVersion: '13' });
  const workspace13 = workspaceAt(grafana.dir, on13);
  await editFile(workspace13, MYSQL, (document) => (document.spec.title = 'MySQL Overview (r)'));
  await editFile(workspace13, REDIS, (document) => (document.title = 'Redis (r)'));
  await commitAll(workspace13.dir, 'titles (r)');
  const planned = await workspace13.cli(['plan', '--out', 'p13.json']);
  expect(planned.code, planned.stderr).toBe(0);
  await on13.close();

  await grafana.restore();
  const sandbox = await grafana.start({ grafanaVersion: '12' });
  return { sandbox, workspace: workspaceAt(grafana.dir, sandbox) };
}

describe('a plan saved on Grafana 13, applied after a rollback to 12', () => {
  it('stops before any change with a line that says to plan again, and a new plan applies', async () => {
    const { sandbox, workspace } = await plannedOn13ThenRolledBack();
    const applied = await workspace.cli(['apply', 'p13.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      /^error: the plan was made on Grafana 13\.\d+\.\d+, and this Grafana runs 12\.\d+\.\d+ \(rolled back\?\); nothing was applied\. Run dashsync plan --out p13\.json again, then dashsync apply p13\.json: a plan made before a rollback describes what the rollback replaced\n$/,
    );
    expect(applied.stdout + applied.stderr).not.toContain('conflict:');
    expect(writes(sandbox)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`)).body.spec.title).toBe('MySQL Overview');

    const again = await workspace.cli(['apply']);
    expect(again.code, again.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`)).body.spec.title).toBe('MySQL Overview (r)');
    expect((await apiRequest(sandbox, 'GET', `${K8S_PATH}/redis-exporter`)).body.spec.title).toBe('Redis (r)');
  });
});
