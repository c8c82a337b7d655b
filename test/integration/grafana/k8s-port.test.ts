import { expect } from 'vitest';
import { openGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { describeGrafanaPortContract } from '../../contract/grafana-port-contract.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { RELEASES } from '../../helpers/releases.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

const APIS_RELEASES = [
  ...RELEASES.filter((release) => release.grafanaVersion !== '11.2'),
  { ...RELEASES.find((release) => release.grafanaVersion === '13')!, label: '13 without dashboardNewLayouts', newLayouts: false },
];

describeGrafanaPortContract({
  name: 'k8s',
  releases: APIS_RELEASES,
  startSandbox: (release) =>
    startTestSandbox({ grafanaVersion: release.grafanaVersion, ...('newLayouts' in release ? { features: { dashboardNewLayouts: release.newLayouts as boolean } } : {}) }),
  expectations: (release) => ({
    capabilities: { uniqueTitlesPerFolder: false, sharedUidSpace: false, trash: true, softDeleteTrash: false, trashHoldsLibraryPanels: false, trashHangsOnStorage: false, trashListsOwnEntries: release.grafanaVersion !== '11.2', searchMayLag: false, saveRefusesUnknownId: release.grafanaVersion === '12', v2LibraryPanelUsesUncounted: release.grafanaVersion !== '11.2', connectionCountTrusted: release.grafanaVersion !== '13', apisSchemaVersion: release.grafanaVersion === '11.2' ? null : 42, apisSchemaVersionAtLeast: false, apisKeepsLabels: true },
    // Only unified storage (13 here; 12 keeps legacy SQL storage) keeps deleted dashboards in "Recently deleted"; /apis cannot purge it.
    restoresDeleted: release.grafanaVersion === '13',
    purges: false,
    savedBy: () => expect.stringMatching(/^user:/),
    reads: 'pages',
  }),
  createPort: (sandbox, options) => openGrafanaPort(portClientOptions(sandbox, options), 'k8s'),
});
