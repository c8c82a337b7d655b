import { describe, expect, it } from 'vitest';
import { decideDashboardPrune, type DashboardPruneEvidence } from '../../src/pull/decide-dashboard-prune.js';
import type { OnlyInGit } from '../../src/pull/types.js';

const gone: OnlyInGit = { file: 'team/api.json', uid: 'api', title: 'API', folderUid: 'team' };

function evidence(overrides: Partial<DashboardPruneEvidence> = {}): DashboardPruneEvidence {
  return { prune: true, force: false, git: 'committed', gitUnavailable: null, folderHidden: false, ...overrides };
}

describe('decideDashboardPrune: a dashboard file whose uid Grafana does not list', () => {
  it('--prune deletes it when git holds it as it is; without --prune it is only in git', () => {
    expect(decideDashboardPrune(gone, evidence())).toEqual({ action: 'delete' });
    expect(decideDashboardPrune(gone, evidence({ prune: false }))).toEqual({ action: 'list' });
  });

  it('keeps a file git does not hold as it is, unless --force', () => {
    expect(decideDashboardPrune(gone, evidence({ git: 'uncommitted' }))).toEqual({
      action: 'keep',
      why: 'uid api is not in Grafana, but it is not committed in git (a new dashboard not applied yet?): not deleted',
    });
    expect(decideDashboardPrune(gone, evidence({ git: 'uncommitted', force: true }))).toEqual({ action: 'delete' });
  });

  it('cannot tell when its folder is hidden from the credentials: kept with --prune (--force too), a note without, never an "only in git" line', () => {
    const why = 'uid api is not among the dashboards these credentials can see, and its folder team cannot be read with them: pull cannot tell whether it is gone';
    expect(decideDashboardPrune(gone, evidence({ folderHidden: true, force: true }))).toEqual({ action: 'keep', why: `${why}; not deleted` });
    expect(decideDashboardPrune(gone, evidence({ folderHidden: true, prune: false }))).toEqual({ action: 'note', note: `${why}; file left as it is` });
  });
});
