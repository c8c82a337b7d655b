import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, useApi } from '../e2e/apply/workspace.js';

const REDIS = 'dashboards/platform/databases/redis.json';

// A 12.4 of more than 10 dashboards or folders stays on legacy SQL storage, whose delete is for good; through /api
// (api "legacy") that storage does not show, so restore's refusal says "if", and the prune's advice is a command that runs.
describe('prune and restore through /api on Grafana 12.4 kept on legacy SQL storage', () => {
  it('the apply names the backup file, restore of the bare uid says the trash may not exist, and the pasted advice puts it back', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', release: '12.4.0', storage: 'legacy' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await rm(join(workspace.dir, REDIS));

    const pruned = await workspace.cli(['apply', '--prune']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect(pruned.stdout).toContain('a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good: count the backup as the only copy');
    const advice = /\(dashsync (restore [^()]*) puts it back\)\n$/.exec(pruned.stdout)?.[1];
    expect(advice).toMatch(/^restore redis-exporter --from-backup \.dashsync\/backups\/redis-exporter\/\S+\.json$/);

    const refused = await workspace.cli(['restore', 'redis-exporter']);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toMatch(
      /^error: cannot restore redis-exporter: api "legacy" never reads \/apis, where Grafana 12\.4 keeps "Recently deleted" if its dashboards are on unified storage, which \/api does not show \(a stock 12\.0–12\.3, and a 12\.4 that had more than 10 dashboards or folders when it first started as 12\.4, keep them in legacy SQL storage, which deletes for good\), which may hold redis-exporter /,
    );
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
    // In JSON a real run's refusal is a failed event (a dry run's alone is a would-restore), and the selection counts it apart.
    const json = await workspace.cli(['restore', 'redis-exporter', '--format', 'json']);
    const events = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; reason?: string });
    expect(json.code).toBe(1);
    expect(events.filter((event) => event.reason === 'trash-not-read').map((event) => event.type)).toEqual(['failed']);

    const restored = await workspace.cli(advice!.split(' '));
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored redis-exporter "Redis" from \.dashsync\/backups\/redis-exporter\/\S+\.json into folder "databases"/);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);
  });
});
