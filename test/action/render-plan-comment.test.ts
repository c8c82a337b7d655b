import { describe, expect, it } from 'vitest';
import { MAX_COMMENT_CHARS, planCommentMarker, renderPlanComment } from '../../src/action/render-plan-comment.js';
import { summarizePlan } from '../../src/plan/summarize-plan.js';
import type { Plan } from '../../src/plan/types.js';
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

  it('stays within GitHub\'s 65,536 characters: fewer diff lines first, then a cut pointing to the job summary', () => {
    const fewer = renderPlanComment(planWith(20, 100), { marker, summaryUrl });
    expect(fewer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(fewer).toContain('# … and 80 more changes');
    const cut = renderPlanComment(planWith(2000, 10), { marker, summaryUrl });
    expect(cut.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(cut.length).toBeGreaterThan(MAX_COMMENT_CHARS - 500);
    expect(cut).toContain(`> The plan is too long for a comment and was cut here; the whole plan is in the [job summary](${summaryUrl}).`);
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
});
