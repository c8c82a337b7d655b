import { describe, expect, it } from 'vitest';
import { generatedTree } from '../../helpers/generated-tree.js';
import { workspaceAt } from '../apply/workspace.js';

// Without an org id a plan names the org its credentials act in (GET /api/user). Asked once every dashboard was read, it was
// one more round trip at the end of every such plan; it goes out beside the listings (docs/performance.md, perf-58a).
describe('a plan without an org id', () => {
  it('asks GET /api/user while the dashboards are read, not after the last of them, and still names the org', { timeout: 120_000 }, async () => {
    const { sandbox, dir } = await generatedTree({ count: 12, seed: 5 });
    const { cli } = workspaceAt(dir, sandbox);
    expect((await cli(['apply', '--api', 'legacy'])).code).toBe(0);
    sandbox.clearRequests();

    const result = await cli(['plan', '--api', 'legacy', '--concurrency', '2', '--format', 'markdown']);

    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain(`Target: \`${sandbox.url}\` (org 1, from the credentials) through /api`);
    const paths = sandbox.requests().map((entry) => entry.path);
    expect(paths.filter((path) => path === '/api/user')).toHaveLength(1);
    // Two connections: the reads go two at a time, and most of them after it.
    const readsAfter = paths.slice(paths.indexOf('/api/user') + 1).filter((path) => path.startsWith('/api/dashboards/uid/'));
    expect(readsAfter.length).toBeGreaterThanOrEqual(6);
  });
});
