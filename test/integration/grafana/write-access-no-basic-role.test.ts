import { describe, expect, it, onTestFinished } from 'vitest';
import { openGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import type { ApiMode } from '../../../src/config/types.js';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

// A service account with "No basic role" (review-5 #7): Grafana's permissions answer lists its managed grants only, so
// dashsync's write-access reading (read-write-access.ts) must tell `{}` (says nothing), a read-only grant and an Edit one apart.
describe.each([
  { grafanaVersion: '11.2' as GrafanaVersion, api: 'legacy' as ApiMode },
  { grafanaVersion: '12' as GrafanaVersion, api: 'k8s' as ApiMode },
  { grafanaVersion: '13' as GrafanaVersion, api: 'k8s' as ApiMode },
])('Grafana $grafanaVersion: dashboard write access of a service account with no basic role', ({ grafanaVersion, api }) => {
  it('no grant: unknown (an empty answer says nothing); View on a folder: none; Edit on it: some', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' }, adminHeaders());
    const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'bare', role: 'None' }, adminHeaders());
    const token = (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders())).body.key as string;
    const access = async () => {
      const port = openGrafanaPort(portClientOptions(sandbox, { token }), api);
      onTestFinished(() => port.close());
      return port.dashboardWriteAccess();
    };
    const grant = (permission: number) => apiRequest(sandbox, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission }] }, adminHeaders());

    expect(await access()).toBe('unknown');
    await grant(1);
    expect(await access()).toBe('none');
    await grant(2);
    expect(await access()).toBe('some');
  });
});
