import { describe, expect, it } from 'vitest';
import { describeUncommittedPushes, findUncommittedPushes } from '../../../src/apply/describe-uncommitted-pushes.js';
import type { DashboardAction } from '../../../src/plan/types.js';

/** The fields findUncommittedPushes reads of a plan's action. */
const action = (uid: string, file: string | null) => ({ kind: 'dashboard', uid, file }) as DashboardAction;

describe('findUncommittedPushes', () => {
  const actions = [action('a', 'dashboards/a.json'), action('b', 'dashboards/b.json'), action('c', 'dashboards/c.json'), action('gone', null)];

  it('takes the saves of files HEAD does not hold, in the plan\'s order; not a save that made no version, nor one without its note', () => {
    const uncommitted = new Set(['dashboards/a.json', 'dashboards/b.json', 'dashboards/c.json']);
    expect(findUncommittedPushes(actions, new Set(['c', 'a']), uncommitted, new Set())).toEqual([
      { uid: 'a', file: 'dashboards/a.json' },
      { uid: 'c', file: 'dashboards/c.json' },
    ]);
    expect(findUncommittedPushes(actions, new Set(['a', 'b']), uncommitted, new Set(['a']))).toEqual([{ uid: 'b', file: 'dashboards/b.json' }]);
  });

  it('finds none where every file is committed as it is, or git could not tell', () => {
    expect(findUncommittedPushes(actions, new Set(['a', 'b']), new Set(), new Set())).toEqual([]);
    expect(findUncommittedPushes(actions, new Set(['a', 'b']), undefined, new Set())).toEqual([]);
  });
});

describe('describeUncommittedPushes', () => {
  it('says nothing when there are none', () => {
    expect(describeUncommittedPushes([])).toBeNull();
  });

  it('counts them, names ten files, and says to commit them', () => {
    const pushes = Array.from({ length: 12 }, (_, i) => ({ uid: `d${i}`, file: `dashboards/d${String(i).padStart(2, '0')}.json` }));
    expect(describeUncommittedPushes(pushes)).toBe(
      "12 dashboards were pushed from files git's HEAD does not hold as they are (an edit not committed, or a file git does not track): " +
        'dashboards/d00.json, dashboards/d01.json, dashboards/d02.json, dashboards/d03.json, dashboards/d04.json, dashboards/d05.json, dashboards/d06.json, dashboards/d07.json, dashboards/d08.json, dashboards/d09.json, and 2 more. ' +
        'No commit holds those versions: their version messages say [uncommitted], and a plan in any other checkout (another clone, a CI job) counts them as ' +
        "someone else's change until a commit holds them; commit these files and push the commit",
    );
    expect(describeUncommittedPushes([{ uid: 'a', file: 'dashboards/a.json' }])).toBe(
      "1 dashboard was pushed from a file git's HEAD does not hold as it is (an edit not committed, or a file git does not track): dashboards/a.json. " +
        "No commit holds that version: its version message says [uncommitted], and a plan in any other checkout (another clone, a CI job) counts it as someone else's change until a commit holds it; " +
        'commit the file and push the commit',
    );
  });

  // review-69b L3: in a pipeline the push names the pipeline, whose next run (of the same job) takes it as its own.
  it("in a pipeline, says its later runs take the push as their own, and does not tell a job that generates its files to commit them", () => {
    expect(describeUncommittedPushes([{ uid: 'a', file: 'dashboards/a.json' }], 'chosen')).toBe(
      "1 dashboard was pushed from a file git's HEAD does not hold as it is (an edit not committed, or a file git does not track): dashboards/a.json. " +
        'No commit holds that version: its version message says [uncommitted], naming this pipeline: its later runs (a re-run of an older one too) take it as their own and apply over it, ' +
        "while a plan in any other job, workflow or clone counts it as someone else's change until a commit holds it; " +
        'where this job generates the file on every run, that is expected, else commit it and push the commit',
    );
  });

  // rev-69c: a GitHub Actions job's runs for a pull request share an id of their own, apart from its runs on branches and tags.
  it("names the runs that share the id: a GitHub job's on a branch or tag, or one pull request's", () => {
    const one = [{ uid: 'a', file: 'dashboards/a.json' }];
    expect(describeUncommittedPushes(one, 'github-job')).toContain(
      "naming this pipeline: its later runs on any branch or tag (a re-run of an older one too) take it as their own and apply over it, while a plan in any other job, workflow or clone, or in this job's runs for a pull request, counts it as someone else's change",
    );
    expect(describeUncommittedPushes(one, { pullRequest: 7 })).toContain(
      "naming this job's runs for pull request #7: its later runs for that pull request (a re-run of an older one too) take it as their own and apply over it, " +
        "while a plan in any other job, workflow, pull request or clone, or in this job's runs on a branch or tag, counts it as someone else's change until a commit holds it; where this job generates the file",
    );
  });
});
