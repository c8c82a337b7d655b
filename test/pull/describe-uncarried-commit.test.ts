import { describe, expect, it } from 'vitest';
import { describeLeftFile, type LeftFile } from '../../src/pull/describe-left-file.js';
import type { CommitOutsidePush } from '../../src/pull/find-uncarried-commit.js';

// pull-48: a `_library/` file refused because the commit dashsync's newest push was made from is not known to hold the file's.
const refusedBecause = (because: CommitOutsidePush['because']): LeftFile => ({
  decision: {
    action: 'refuse',
    reason: 'library-change-unknown',
    commit: '3f9a0c2d41be0000000000000000000000000000',
    merge: { head: '3f9a0c2d41be0000000000000000000000000000' },
    saverEvidence: { kind: 'outside-push', dashboard: 'node', pushedAt: '2026-12-04T05:00:00Z', pushedFrom: '5e0c1d2a9b7f1111111111111111111111111111', because },
  },
  git: 'committed',
  author: { author: 'someone-else', version: 3, by: 'editor', at: '2026-12-04T05:10:00Z' },
  gitUnavailable: null,
});

describe("the refused line of a `_library/` file no push of dashsync's is known to have carried, by the push's commit", () => {
  const push = "dashsync's newest push on the dashboards using the panel (dashboard node, at 2026-12-04T05:00:00Z) was made from commit 5e0c1d2a9b7f";

  it('names the commit, the push and its commit (short), and says what git answered, for each case', () => {
    expect(describeLeftFile(refusedBecause('outside'), { uid: 'lp-cpu', file: 'dashboards/_library/cpu.json' })).toContain(
      `in git by 3f9a0c2d41be: Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana ` +
        `(its creator and last saver are not these credentials, and no push of dashsync's is known to have carried that commit: ${push}, which neither is that commit nor has it in its history. ` +
        "If it came from a pull or was applied since, taking Grafana's version loses nothing: git keeps the commit). To merge by hand, run: dashsync pull --force lp-cpu && ",
    );
    expect(describeLeftFile(refusedBecause('push-commit-missing'), { uid: 'lp-cpu', file: 'dashboards/_library/cpu.json' })).toContain(
      `${push}, which this clone does not have (made from another branch or clone), so it cannot be shown to hold that commit. If it came from a pull`,
    );
    // review-14 LOW-2: a shallow clone's cut history is said as such, with the way to a full one.
    expect(describeLeftFile(refusedBecause('shallow'), { uid: 'lp-cpu', file: 'dashboards/_library/cpu.json' })).toContain(
      `${push}, and this clone is shallow, so git cannot show whether that commit's history holds it (fetch the full history: git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0). If it came from a pull`,
    );
    expect(describeLeftFile(refusedBecause('unreadable'), { uid: 'lp-cpu', file: 'dashboards/_library/cpu.json' })).toContain(`${push}, and git could not tell whether that commit's history holds it. If it came from a pull`);
  });
});
