import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { writeDashboardTree } from '../../../scripts/lib/generate-dashboards.mjs';
import { generatedTree } from '../../helpers/generated-tree.js';
import { NO_RETRY_WAITS } from '../../helpers/run-cli.js';
import { requestsHeld } from '../../helpers/sandbox.js';
import { workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const COUNT = 20;

describe('Grafana stops answering while apply reads dashboards before their saves (walk-60 M4)', () => {
  it('an update whose read got no answer sent no write: not started, never "failed" nor "unknown", and the counts add up', async () => {
    const { sandbox, dir } = await generatedTree({ count: COUNT, seed: 9, grafanaVersion: '13' });
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--api', 'legacy', '--auto-approve'])).code).toBe(0);
    writeDashboardTree(join(dir, 'dashboards'), { count: COUNT, seed: 9, mutate: { fraction: 1, seed: 1 } });
    const planned = await workspace.cli(['plan', '--api', 'legacy', '--out', 'p.json']);
    expect(planned.stdout).toContain(`Plan: 0 to create, ${COUNT} to update`);

    // Once three saves are answered, the next two reads before a save are held: with concurrency 2 both slots of the run
    // wait on a read, no write of theirs sent, and Grafana goes away then.
    sandbox.clearRequests();
    // The reads that meet the gone server are sent 8 times each: at once (the outcome is under test, not the waits).
    const applying = workspace.cli(['apply', 'p.json', '--api', 'legacy', '--concurrency', '2', '--timeout', '600'], NO_RETRY_WAITS);
    const saved = () => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db' && entry.status === 200).length;
    while (saved() < 3) await sleep(5);
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'hold' }, { kind: 'hold' }] });
    await requestsHeld(sandbox, 2);
    await sandbox.goAway();
    const applied = await applying;
    const updated = saved();
    const notStarted = COUNT - updated;

    expect(applied.code).toBe(1);
    const errors = applied.stderr.split('\n').filter(Boolean);
    expect(errors.filter((line) => line.startsWith('failed: ') || line.startsWith('unknown: '))).toEqual([]);
    expect(errors[0]).toMatch(
      new RegExp(`^stopped: Grafana stopped answering \\(GET /api/dashboards/uid/\\S+ failed: no response: connection (closed by the server|reset)[^)]*\\) \\(gave up after 8 attempts\\)\\), so no further change was started \\(${notStarted} not started\\)\\. Run dashsync apply --api legacy p\\.json again once it answers \\(what is done is skipped\\)$`),
    );
    expect(errors[1]).toMatch(new RegExp(`^not started \\(${notStarted}\\): update \\S+(, \\S+){${notStarted - 1}}$`));
    expect(applied.stdout).toMatch(new RegExp(`Applied: 0 created, ${updated} updated, 0 moved, 0 deleted; ${notStarted} not started \\(stopped: Grafana stopped answering\\)\\n$`));
  });
});
