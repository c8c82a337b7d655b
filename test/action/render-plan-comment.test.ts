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
    const fewer = renderPlanComment(planWith(60, 100), { marker, summaryUrl });
    expect(fewer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(fewer).toContain('# … and 95 more changes');
    const cut = renderPlanComment(planWith(2000, 10), { marker, summaryUrl });
    expect(cut.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(cut.length).toBeGreaterThan(MAX_COMMENT_CHARS - 500);
    expect(cut).toContain(`> The plan is too long for a comment and was cut here; the whole plan is in the [job summary](${summaryUrl}).`);
    expect(cut.startsWith(marker)).toBe(true);
    expectBalanced(cut);
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
