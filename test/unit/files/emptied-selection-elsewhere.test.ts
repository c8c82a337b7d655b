import { describe, expect, it } from 'vitest';
import { describeEmptiedSelection, type SelectionSettings } from '../../../src/files/emptied-selection.js';

const staging: SelectionSettings = {
  environment: 'staging',
  prune: 'folders',
  include: ['staging'],
  selectionFrom: { include: 'environment "staging"\'s include in dashsync.config.json', exclude: 'the "exclude" of dashsync.config.json' },
  configFile: 'dashsync.config.json',
  environmentsSharingOrg: [],
  environments: ['staging', 'production'],
  environmentsInOtherOrgs: {},
};
const none = { dashboardFiles: [], libraryFiles: [] };

describe('the emptied-environment warning and environments on separate Grafanas', () => {
  it('names the order of the clean-up while another environment may share the org', () => {
    expect(describeEmptiedSelection(staging, none, 'this plan')).toBe(
      'environment "staging"\'s include in dashsync.config.json (staging) selects no dashboard or library panel file: this plan only prunes what environment staging left in Grafana ' +
        '(its folders and the dashboards and library panels no file holds there); to clean up, apply the environment its files moved to first, then staging, ' +
        'then remove environment staging from dashsync.config.json; or fix its include',
    );
  });

  it('with every other environment on another Grafana org, it prunes the dashboards only they deploy too, and no order is asked', () => {
    expect(describeEmptiedSelection({ ...staging, environmentsInOtherOrgs: { production: 'grafana' } }, none, 'this plan')).toBe(
      'environment "staging"\'s include in dashsync.config.json (staging) selects no dashboard or library panel file: this plan only prunes what environment staging left in Grafana ' +
        '(its folders, the dashboards and library panels no file holds there, and the dashboards whose files only environments of other Grafana orgs deploy); to clean up, apply staging, ' +
        'then remove environment staging from dashsync.config.json; or fix its include',
    );
  });
});
