import { describe, expect, it } from 'vitest';
import { describeWarning } from '../../../src/report/describe-warning.js';
import { renderPlan } from '../../../src/report/render-plan.js';
import { renderPlanMarkdown } from '../../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import { renderSummaryLine } from '../../../src/report/render-summary.js';
import { toPlanJson } from '../../../src/report/render-plan-json.js';
import { libraryPanelActions, type LibraryPanelAction } from '../../../src/plan/types.js';
import { action, folderAction, liveState, plan } from '../plan/builders.js';

const mixed = plan({
  actions: [
    folderAction({ action: 'create', uid: 'team', title: 'Team' }),
    folderAction({ action: 'noop', uid: 'infra', title: 'Infra', live: { title: 'Infra', parentUid: null, revision: '1' } }),
    action({ uid: 'new', action: 'create', title: 'New', folderUid: 'team' }),
    action({
      uid: 'cpu',
      action: 'update',
      title: 'CPU',
      folderUid: 'infra',
      live: liveState({ version: 4, folderUid: 'infra', folderTitle: 'Infra' }),
      changes: [
        { path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(x[5m])', after: 'rate(x[1m])' },
        { path: 'tags[1]', kind: 'added', after: 'prod' },
        { path: 'description', kind: 'removed', before: 'old' },
      ],
    }),
    action({ uid: 'same', action: 'noop' }),
    action({ uid: 'gone', action: 'delete', title: 'Gone', live: liveState({ version: 2, folderUid: 'infra', folderTitle: 'Infra' }) }),
  ],
  warnings: [{ kind: 'drift', uid: 'cpu', title: 'CPU', version: 4, updatedBy: 'jane', updated: '2026-03-04T05:06:07Z', message: 'fix axis' }],
  summary: { create: 1, update: 1, move: 0, delete: 1, unchanged: 1, folderCreate: 1, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 },
});

describe('renderSummaryLine', () => {
  it('is the one-line summary, with folders only when they change', () => {
    const summary = { create: 3, update: 2, move: 1, delete: 4, unchanged: 120, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 };
    expect(renderSummaryLine(summary)).toBe('Plan: 3 to create, 2 to update, 1 to move, 4 to delete, 120 unchanged.');
    expect(renderSummaryLine({ ...summary, folderCreate: 1, folderDelete: 2 })).toBe(
      'Plan: 3 to create, 2 to update, 1 to move, 4 to delete, 120 unchanged. Folders: 1 to create, 2 to delete.',
    );
  });

  it('counts what prune left to another environment of the org, as the markdown headline (job summary, comment) does', () => {
    const summary = { create: 0, update: 0, move: 0, delete: 0, unchanged: 2, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0, otherEnvironments: 3 };
    const left = '3 not pruned (left to another environment of this Grafana org; see the warning)';
    expect(renderSummaryLine(summary)).toBe(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged, ${left}.`);
    expect(renderPlanMarkdown(plan({ summary }))).toContain(`\n\n2 unchanged, ${left}.\n`);
  });

  it('counts dashboards left to other tools with the number they are (walk-62 L1)', () => {
    const summary = { create: 0, update: 0, move: 0, delete: 0, unchanged: 3, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 };
    expect(renderSummaryLine({ ...summary, untouched: 1 })).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged, 1 left to its owner.');
    expect(renderSummaryLine({ ...summary, untouched: 3 })).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged, 3 left to their owners.');
    expect(renderPlanMarkdown(plan({ summary: { ...summary, untouched: 3 } }))).toContain('\n\n3 unchanged, 3 left to their owners.\n');
  });
});

describe('the org in the header (audit-ux-7 F6)', () => {
  it('names the org the credentials chose, in text and markdown, and the configured one as before', () => {
    const fromToken = plan({ target: { ...plan().target, orgId: null, credentialsOrgId: 2 } });
    expect(renderPlanText(fromToken, { color: false }).split('\n')[0]).toBe('dashsync plan for https://grafana.example.com (org 2, from the credentials) through /api');
    expect(renderPlanMarkdown(fromToken)).toContain('Target: `https://grafana.example.com` (org 2, from the credentials) through /api');
    const configured = plan({ target: { ...plan().target, orgId: 3, credentialsOrgId: 3 } });
    expect(renderPlanText(configured, { color: false }).split('\n')[0]).toBe('dashsync plan for https://grafana.example.com (org 3) through /api');
  });
});

describe('renderPlanText', () => {
  it('lists changed folders and dashboards with their field diffs, then warnings and the summary', () => {
    expect(renderPlanText(mixed, { color: false }).split('\n')).toEqual([
      'dashsync plan for https://grafana.example.com through /api',
      '',
      '+ folder-create folder "Team" (uid team)',
      '+ create        dashboards/new.json "New" (uid new) in "Team"',
      '~ update        dashboards/cpu.json "CPU" (uid cpu, live version 4) in "Infra": 3 fields',
      '      ~ panels[id=4 "CPU"].targets[0].expr: "rate(x[5m])" → "rate(x[1m])"',
      '      + tags[1]: "prod"',
      '      - description: "old"',
      '- delete        "Gone" (uid gone, live version 2) in "Infra"; no file in the tree (backed up before delete)',
      '',
      'Warnings:',
      '  ! drift: cpu "CPU" was last saved in Grafana by jane at 2026-03-04T05:06:07Z (version 4, "fix axis"), not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it (to bring it in, run dashsync pull cpu first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)',
      '',
      'Plan: 1 to create, 1 to update, 0 to move, 1 to delete, 1 unchanged. Folders: 1 to create.',
      '',
    ]);
  });

  it('names the parent of a nested folder by its title', () => {
    const nested = plan({
      actions: [
        folderAction({ action: 'noop', uid: 'team', title: 'Team', live: { title: 'Team', parentUid: null, revision: null } }),
        folderAction({ action: 'create', uid: 'sub', title: 'Sub', parentUid: 'team', dir: 'team/sub', dependsOn: ['folder:team'] }),
      ],
    });
    expect(renderPlanText(nested, { color: false })).toContain('\n+ folder-create folder "Sub" (uid sub) in "Team"\n');
  });

  it('colours only when asked: ANSI escapes with color, none without', () => {
    expect(renderPlanText(mixed, { color: true })).toContain('\u001b[32m+ create');
    expect(renderPlanText(mixed, { color: false })).not.toContain('\u001b[');
  });

  it('markdown: a folder reads the same in the dashboard and the library panel tables, unquoted', () => {
    const panel = { kind: 'library-panel', uid: 'lp-cpu', title: 'CPU usage', action: 'create', file: 'dashboards/ops/_library/cpu.json', folderUid: 'ops', live: null, contentHash: 'sha256:1', usedBy: [], changes: [], dependsOn: [] } as LibraryPanelAction;
    const markdown = renderPlanMarkdown(plan({ actions: [folderAction({ uid: 'ops', title: 'Ops', action: 'create' }), action({ uid: 'api', title: 'API', action: 'create', folderUid: 'ops' }), panel] }));
    expect(markdown).toContain('| 🟢 create | API | `api` | Ops |');
    expect(markdown).toContain('| 🟢 create | CPU usage | `lp-cpu` | Ops |');
  });

  it('cuts a long diff and says how many changes were left out', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ path: `tags[${i}]`, kind: 'added' as const, after: `t${i}` }));
    const text = renderPlanText(plan({ actions: [action({ uid: 'x', action: 'update', changes: many })] }), { color: false, maxChangesPerDashboard: 2 });
    expect(text).toContain('      + tags[1]: "t1"\n      … and 3 more changes\n');
    expect(text).not.toContain('tags[2]');
    const oneLeft = renderPlanText(plan({ actions: [action({ uid: 'x', action: 'update', changes: many })] }), { color: false, maxChangesPerDashboard: 4 });
    expect(oneLeft).toContain('      … and 1 more change\n');
  });
});

describe('renderPlanMarkdown', () => {
  it("names a deleted dashboard's folder by the title Grafana gave it when the plan leaves that folder alone, not by its uid", () => {
    const gone = action({ uid: 'team2-home', action: 'delete', title: 'Team2 home', folderUid: 'ds-shared-a4d26868', live: liveState({ version: 1, folderUid: 'ds-shared-a4d26868', folderTitle: 'shared' }) });
    const markdown = renderPlanMarkdown(plan({ actions: [gone] }));
    expect(markdown).toContain('| 🔴 delete | Team2 home | `team2-home` | shared | — | no file |');
    expect(markdown).not.toContain('folder ds-shared-a4d26868');
  });

  it('has the summary, warnings as a callout, a folder table, a dashboard table and a collapsible diff', () => {
    expect(renderPlanMarkdown(plan({ ...mixed, git: { sha: '0123456789abcdef0123', subject: 's', actor: 'a' } })).split('\n')).toEqual([
      '## dashsync plan',
      '',
      'Target: `https://grafana.example.com` through /api · Grafana 12.3.2 · commit `0123456789ab`',
      '',
      '**Plan: 1 to create, 1 to update, 1 to delete; folders: 1 to create**',
      '',
      '1 unchanged.',
      '',
      '> [!WARNING]',
      '> - drift: cpu "CPU" was last saved in Grafana by jane at 2026-03-04T05:06:07Z (version 4, "fix axis"), not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it (to bring it in, run dashsync pull cpu first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)',
      '',
      '| Folder action | Folder | uid | Change |',
      '| --- | --- | --- | --- |',
      '| folder-create | Team | `team` | — |',
      '',
      '| Action | Dashboard | uid | Folder | File | Changes |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 🟢 create | New | `new` | Team | `dashboards/new.json` | new |',
      '| 🟡 update | CPU | `cpu` | Infra | `dashboards/cpu.json` | 3 fields ⚠️ drift |',
      '| 🔴 delete | Gone | `gone` | General | — | no file |',
      '',
      '<details><summary>🟡 update <code>cpu</code> CPU (3 fields)</summary>',
      '',
      '```diff',
      '- panels[id=4 "CPU"].targets[0].expr: "rate(x[5m])"',
      '+ panels[id=4 "CPU"].targets[0].expr: "rate(x[1m])"',
      '+ tags[1]: "prod"',
      '- description: "old"',
      '```',
      '',
      '</details>',
      '',
    ]);
  });

  it('escapes table cells and HTML, and switches fence when a value holds one', () => {
    const tricky = plan({
      actions: [
        action({
          uid: 'x',
          action: 'update',
          title: 'A | B <script>',
          changes: [{ path: 'description', kind: 'changed', before: '```', after: 'x' }],
        }),
      ],
    });
    const markdown = renderPlanMarkdown(tricky);
    expect(markdown).toContain('| A \\| B &lt;script&gt; |');
    expect(markdown).toContain('<code>x</code> A | B &lt;script&gt; (1 field)');
    expect(markdown).toContain('~~~~~~diff\n- description: "```"\n+ description: "x"\n~~~~~~\n');
  });

  it('says so when no dashboard changes', () => {
    expect(renderPlanMarkdown(plan())).toContain('\n\nNo dashboard changes.\n');
  });

  it('a plan that could not read some dashboards ends as its headline says: no changes seen, N unreadable (review-64b L2)', () => {
    const markdown = renderPlanMarkdown(plan({ summary: { ...plan().summary, unreadable: 2 } }));
    expect(markdown).toContain('\n\nNo dashboard changes seen; 2 unreadable: see the warning.\n');
    expect(markdown).not.toContain('No dashboard changes.');
  });

  it('dashboards it read whose files go to a hidden folder are counted apart from the unreadable ones, in the headline and the closing line', () => {
    const markdown = renderPlanMarkdown(plan({ summary: { ...plan().summary, unreadable: 2, notMovedIntoHidden: 1 } }));
    expect(markdown).toContain('**Plan: no changes seen; 2 unreadable, 1 not moved**');
    expect(markdown).toContain("1 not moved (its file goes to a folder these credentials cannot see; see the warning)");
    expect(markdown).toContain('\n\nNo dashboard changes seen; 2 unreadable, 1 not moved: see the warning.\n');
  });

  it('dashboards it read whose write uses a library panel in a hidden folder are counted apart too, as not written (fixh-66)', () => {
    const markdown = renderPlanMarkdown(plan({ summary: { ...plan().summary, unreadable: 2, usesHiddenPanels: 1, unreadableLibraryPanels: 1 } }));
    expect(markdown).toContain('**Plan: no changes seen; 2 unreadable, 1 not written, 1 library panel unreadable**');
    expect(markdown).toContain('1 not written (it uses a library panel in a folder these credentials cannot see; see the warning)');
    expect(markdown).toContain('\n\nNo dashboard changes seen; 2 unreadable, 1 not written: see the warning.\n');
  });
});

describe('renderPlan', () => {
  // review-63b L1: show of a file the Action's one-step apply saved said "this apply", and without drift said nothing of it.
  it("says a plan file the one-step apply saved was never reviewed, in text and markdown, drift or not; an apply of it (not 'this apply') keeps the drift", () => {
    const unreviewed = { ...mixed, unreviewed: 'one-step' as const };
    const note = "this plan was saved by the Action's one-step apply, which no one reviewed: an apply of it leaves every edit made in Grafana it would overwrite untouched (a conflict) unless it is run with --force";
    const text = renderPlan(unreviewed, 'text', { color: false });
    expect(text).toContain(`Notes:\n  ${note}`);
    expect(text).toContain("not by dashsync; no one reviewed this plan (a plan file the Action's one-step apply saved), so an apply of it leaves that version untouched (a conflict) unless it is run with --force");
    expect(text).not.toContain('this apply');
    expect(renderPlan(unreviewed, 'markdown', { color: false })).toContain(`> [!NOTE]\n> - ${note}`);
    const noDrift = renderPlan({ ...unreviewed, warnings: [] }, 'text', { color: false });
    expect(noDrift).toContain(note);
    expect(renderPlan(mixed, 'text', { color: false })).not.toContain('no one reviewed');
  });

  it('json is the public JSON of the plan, never coloured', () => {
    expect(JSON.parse(renderPlan(mixed, 'json', { color: true }))).toEqual(toPlanJson(mixed));
    expect(renderPlan(mixed, 'markdown', { color: true })).not.toContain('\u001b[');
  });
});

describe('toPlanJson (docs/plan-json.md)', () => {
  it('lists folders and dashboards apart, with live versions, and says what it is', () => {
    const json = toPlanJson(mixed);
    expect(json).toMatchObject({ formatVersion: 1, output: 'dashsync plan --format json', target: mixed.target, summary: mixed.summary, warnings: mixed.warnings });
    expect(json.folders.map((f) => `${f.action} ${f.uid}`)).toEqual(['folder-create team', 'folder-noop infra']);
    expect(json.dashboards.map((d) => `${d.action} ${d.uid}`)).toEqual(['create new', 'update cpu', 'noop same', 'delete gone']);
    expect(json.dashboards[1]).toMatchObject({
      file: 'dashboards/cpu.json',
      folderUid: 'infra',
      contentHash: 'sha256:0',
      live: { version: 4, revision: '3', folderUid: 'infra', folderTitle: 'Infra', provisioned: false, owner: null },
    });
    expect(Object.keys(json)).not.toContain('actions');
  });
});

describe('describeWarning', () => {
  it('one sentence per kind', () => {
    expect(describeWarning({ kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b' })).toBe(
      'title clash: a "A" goes to the General level, where dashboard b already has that title (Grafana 11.2 and older refuse it)',
    );
    expect(describeWarning({ kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b', otherFile: 'dashboards/b.json' })).toBe(
      'title clash: a "A" goes to the General level, and the file dashboards/b.json in this tree (dashboard b) has the same title (Grafana 11.2 and older refuse it)',
    );
    expect(describeWarning({ kind: 'drift', uid: 'a', title: 'A', version: 2, updatedBy: '', updated: 't', message: '' })).toBe(
      'drift: a "A" was last saved in Grafana by a saver Grafana\'s history does not name (an account deleted since, say) at t (version 2), not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it (to bring it in, run dashsync pull a first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)',
    );
    expect(describeWarning({ kind: 'other', uid: null, message: 'plain' })).toBe('plain');
  });
});

describe('a move between two folders of the same title (a directory moved without its _folder.json)', () => {
  const moved = plan({
    actions: [
      folderAction({ action: 'create', uid: 'ds-b-new', title: 'b', dir: 'y/b' }),
      action({ uid: 'm1', action: 'move', title: 'M', file: 'dashboards/y/b/m.json', folderUid: 'ds-b-new', live: liveState({ version: 1, folderUid: 'ds-b-old', folderTitle: 'b' }) }),
    ],
  });

  it('text and markdown say where each folder is: its directory when the plan has it, and its uid', () => {
    expect(renderPlanText(moved, { color: false })).toContain('"M" (uid m1, live version 1) from "b" (uid ds-b-old) to "b" (y/b, uid ds-b-new)\n');
    expect(renderPlanMarkdown(moved)).toContain('! folder: "b" (uid ds-b-old) → "b" (y/b, uid ds-b-new)\n');
  });

  it('a move that changes content too ends its line with the count, as an update does', () => {
    const edited = plan({
      actions: [
        action({ uid: 'm1', action: 'move', title: 'M', folderUid: 'b', live: liveState({ version: 1, folderUid: 'a', folderTitle: 'a' }), changes: [{ path: 'refresh', kind: 'changed', before: '30s', after: '1m' }] }),
      ],
    });
    expect(renderPlanText(edited, { color: false })).toContain('> move          dashboards/m1.json "M" (uid m1, live version 1) from "a" to folder b: 1 field\n      ~ refresh: "30s" → "1m"\n');
  });

  it('folders whose names differ are named as before', () => {
    const renamed = plan({ actions: [folderAction({ action: 'create', uid: 'c', title: 'C', dir: 'c' }), action({ uid: 'm1', action: 'move', title: 'M', folderUid: 'c', live: liveState({ folderUid: 'old', folderTitle: 'B' }) })] });
    expect(renderPlanText(renamed, { color: false })).toContain(' from "B" to "C"\n');
  });
});

describe('a library panel delete whose users let go of it in the same plan', () => {
  const users = [
    { uid: 'k8s', title: 'K8s workloads' },
    { uid: 'pg', title: 'PostgreSQL' },
  ];
  const pruned = plan({
    actions: [
      action({ uid: 'k8s', action: 'delete', title: 'K8s workloads', live: liveState({ version: 2 }) }),
      action({ uid: 'pg', action: 'update', title: 'PostgreSQL', live: liveState({ version: 3 }) }),
      {
        kind: 'library-panel',
        action: 'delete',
        uid: 'conn',
        title: 'Connections',
        file: null,
        folderUid: null,
        live: { revision: '4', version: 4, folderUid: null, folderTitle: 'General', name: 'Connections', updated: '2026-01-01T00:00:00Z', updatedBy: 'admin' },
        contentHash: null,
        changes: [],
        usedBy: users,
        dependsOn: ['dashboard:k8s', 'dashboard:pg'],
      },
    ],
  });

  it('says what is true after apply: used now, by none after', () => {
    const text = renderPlanText(pruned, { color: false });
    expect(text).toContain('      used by 2 dashboards now: k8s "K8s workloads", pg "PostgreSQL"; none uses it after this plan (deleted or saved without it)\n');
    const markdown = renderPlanMarkdown(pruned);
    expect(markdown).toContain('| 2 dashboards now, none after |');
    expect(markdown).toContain('used by 2 dashboards now: k8s "K8s workloads", pg "PostgreSQL"; none uses it after this plan');
  });

  it('an update still names the dashboards it reaches', () => {
    const updated = plan({ actions: [{ ...libraryPanelActions(pruned)[0]!, action: 'update' as const, file: 'dashboards/_library/conn.json' }] });
    expect(renderPlanText(updated, { color: false })).toContain('      used by 2 dashboards: k8s "K8s workloads", pg "PostgreSQL"\n');
  });
});
