import { describe, expect, it } from 'vitest';
import { generatedTree } from '../../helpers/generated-tree.js';
import { runCli, runCliInProcess } from '../../helpers/run-cli.js';
import { writeDashboardTree } from '../../../scripts/lib/generate-dashboards.mjs';
import { join } from 'node:path';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { lines } from './plan-fixture.js';

// The drift check's history lookups (GET …/versions?limit=1) run beside the dashboard reads and are
// awaited once every dashboard is decided. One that fails before then must end the plan with its one
// error line, like any failed request, not crash the process with a stack trace.

function grafanaEnv(sandbox: SandboxHandle): Record<string, string> {
  return { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
}

describe('a history lookup that fails while the plan still reads dashboards', () => {
  it('ends the plan with one error line naming the request, exit 1, no stack trace', async () => {
    const { sandbox, dir } = await generatedTree({ count: 6, seed: 3 });
    const applied = await runCliInProcess(['apply', '--api', 'legacy'], { cwd: dir, env: grafanaEnv(sandbox) });
    expect(applied.code).toBe(0);
    writeDashboardTree(join(dir, 'dashboards'), { count: 6, seed: 3, mutate: { fraction: 1, seed: 2 } });
    // The first changed dashboard's history lookup gets a sign-in page (what an SSO proxy whose session ran out sends).
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'delay', ms: 0 }, { kind: 'delay', ms: 0 }, { kind: 'login-page' }] });

    const result = await runCli(['plan', '--api', 'legacy', '--concurrency', '1'], { cwd: dir, env: grafanaEnv(sandbox) });

    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: GET \/api\/dashboards\/uid\/\S+ failed: HTTP 200: the answer is not JSON \("Sign in Sign in to continue"\)/)]);
    expect(result.stderr).not.toContain('    at ');
  });
});
