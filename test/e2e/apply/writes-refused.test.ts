import { describe, expect, it, vi } from 'vitest';
import { generatedTree } from '../../helpers/generated-tree.js';
import { NO_RETRY_WAITS } from '../../helpers/run-cli.js';
import { workspaceAt } from './workspace.js';

// Five saves in a row, each sent 8 times, one at a time; the waits between sends (up to 24 s a save) are not under test here.
vi.setConfig({ testTimeout: 120_000 });

const COUNT = 12;

describe('Grafana refuses every write with the same server error (maintenance, read-only database)', () => {
  it('after 5 writes in a row failed after their retries, no new change starts: one line says why, the rest is not started', async () => {
    const { sandbox, dir } = await generatedTree({ count: COUNT, seed: 4 });
    // Reads are answered, and the 5 folders made; every dashboard save is refused with 503.
    sandbox.setFaults({ errorRate: 1, errorStatus: 503, methods: ['POST'], pathPrefix: '/api/dashboards/db' });

    const applied = await workspaceAt(dir, sandbox).cli(['apply', '--concurrency', '1'], NO_RETRY_WAITS);

    expect(applied.code).toBe(1);
    const errors = applied.stderr.split('\n').filter(Boolean);
    expect(errors.filter((line) => line.startsWith('failed: '))).toHaveLength(5);
    const stop = errors.filter((line) => line.startsWith('stopped: '));
    expect(stop).toEqual([
      `stopped: Grafana refuses every write (HTTP 503 to 5 writes in a row, each after its retries), so no further change was started: 5 done, 5 failed, ${COUNT - 5} not started. ` +
        'Run dashsync apply again once it takes writes; if it keeps refusing, ask who runs it (maintenance, a read-only database?)',
    ]);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^not started \\(${COUNT - 5}\\): create `)));
    // Five saves, each sent 8 times; none of the rest was sent.
    const saves = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(saves).toHaveLength(40);
    expect(applied.stdout).toMatch(/5 failed, 7 not started\. .*\(stopped: Grafana refuses every write\)\n$/s);
  });
});
