import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { renderApplyStop, renderApplySummary } from '../../src/report/render-apply-result.js';
import { startTestProxy } from '../helpers/connect-proxy.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const CREDENTIALS = { user: 'carol', password: 'pr0xy-s3cret' };

// walk-18 L-7: a proxy that died mid-apply was reported as "Grafana stopped answering", sending the operator to Grafana.
describe('apply through a proxy that stops answering mid-run', () => {
  it('names the proxy, not Grafana, in the summary and the stop line (never its credentials)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const proxy = await startTestProxy({ credentials: CREDENTIALS });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-proxy-stop-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    for (const name of ['a', 'b', 'c']) await writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify({ panels: [], title: name, uid: name }, null, 2)}\n`);
    const settings = await loadSettings({ flags: { api: 'legacy', concurrency: 1 }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    // The write that finds the proxy gone is sent 8 times: at once (its waits are not under test).
    const env = { HTTP_PROXY: proxy.urlWithCredentials, ...NO_RETRY_WAITS };
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env });
    onTestFinished(() => grafana.close());
    let closing: Promise<void> | undefined;
    // The proxy goes away once the first dashboard is created: the next write finds its connection refused.
    const applied = await runApply({ settings, grafana, env, force: false, onEvent: (event) => { if (event.outcome === 'created') closing ??= proxy.close(); } });
    await closing;
    const result = applied.result!;

    expect(result.stoppedBy).toBe('unreachable');
    expect(result.stoppedAtProxy).toBe(`the proxy ${proxy.url} (from HTTP_PROXY)`);
    expect(renderApplySummary(result)).toMatch(/ \(stopped: the proxy stopped answering\)$/);
    const stop = renderApplyStop(result, 'cli');
    expect(stop).toMatch(/^stopped: the proxy stopped answering \(cannot reach the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTP_PROXY\): connection refused/);
    expect(stop).not.toContain('Grafana stopped answering');
    expect(`${stop}${JSON.stringify(result)}`).not.toContain(CREDENTIALS.password);
  });
});
