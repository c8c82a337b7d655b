import { describe, expect, it } from 'vitest';
import { emptyApplyResult } from '../../../src/apply/types.js';
import { decideDeletes } from '../../../src/plan/decide-deletes.js';
import { describeDeletesHeld, describeWarningsIn } from '../../../src/report/describe-warning.js';
import { renderApplySummary } from '../../../src/report/render-apply-result.js';
import { hit, liveFolder, liveState, tree } from '../plan/builders.js';

const FOLDER = 'infra';

describe('a legacy prune on Grafana 12+ whose plan may not read some histories (a Viewer\'s)', () => {
  it('plans those deletes marked ownerNotJudged with one owners-not-judged warning; holds those it read and found not dashsync\'s; deletes dashsync\'s unmarked', () => {
    const uids = ['mine', 'theirs', 'unread-a', 'unread-b'];
    const decided = decideDeletes({
      tree: tree(),
      scope: 'all',
      liveDashboards: uids.map((uid) => hit({ uid, folderUid: FOLDER })),
      liveFolders: new Map([[FOLDER, liveFolder({ uid: FOLDER, title: 'Infra' })]]),
      candidates: uids.map((uid) => ({ uid, live: liveState({ folderUid: FOLDER, title: uid }) })),
      planned: [],
      ownersUnseen: { grafana: 'Grafana 12', pushed: new Set(['mine']), notJudged: new Set(['unread-b', 'unread-a']) },
    });

    expect(decided.dashboards.map((d) => [d.uid, d.ownerNotJudged ?? false])).toEqual([['mine', false], ['unread-a', true], ['unread-b', true]]);
    expect(decided.warnings.filter((w) => w.kind === 'owners-not-seen' || w.kind === 'owners-not-judged')).toEqual([
      { kind: 'owners-not-seen', uid: null, uids: ['theirs'], grafana: 'Grafana 12' },
      { kind: 'owners-not-judged', uid: null, uids: ['unread-a', 'unread-b'], grafana: 'Grafana 12' },
    ]);
  });
});

describe('what the apply of a saved plan held of the deletes that plan could not judge', () => {
  const held = [
    { uid: 'tf-net', owner: 'others' as const },
    { uid: 'locked', owner: 'unread' as const },
    { uid: 'ui-made', owner: 'others' as const },
  ];

  it('says the others in the plan\'s hold words, and the unread ones with what lets the apply judge them, in each shell\'s words', () => {
    expect(describeDeletesHeld(held, { grafana: 'Grafana 12' }, { environment: 'staging' }, 'cli')).toEqual([
      '2 deletes held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana 12 (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); ' +
        'prune under legacy deletes only dashboards dashsync saved last: dashsync plan --env staging --api auto deletes the others no tool manages: tf-net, ui-made',
      '1 delete held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana 12 (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); ' +
        "prune under legacy deletes only dashboards dashsync saved last, and the version history that shows which those are could not be read (these credentials may not read it, or Grafana could not list it): apply the plan with credentials that may read version history (an Editor's: Grafana needs dashboards:write, Edit on the dashboard's folder), " +
        'or dashsync plan --env staging --api auto judges them on /apis: locked',
    ]);
    expect(describeDeletesHeld(held.slice(1, 2), { grafana: 'Grafana 13' }, undefined, 'action')).toEqual([
      '1 delete held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana 13 (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); ' +
        "prune under legacy deletes only dashboards dashsync saved last, and the version history that shows which those are could not be read (these credentials may not read it, or Grafana could not list it): apply the plan with a grafana-token input that may read version history (an Editor's: Grafana needs dashboards:write, Edit on the dashboard's folder), " +
        'or a plan whose "args" input holds --api auto (its apply step\'s too) judges them on /apis: locked',
    ]);
  });

  it('counts them apart in the closing line, never as deleted', () => {
    expect(renderApplySummary({ ...emptyApplyResult(), deleted: ['gone'], deletesHeld: held })).toBe('Applied: 0 created, 0 updated, 0 moved, 1 deleted, 3 deletes held');
  });
});

describe('where api "auto" read /api because /apis did not answer (own-64)', () => {
  it("advises a read-only token's plan only a plan that reaches /apis, never a writing role nor --api auto; the apply's unread hold the same", () => {
    const line = describeWarningsIn(undefined, 'action')({ kind: 'owners-not-judged', uid: null, uids: ['gone'], grafana: 'Grafana 12', readOnlyToken: true, apisUnanswered: true });
    expect(line).toContain('/apis did not answer, so api "auto" read /api');
    expect(line).toMatch(/; a plan that reaches \/apis \(this one once \/apis answers here, or a plan whose "args" input holds --api k8s, which stops where it does not\) judges them now: gone$/);
    expect(line).not.toContain('Editor');
    const [unread] = describeDeletesHeld([{ uid: 'locked', owner: 'unread' }], { grafana: 'Grafana 12', apisUnanswered: true }, undefined, 'cli');
    expect(unread).toMatch(/^1 delete held: \/apis did not answer, so api "auto" read \/api, .*; prune through \/api deletes only dashboards dashsync saved last, /);
    expect(unread).toMatch(/, or a plan that reaches \/apis \(this one once \/apis answers here, or dashsync plan --api k8s, which stops where it does not\) judges them there: locked$/);
  });
});
