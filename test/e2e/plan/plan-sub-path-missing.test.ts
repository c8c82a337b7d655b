import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { startSubPathProxy } from '../../helpers/sub-path-proxy.js';
import { exampleWorkspace, writes } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 60_000 });

describe('a Grafana behind a proxy at a sub-path, with the sub-path left out of the URL', () => {
  it('is one URL error from /api/health, not an error on each v2 file; with the sub-path the plan works', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const proxy = await startSubPathProxy(sandbox.url);
    const workspace = await exampleWorkspace(sandbox, { resources: true });

    const missing = await workspace.cli(['plan'], { GRAFANA_URL: proxy.url });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(
      /^error: GET \/api\/health failed: HTTP 404: non-JSON response: .*Not Found.* \(is the URL that of Grafana\? One served under a sub-path needs it in the URL: https:\/\/example\.com\/grafana\)\n$/,
    );
    expect(missing.stderr).not.toContain('v2-needs-apis');
    // The release and the credentials are read beside discovery: the health read that explains it is that one.
    expect(proxy.paths().sort()).toEqual(['/api/health', '/api/user', '/apis']);

    const right = await workspace.cli(['plan'], { GRAFANA_URL: proxy.urlWithPrefix });
    expect([right.code, right.stderr]).toEqual([0, '']);
    expect(right.stdout).toContain('Plan: ');
    expect(writes(sandbox)).toEqual([]);
  });

  it('Grafana 11 (its /apis a JSON 404) still plans through /api, reading /api/health once', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await exampleWorkspace(sandbox);
    sandbox.clearRequests();
    const plan = await workspace.cli(['plan']);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const paths = sandbox.requests().map((entry) => entry.path);
    // Discovery first, with the reads that go beside it (the release, the credentials).
    expect(paths.slice(0, 3).sort()).toEqual(['/api/health', '/api/user', '/apis']);
    expect(paths.filter((path) => path === '/api/health')).toHaveLength(1);
  });
});
