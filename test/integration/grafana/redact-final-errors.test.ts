import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

describe('the final error line of a request', () => {
  it('redacts the password percent-encoded too, as the retry notes do (a gateway echoing the URL it was asked for)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { api: 'legacy' }, env, cwd: process.cwd() });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    sandbox.setFaults({ pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'status', status: 400, message: 'gateway: bad request for https://u:%61dmin@gw.example/x?p=%61%64min' }] });

    const error = await grafana.getDashboard('anything').then(() => null, (caught: unknown) => caught as Error);

    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('gateway: bad request for https://u:[redacted]@gw.example/x?p=[redacted]');
    expect(error!.message).not.toMatch(/%61|admin/);
  });
});
