import { describe, expect, it } from 'vitest';
import { describeHandMerge } from '../../../src/pull/describe-hand-merge.js';
import { describeUidLeftByFile } from '../../../src/pull/note-uids-left-by-files.js';

const BASE = '1c320425e80b0000';
const HEAD = '174d8c09b28a0000';

describe('describeHandMerge where git moved the file since the base (review-67b M2)', () => {
  it('the pulled file is committed where Grafana has it, then git\'s patch from the base moves it on with the edits: it ends where git put it', () => {
    const line = describeHandMerge(
      { uid: 'm', file: 'k/m.json', forcePull: 'dashsync pull --force m', to: 'd/m.json', from: 'd/m.json' },
      { head: HEAD, base: BASE, movedFrom: 'd/m.json' },
    );
    expect(line).toBe(
      "To merge by hand, run: dashsync pull --force m && git add -A -- k/m.json d/m.json && git commit -m 'pull m from Grafana' -- k/m.json d/m.json && " +
        "git diff -M 1c320425e80b 174d8c09b28a -- d/m.json k/m.json | git apply --3way && git commit -m 'm: merge 174d8c09b28a with the pulled version' -- d/m.json k/m.json " +
        "(where git apply reports a conflict, keep each side's change where k/m.json marks it, one value per key (a key both sides changed: choose one value), then run the last git commit)",
    );
  });

  it('without a base (no push recorded after a restore, review-68a M1) the pulled file goes where git put it, and git checkout -p asks there', () => {
    const line = describeHandMerge(
      { uid: 'm', file: 'k/m.json', forcePull: 'dashsync pull --force m', to: 'd/m.json', toFolderFile: 'd/_folder.json', toFolderFileMade: true, from: 'd/m.json' },
      { head: HEAD, movedFrom: 'd/m.json' },
    );
    expect(line).toBe(
      "To merge by hand, run: dashsync pull --force m && git add -A -- k/m.json d/m.json d/_folder.json && git commit -m 'pull m from Grafana' -- k/m.json d/m.json d/_folder.json && " +
        "git mv d/m.json k/m.json && git rm -q -- d/_folder.json && git checkout -p 174d8c09b28a -- k/m.json && git commit -m 'm: merge 174d8c09b28a with the pulled version' -- d/m.json k/m.json d/_folder.json " +
        "(git checkout -p asks, for each difference, whether to take your line back (y) or keep Grafana's (n))",
    );
  });

  it('where Grafana has it in a third folder, the pulled file goes to the base\'s path first (git mv), so the patch finds it', () => {
    const line = describeHandMerge({ uid: 'm', file: 'k/m.json', forcePull: 'dashsync pull --force m', to: 'x/m.json', from: 'd/m.json' }, { head: HEAD, base: BASE, movedFrom: 'd/m.json' });
    expect(line).toContain(" -- k/m.json x/m.json && git mv x/m.json d/m.json && git diff -M 1c320425e80b 174d8c09b28a -- d/m.json k/m.json | git apply --3way && ");
    // d/m.json was a way station: neither HEAD nor the index knows it once the patch moved it on (review-68b M1).
    expect(line).toContain("git commit -m 'm: merge 174d8c09b28a with the pulled version' -- x/m.json k/m.json (where git apply");
  });

  it('every path after -- is literal: a [1] in a name takes no look-alike file (review-68b M2)', () => {
    const line = describeHandMerge({ uid: 'm', file: 'k/m[1].json', forcePull: 'dashsync pull --force m', to: 'x/m*.json', from: 'd/m?.json' }, { head: HEAD, base: BASE, movedFrom: 'd/m?.json' });
    expect(line).toContain(
      "git mv 'x/m*.json' 'd/m?.json' && git diff -M 1c320425e80b 174d8c09b28a -- ':(literal)d/m?.json' ':(literal)k/m[1].json' | git apply --3way && " +
        "git commit -m 'm: merge 174d8c09b28a with the pulled version' -- ':(literal)x/m*.json' ':(literal)k/m[1].json' (where",
    );
  });

  it('without a move the steps are as before: one path, no -M', () => {
    const line = describeHandMerge({ uid: 'm', file: 'k/m.json', forcePull: 'dashsync pull --force m' }, { head: HEAD, base: BASE });
    expect(line).toContain('git diff 1c320425e80b 174d8c09b28a -- k/m.json | git apply --3way');
  });
});

describe('describeUidLeftByFile (review-67b L3)', () => {
  const left = { uid: 'a', created: 'd/a.json', file: 'd/x.json', nowUid: 'a-2' };
  it('names the commit that changed the uid, the copy the next apply makes, and the plan\'s way back', () => {
    expect(describeUidLeftByFile({ ...left, changedIn: '18276cdfe3ca0000', changedTo: 'a-2' }, undefined)).toBe(
      'd/a.json: d/x.json held uid a until commit 18276cdfe3ca, which changed it to a-2; this pull wrote a as a second file, and the next apply keeps that dashboard and creates a-2 beside it. ' +
        'To keep one dashboard with the edits of both: remove d/a.json, put "uid": "a" back in d/x.json and commit it, then dashsync pull a merges the edit into it',
    );
  });
  it('a later commit changed it again (review-68a L2): the uid that commit gave, and the one held now', () => {
    expect(describeUidLeftByFile({ ...left, nowUid: 'a-3', changedIn: '18276cdfe3ca0000', changedTo: 'a-2' }, undefined)).toContain('d/x.json held uid a until commit 18276cdfe3ca, which changed it to a-2 (a-3 now); ');
    expect(describeUidLeftByFile({ ...left, changedIn: '18276cdfe3ca0000' }, undefined)).toContain('d/x.json held uid a until commit 18276cdfe3ca, which changed it (a-2 now); ');
  });
  it('a change not committed, and a dry run', () => {
    expect(describeUidLeftByFile(left, undefined, true)).toContain('d/x.json held uid a in its last commit (a-2 since, not committed); this pull would write a as a second file, and the next apply would keep');
  });
});
