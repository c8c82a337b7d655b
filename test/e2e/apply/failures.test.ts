import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

describe('apply with failing requests', () => {
  it('a permanent failure on one dashboard is reported without stopping the others; a re-run converges', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 500 }] });

    const applied = await workspace.cli(['apply']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/^failed: create [\w-]+ "[^"]+": POST \/api\/dashboards\/db failed: HTTP 500: .+\n1 planned change failed \(its line is above\); .+ run dashsync apply again to finish \(what is done is skipped\)\n$/);
    expect(applied.stdout).toContain('Applied: 6 created, 0 updated, 0 moved, 0 deleted; 1 failed. Folders: 5 created\n');

    const again = await workspace.cli(['apply']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('Applied: 1 created, 0 updated, 0 moved, 0 deleted\n');
    const final = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(final.code).toBe(0);
  });

  // apply-55's walk: one folder refused with a 500, and the folders and dashboards inside it never tried, ended in
  // "8 planned changes failed" under a summary that counts "1 failed, 7 not attempted".
  it('a folder that could not be made: the last line counts it apart from what was not attempted for it, as the summary does', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/folders', script: [{ kind: 'status', status: 500 }] });

    const applied = await workspace.cli(['apply', '--api', 'legacy', '--include', 'platform/**']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(/^failed: folder-create platform-team "Platform Team": POST \/api\/folders failed: HTTP 500: /m);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 failed, 6 not attempted\n');
    expect(applied.stderr).toContain(
      "1 planned change failed, and 6 that need it were not attempted (their lines are above); once the cause is fixed or has passed (a 429 or 5xx often does), run dashsync apply --api legacy --include 'platform/**' again to finish",
    );
    expect(applied.stderr).not.toContain('7 planned changes failed');
  });

  it('a 401 stops starting new work: the credentials are wrong for every request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 401 }] });

    const applied = await workspace.cli(['apply', '--concurrency', '1']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'stopped: Grafana answered 401 Unauthorized, so no further change was started (6 not started). Check GRAFANA_USER and GRAFANA_PASSWORD and run again\n',
    );
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 failed, 6 not started. Folders: 5 created (stopped: 401 Unauthorized)\n');
    expect(sandbox.requests().filter((entry) => entry.path === '/api/dashboards/db')).toHaveLength(1);
  });
});
