import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { GrafanaHttpError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { copyExampleTree } from '../e2e/apply/workspace.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

// The dashboards' answers are parsed when the plan takes them, after the next GET went out
// (readEach's finish): an answer that is not JSON must still stop the plan with the same error.
describe('a dashboard read answered by a sign-in page instead of JSON', () => {
  it('stops the plan with an error naming the request, however late the answer is parsed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-sign-in-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await copyExampleTree(dir);
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { api: 'legacy', concurrency: 1 }, env, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    // The second dashboard's answer only: the first is read and decided normally.
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/', methods: ['GET'], script: [{ kind: 'status', status: 404 }, { kind: 'login-page' }] });

    const error = await createPlan({ settings, grafana, git: GIT }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GrafanaHttpError);
    const message = (error as Error).message;
    expect(message).toMatch(/^GET \/api\/dashboards\/uid\/\S+ failed: HTTP 200: the answer is not JSON \("Sign in Sign in to continue"\): is a sign-in page or a proxy in front of Grafana\?/);
    const faulted = sandbox.requests().filter((entry) => entry.fault === 'login-page');
    expect(faulted).toHaveLength(1);
    expect(message).toContain(faulted[0]!.path);
  });
});
