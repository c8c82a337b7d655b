import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
// v0alpha1 stores the spec as sent (a v1 write would migrate it: a difference of its own).
const REDIS_OBJECT = '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/redis-exporter';

/** The example tree applied to a 13 sandbox, then its Redis dashboard taken over by Terraform (its app-platform resource stamps the manager annotations). */
async function appliedThenOwnedByTerraform() {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const workspace = await exampleWorkspace(sandbox);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const live = (await apiRequest(sandbox, 'GET', REDIS_OBJECT)).body;
  live.metadata.annotations = { ...live.metadata.annotations, 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'tf-redis' };
  expect((await apiRequest(sandbox, 'PUT', REDIS_OBJECT, live)).status).toBe(200);
  return { sandbox, workspace };
}

describe('a dashboard another tool manages is left as it is, and the counts say so (Grafana 13)', () => {
  it('a file that differs from a Terraform-owned dashboard is not "unchanged", and apply does not claim Grafana matches the tree', async () => {
    const { sandbox, workspace } = await appliedThenOwnedByTerraform();
    await editFile(workspace, REDIS, (model) => (model.title = 'Redis (edited in git)'));

    const plan = await workspace.cli(['plan']);
    expect(plan.code).toBe(0);
    // Labelled by its owner, and named as Grafana shows it (the file's new title is the difference).
    expect(plan.stdout).toContain(
      '! managed by Terraform: redis-exporter "Redis" (dashboards/platform/databases/redis.json, titled "Redis (edited in git)" there) is managed by Terraform (tf-redis), which dashsync never writes over',
    );
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 6 unchanged, 1 left to its owner.\n');

    sandbox.clearRequests();
    const applied = await workspace.cli(['apply']);
    expect(applied.code).toBe(0);
    expect(writes(sandbox)).toEqual([]);
    expect(applied.stdout).not.toContain('Grafana already matches the tree');
    expect(applied.stdout).toContain(
      'Nothing to apply: Grafana matches the tree except 1 dashboard another tool manages, which dashsync leaves as it is (see the warning above).\n',
    );
  });

  it('an owned dashboard that matches its file is plainly unchanged', async () => {
    const { sandbox, workspace } = await appliedThenOwnedByTerraform();

    const applied = await workspace.cli(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 7 unchanged.\n');
    expect(applied.stdout).toContain('Nothing to apply: Grafana already matches the tree.\n');
  });
});
