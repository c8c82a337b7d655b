import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { startSubPathsProxy } from '../helpers/sub-path-proxy.js';

vi.setConfig({ testTimeout: 120_000 });

// fixd-70 left whether the server's version, read once per connection, could be read once per URL instead. It is never shared
// between connections, and never by host and port: two Grafanas behind one gateway on different sub-paths are two releases.
describe('plan --all-envs: two Grafanas behind one host and port, on different sub-paths', () => {
  it("plans each with its own release, each read from its own /api/health", async () => {
    const [eleven, thirteen] = await Promise.all([startTestSandbox({ grafanaVersion: '11.2' }), startTestSandbox({ grafanaVersion: '13' })]);
    const gateway = await startSubPathsProxy({ '/team-a': eleven.url, '/team-b': thirteen.url });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-sub-paths-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    await writeFile(join(dir, 'dashboards', 'home.json'), `${JSON.stringify({ uid: 'home', title: 'Home', schemaVersion: 39, panels: [] }, null, 2)}\n`);
    const environments = { 'team-a': { url: `${gateway.url}/team-a` }, 'team-b': { url: `${gateway.url}/team-b` } };
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', environments }));

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    expect([planned.code, planned.stderr]).toEqual([0, '']);
    const { plans } = JSON.parse(planned.stdout) as { plans: { target: { environment: string; grafanaVersion: string | null } }[] };
    const versionOf = Object.fromEntries(plans.map((plan) => [plan.target.environment, plan.target.grafanaVersion]));
    expect(versionOf).toEqual({ 'team-a': expect.stringMatching(/^11\.2\./), 'team-b': expect.stringMatching(/^13\./) });
    const healthReads = (sandbox: typeof eleven) => sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === '/api/health').length;
    expect([healthReads(eleven), healthReads(thirteen)]).toEqual([1, 1]);
  });
});
