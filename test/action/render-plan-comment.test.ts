import { describe, expect, it } from 'vitest';
import { renderPlanSummary } from '../../src/action/append-job-summary.js';
import { MAX_COMMENT_CHARS, planCommentMarker, renderPlanComment } from '../../src/action/render-plan-comment.js';
import { summarizePlan } from '../../src/plan/summarize-plan.js';
import type { FieldChange } from '../../src/diff/types.js';
import type { DashboardAction, Plan, PlanWarning } from '../../src/plan/types.js';
import { action, plan } from '../unit/plan/builders.js';

function planWith(dashboards: number, changesEach: number): Plan {
  const actions = Array.from({ length: dashboards }, (_, d) =>
    action({
      uid: `dash-${d}`,
      action: 'update',
      title: `Dashboard ${d}`,
      changes: Array.from({ length: changesEach }, (_, c) => ({ path: `panels[id=${c}].targets[0].expr`, kind: 'changed' as const, before: `rate(m_${c}[5m])`, after: `rate(m_${c}[1m])` })),
    }),
  );
  return plan({ actions, summary: summarizePlan(actions), git: { sha: '0123456789abcdef0123', subject: null, actor: null }, target: { url: 'https://g', orgId: null, grafanaVersion: '12.3.2', environment: 'production' } });
}

const marker = planCommentMarker('production', 'grafana/dashboards');
const summaryUrl = 'https://github.example/o/r/actions/runs/1';

/** Every code fence and <details> the comment opens, it closes. */
function expectBalanced(body: string): void {
  const lines = body.split('\n');
  expect(lines.filter((line) => /^(```|~~~~~~)/.test(line)).length % 2).toBe(0);
  expect(lines.filter((line) => line.startsWith('<details>')).length).toBe(lines.filter((line) => line === '</details>').length);
}

describe('the plan comment', () => {
  it('carries the marker (environment and tree path, encoded), the plan and a footer naming the commit', () => {
    expect(marker).toBe('<!-- dashsync-plan environment=production path=grafana%2Fdashboards -->');
    expect(planCommentMarker(null, 'dashboards')).toBe('<!-- dashsync-plan environment=- path=dashboards -->');
    const body = renderPlanComment(planWith(2, 3), { marker, summaryUrl });
    expect(body.startsWith(`${marker}\n## dashsync plan · production\n`)).toBe(true);
    expect(body).toContain('+ panels[id=2].targets[0].expr: "rate(m_2[1m])"');
    expect(body.endsWith(`<sub>Updated by dashsync on every run for commit \`0123456789ab\` · the whole plan is in the [job summary](${summaryUrl})</sub>\n`)).toBe(true);
    expect(body).not.toContain('cut here');
  });

  it('one tree however `path` spells it: one marker, so one comment', () => {
    for (const spelling of ['./dashboards/', 'dashboards/', './dashboards', 'dashboards//', 'x/../dashboards']) {
      expect(planCommentMarker(null, spelling)).toBe('<!-- dashsync-plan environment=- path=dashboards -->');
    }
    expect(planCommentMarker(null, './')).toBe('<!-- dashsync-plan environment=- path=. -->');
    expect(planCommentMarker(null, 'grafana/dashboards/')).toBe(planCommentMarker(null, 'grafana/dashboards'));
  });

  it('stays within GitHub\'s 65,536 characters: fewer diff lines first, then a cut pointing to the job summary', () => {
    const fewer = renderPlanComment(planWith(20, 100), { marker, summaryUrl });
    expect(fewer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(fewer).toContain('# … and 80 more changes');
    const cut = renderPlanComment(planWith(2000, 10), { marker, summaryUrl });
    expect(cut.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(cut.length).toBeGreaterThan(MAX_COMMENT_CHARS - 500);
    const listed = cut.split('\n').filter((line) => line.startsWith('| 🟡 update |')).length;
    expect(cut).toContain(`> The plan is too long for a comment and was cut here: ${listed} of 2,000 dashboards listed (deletes first, creates last); not listed: ${(2000 - listed).toLocaleString('en-US')} updates; no diff shown. The whole plan is in the [job summary](${summaryUrl}).`);
    expect(cut.startsWith(marker)).toBe(true);
    expectBalanced(cut);
  });

  it('a bulk edit too long for every diff: each shared change once, no empty block, one note pointing to the job summary', () => {
    const bulk = planWith(294, 6);
    for (const [i, d] of bulk.actions.entries()) {
      if (d.kind !== 'dashboard') continue;
      d.changes.push({ path: 'description', kind: 'added', after: `owned by team ${i}` });
      if (i === 0) d.title = `${'Very long title '.repeat(15)}end`;
    }
    const body = renderPlanComment(bulk, { marker, summaryUrl });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.split('\n').filter((line) => line.startsWith('| 🟡 update |'))).toHaveLength(294);
    // The 6 changes every dashboard makes: once, under one line naming how many dashboards make them.
    expect(body).toContain('```diff\n# 294 dashboards: dash-0, dash-1, dash-2, … and 291 more\n- panels[id=0].targets[0].expr: "rate(m_0[5m])"\n+ panels[id=0].targets[0].expr: "rate(m_0[1m])"\n');
    expect(body.split('+ panels[id=5].targets[0].expr: "rate(m_5[1m])"')).toHaveLength(2);
    // Each dashboard's own change, in its block; every block shows a change.
    expect(body).toContain('+ description: "owned by team 0"\n# and 6 changes shared with other dashboards, shown above\n');
    expect(body).not.toMatch(/```diff\n# … and \d+ more changes\n```/);
    const blocks = body.split('\n').filter((line) => line.startsWith('<details>')).length;
    expect(blocks).toBeGreaterThan(50);
    expect(body).toContain(`> The plan is too long to show every diff here: a change several dashboards make alike is shown once; the diffs of ${294 - blocks} more dashboards are left out; each diff shows at most 10 changes. Every diff is in the [job summary](${summaryUrl}).`);
    expect(body).not.toContain('cut here');
    // A long title: capped in its table cell, whole in its block's summary.
    expect(body).toContain(`| 🟡 update | ${'Very long title '.repeat(4)}Very long title… | \`dash-0\` |`);
    expect(body).toContain(`${'Very long title '.repeat(15)}end (7 fields)</summary>`);
    expectBalanced(body);
  });

  it('closes a code block or <details> the cut falls inside, whatever the limit', () => {
    const big = planWith(30, 40);
    for (let maxChars = 1500; maxChars < 9000; maxChars += 97) {
      const body = renderPlanComment(big, { marker, summaryUrl, maxChars });
      expect(body.length).toBeLessThanOrEqual(maxChars);
      expectBalanced(body);
    }
  });

  it('a cut table lists every delete first, then moves and overwrites of drifted dashboards, then updates, creates last, and counts the rest', () => {
    const actions: DashboardAction[] = [
      ...Array.from({ length: 1200 }, (_, i) => action({ uid: `new-${i}`, action: 'create', title: `New dashboard ${i}` })),
      action({ uid: 'plain', action: 'update', changes: [{ path: 'title', kind: 'changed', before: 'a', after: 'b' }] }),
      action({ uid: 'drifted', action: 'update', changes: [{ path: 'title', kind: 'changed', before: 'a', after: 'b' }] }),
      action({ uid: 'moved', action: 'move', folderUid: 'team' }),
      ...['a1980', 'a1981', 'a1982'].map((uid) => action({ uid, action: 'delete' })),
    ];
    const drift: PlanWarning = { kind: 'drift', uid: 'drifted', title: 'drifted', version: 4, updatedBy: 'alice', updated: '2026-02-01T10:00:00Z', message: '' };
    const body = renderPlanComment(plan({ actions, summary: summarizePlan(actions), warnings: [drift] }), { marker, summaryUrl });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    const rows = body.split('\n').filter((line) => /^\| (🟢|🟡|🔵|🔴) /.test(line)).map((line) => /`([^`]+)`/.exec(line)![1]);
    expect(rows.slice(0, 6)).toEqual(['a1980', 'a1981', 'a1982', 'moved', 'drifted', 'plain']);
    expect(rows.length).toBeLessThan(actions.length);
    expect(body).toContain(
      `> The plan is too long for a comment and was cut here: ${rows.length} of 1,206 dashboards listed (deletes first, creates last); not listed: ${(1206 - rows.length).toLocaleString('en-US')} creates; no diff shown. The whole plan is in the [job summary](${summaryUrl}).`,
    );
  });

  it('when even the deletes do not fit, lists as many as fit and says how many more', () => {
    const actions: DashboardAction[] = [
      ...Array.from({ length: 1200 }, (_, i) => action({ uid: `new-${i}`, action: 'create' })),
      ...Array.from({ length: 1500 }, (_, i) => action({ uid: `gone-${i}`, action: 'delete', title: `Old dashboard ${i}` })),
    ];
    const body = renderPlanComment(plan({ actions, summary: summarizePlan(actions) }), { marker, summaryUrl });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    const rows = body.split('\n').filter((line) => /^\| (🟢|🟡|🔵|🔴) /.test(line));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.every((line) => line.startsWith('| 🔴 delete |'))).toBe(true);
    expect(body).toContain(`: ${rows.length} of 2,700 dashboards listed (deletes first, creates last); not listed: ${1500 - rows.length} deletes, 1,200 creates; no diff shown.`);
  });

  it('counts the shared changes that did not fit and the dashboards whose diff they leave incomplete, and never calls them shown above', () => {
    // d-0 and d-1 share one set of changes; d-2 … d-151 share theirs in threes, which come first (larger groups first).
    const long = (n: number, c: number) => `team ${n} runbook ${c}: ${'see the on-call page before paging anyone; '.repeat(2)}`;
    const groupOf = (i: number) => (i < 2 ? 0 : 1 + Math.floor((i - 2) / 3));
    const actions = Array.from({ length: 152 }, (_, i) =>
      action({
        uid: `d-${i}`,
        action: 'update',
        changes: [
          ...Array.from({ length: 10 }, (_, c): FieldChange => ({ path: `panels[id=${c}].description`, kind: 'added', after: long(groupOf(i), c) })),
          { path: 'title', kind: 'changed', before: `d-${i}`, after: `Dashboard ${i}` },
        ],
      }),
    );
    const bulk = plan({ actions, summary: summarizePlan(actions) });
    let leftOutFooters = 0;
    for (let maxChars = 40_000; maxChars <= 66_000; maxChars += 1_013) {
      const body = renderPlanComment(bulk, { marker, summaryUrl, maxChars });
      expect(body.length).toBeLessThanOrEqual(maxChars);
      expectBalanced(body);
      const groupsShown = body.split('\n').filter((line) => /^# [23] dashboards: /.test(line));
      expect(groupsShown.length).toBeLessThan(51);
      const pairShown = groupsShown.some((line) => line.startsWith('# 2 dashboards: d-0, d-1'));
      const inShownGroup = new Set(groupsShown.flatMap((line) => line.replace(/^# \d dashboards: /, '').split(', ')));
      const blocks = [...body.matchAll(/<code>(d-\d+)<\/code>[^\n]*\n\n```diff\n[^]*?\n# and (10 changes shared with other dashboards, [a-z ]+)\n```/g)];
      for (const [, uid, footer] of blocks) {
        expect(footer).toBe(inShownGroup.has(uid!) ? '10 changes shared with other dashboards, shown above' : '10 changes shared with other dashboards, left out here');
        if (!inShownGroup.has(uid!)) leftOutFooters += 1;
      }
      const withBlock = new Set(blocks.map(([, uid]) => uid));
      const leftOut = actions.filter((d) => !withBlock.has(d.uid) || !inShownGroup.has(d.uid)).length;
      expect(pairShown).toBe(false);
      expect(body).toContain(`; ${51 - groupsShown.length} of the 51 sets of changes several dashboards share are not shown; the diffs of ${leftOut} dashboards are left out in whole or in part; `);
    }
    expect(leftOutFooters).toBeGreaterThan(0);
  });

  it('says the job summary is itself shortened, and names the plan file, when it is', () => {
    const big = planWith(60, 40);
    for (const [d, a] of big.actions.entries()) if (a.kind === 'dashboard') for (const change of a.changes) change.after = `${String(change.after)} in ${d}`;
    const summary = renderPlanSummary(big, 'ci/dashsync-plan.json', 30_000);
    expect(summary.leftOut).toMatch(/^the diffs of \d+ more dashboards are left out$/);
    const body = renderPlanComment(big, { marker, summaryUrl, summaryLeftOut: summary.leftOut, planFile: 'ci/dashsync-plan.json' });
    expect(body).not.toContain('whole plan');
    expect(body).toContain(`Every diff is in the plan file \`ci/dashsync-plan.json\` this run saved (\`dashsync show ci/dashsync-plan.json\` prints it); the [job summary](${summaryUrl}) is itself shortened: ${summary.leftOut}.`);
    expect(body).toContain(`· the [job summary](${summaryUrl}) is itself shortened (${summary.leftOut}); every diff is in the plan file \`ci/dashsync-plan.json\` this run saved (\`dashsync show ci/dashsync-plan.json\` prints it)</sub>`);
    expect(renderPlanSummary(big, 'ci/dashsync-plan.json').leftOut).toBeNull();
  });
});
