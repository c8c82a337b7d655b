import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import { describeGrafanaPortContract } from '../../contract/grafana-port-contract.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { RELEASES } from '../../helpers/releases.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

describeGrafanaPortContract({
  name: 'legacy',
  releases: RELEASES,
  startSandbox: (release) => startTestSandbox({ grafanaVersion: release.grafanaVersion }),
  expectations: (release) => ({
    // The folder listing is a search: SQL on 11 (consistent), an index that lags behind writes from 12.
    capabilities: { uniqueTitlesPerFolder: release.uniqueTitles, sharedUidSpace: release.sharedUidSpace, trash: release.trash, softDeleteTrash: release.trash, trashHoldsLibraryPanels: release.trash, trashHangsOnStorage: release.grafanaVersion === '12', searchMayLag: release.grafanaVersion !== '11.2', saveRefusesUnknownId: release.grafanaVersion === '12', v2LibraryPanelUsesUncounted: release.grafanaVersion !== '11.2', connectionCountTrusted: release.grafanaVersion !== '13', apisSchemaVersion: release.grafanaVersion === '11.2' ? null : 42, apisSchemaVersionAtLeast: false, apisKeepsLabels: release.grafanaVersion !== '11.2' },
    restoresDeleted: release.trash,
    purges: true,
    savedBy: (login) => login,
    reads: 'per-uid',
  }),
  createPort: (sandbox, options) => createLegacyPort(portClientOptions(sandbox, options)),
});
