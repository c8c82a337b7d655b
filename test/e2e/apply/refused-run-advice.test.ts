import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const FILES = ['dashboards/platform/databases/redis.json', 'dashboards/platform/databases/postgresql.json'];

async function planned() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const workspace = await exampleWorkspace(sandbox);
  expect((await workspace.cli(['apply', '--api', 'legacy'])).code).toBe(0);
  for (const file of FILES) await editFile(workspace, file, (model) => (model.description = 'from git'));
  const plan = await workspace.cli(['plan', '--api', 'legacy', '--out', 'p.json']);
  expect(plan.stdout).toContain('Plan: 0 to create, 2 to update');
  sandbox.clearRequests();
  return { sandbox, workspace };
}

describe('the closing words of an apply whose changes Grafana refused (walk-60 L)', () => {
  it('every failure a 403: the advice names the credentials\' role or folder permissions, not a 429 or 5xx passing', async () => {
    const { sandbox, workspace } = await planned();
    const applied = await workspace.cli(['apply', 'p.json', '--api', 'legacy', '--ignore-read-only'], { GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: await sandbox.createToken('Viewer') });
    expect(applied.code).toBe(1);
    const lines = applied.stderr.split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('failed: update '))).toHaveLength(2);
    expect(lines.at(-1)).toBe(
      '2 planned changes failed (their lines are above); Grafana refused them as forbidden (403: these credentials may not write them), which running again does not change: ' +
        'give them a role that may (Editor, or Edit on the folders concerned), or use a token that has one, then run dashsync apply --api legacy p.json again to finish (what is done is skipped)',
    );
  });

  it('a 401 to the reads before the saves: nothing sent, each counted not started, none "failed" beside "nothing was applied"', async () => {
    const { sandbox, workspace } = await planned();
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 401, message: 'Expired API key' })) });
    const applied = await workspace.cli(['apply', 'p.json', '--api', 'legacy']);
    expect(applied.code).toBe(1);
    expect(writes(sandbox)).toEqual([]);
    const lines = applied.stderr.split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('failed: '))).toEqual([]);
    expect(lines[0]).toMatch(/^stopped before the first write: Grafana answered 401 Unauthorized \(2 not started\); nothing was applied\. Check GRAFANA_USER and GRAFANA_PASSWORD and run again$/);
    expect(applied.stdout).toMatch(/Applied: 0 created, 0 updated, 0 moved, 0 deleted; 2 not started \(stopped: 401 Unauthorized\)\n$/);
  });
});
