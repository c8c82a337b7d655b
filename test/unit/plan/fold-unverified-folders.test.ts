import { describe, expect, it } from 'vitest';
import { foldUnverifiedFolders } from '../../../src/plan/fold-unverified-folders.js';
import type { PlanWarning } from '../../../src/plan/types.js';
import { plan } from './builders.js';

/** The warning the planner gives a folder to create that Grafana would not let these credentials read (describeUnverifiedFolder). */
const unverified = (uid: string): PlanWarning => ({
  kind: 'other',
  uid,
  message: `folder ${uid} is not in Grafana's folder search and a read of it was refused (HTTP 403), which Grafana answers a non-Admin for a folder that does not exist as for one hidden from it: planned as a create, which Grafana refuses if it exists`,
});

describe('foldUnverifiedFolders: the folders a plan could not prove absent, in one note', () => {
  it('names the first ten in uid order and counts the rest; every other warning stays as it was', () => {
    const other: PlanWarning = { kind: 'other', uid: null, message: 'something else' };
    const uids = Array.from({ length: 12 }, (_, i) => `team-${String(12 - i).padStart(2, '0')}`);
    const folded = foldUnverifiedFolders(plan({ warnings: [other, ...uids.map(unverified)] }));

    expect(folded.warnings.filter((warning) => warning.kind === 'other')).toEqual([other]);
    const notes = folded.warnings.filter((warning) => warning.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(
      /^folders team-01, team-02, team-03, team-04, team-05, team-06, team-07, team-08, team-09, team-10 and 2 more planned as creates without proof that Grafana has none: through \/api, /,
    );
    expect(notes[0]!.message).toMatch(/An org Admin's token, or a plan through \/apis \(api auto or k8s\), which tells the two apart, leaves no doubt$/);
  });

  it('a plan without such folders is returned as it is', () => {
    const given = plan({ warnings: [{ kind: 'other', uid: 'x', message: 'folder x exists but these credentials cannot see it' }] });
    expect(foldUnverifiedFolders(given)).toBe(given);
  });
});
