import { describe, expect, it, onTestFinished } from 'vitest';
import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import { describeGrafanaPortContract } from '../../contract/grafana-port-contract.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { RELEASES } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

describeGrafanaPortContract({
  name: 'legacy',
  releases: RELEASES,
  startSandbox: (release) => startTestSandbox({ grafanaVersion: release.grafanaVersion }),
  expectations: (release) => ({
    // The folder listing is a search: SQL on 11 (consistent), an index that lags behind writes from 12.
    capabilities: { uniqueTitlesPerFolder: release.uniqueTitles, sharedUidSpace: release.sharedUidSpace, trash: release.trash, softDeleteTrash: release.trash, trashHoldsLibraryPanels: release.trash, trashHangsOnStorage: release.grafanaVersion === '12', trashListsOwnEntries: release.grafanaVersion !== '11.2', searchMayLag: release.grafanaVersion !== '11.2', saveRefusesUnknownId: release.grafanaVersion === '12', v2LibraryPanelUsesUncounted: release.grafanaVersion !== '11.2', connectionCountTrusted: release.grafanaVersion !== '13', apisSchemaVersion: release.grafanaVersion === '11.2' ? null : 42, apisSchemaVersionAtLeast: false, apisKeepsLabels: release.grafanaVersion !== '11.2' },
    restoresDeleted: release.trash,
    purges: true,
    savedBy: (login) => login,
    reads: 'per-uid',
  }),
  createPort: (sandbox, options) => createLegacyPort(portClientOptions(sandbox, options)),
});

describe.each(['11.2', '13'] as const)("readVersionsBetween on /api, Grafana %s: one request to the versions list, whose rows carry each version's data", (grafanaVersion) => {
  it('reads the versions between from the list alone; one the list does not reach (saved over since) on its own', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    for (let save = 1; save <= 5; save++) {
      const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: `Save ${save}`, panels: [] }, overwrite: true });
      expect(saved.status, saved.text).toBe(200);
    }
    const port = createLegacyPort(portClientOptions(sandbox));
    onTestFinished(() => port.close());
    const versionReads = () => sandbox.requests().filter((entry) => entry.path.startsWith('/api/dashboards/uid/d/versions')).map((entry) => entry.path);
    sandbox.clearRequests();

    const between = await port.readVersionsBetween!('d', { after: 1, before: 5 }, { apiVersion: null });
    expect(between.map((version) => [version.version, version.model.title])).toEqual([[4, 'Save 4'], [3, 'Save 3'], [2, 'Save 2']]);
    expect(versionReads()).toEqual(['/api/dashboards/uid/d/versions?limit=4']);

    // Asked as if version 3 were the live one: the newest two rows are 5 and 4, so 2 is read on its own.
    sandbox.clearRequests();
    const older = await port.readVersionsBetween!('d', { after: 1, before: 3 }, { apiVersion: null });
    expect(older.map((version) => [version.version, version.model.title])).toEqual([[2, 'Save 2']]);
    expect(versionReads()).toEqual(['/api/dashboards/uid/d/versions?limit=2', '/api/dashboards/uid/d/versions/2']);
  });
});
