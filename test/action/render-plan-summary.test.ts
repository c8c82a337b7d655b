import { describe, expect, it } from 'vitest';
import { renderPlanSummary } from '../../src/action/append-job-summary.js';
import { annotationFor } from '../../src/action/emit-annotations.js';
import type { DashboardAction, Plan } from '../../src/plan/types.js';
import { summarizePlan } from '../../src/plan/summarize-plan.js';

function bigPlan(dashboards: number, changesEach: number): Plan {
  const actions: DashboardAction[] = Array.from({ length: dashboards }, (_, d) => ({
    kind: 'dashboard',
    action: 'update',
    uid: `dash-${d}`,
    title: `Dashboard ${d}`,
    file: `dashboards/dash-${d}.json`,
    folderUid: null,
    live: { revision: '3', version: 3, folderUid: null, folderTitle: 'General', title: `Dashboard ${d}`, updated: '2026-01-01T00:00:00Z', updatedBy: 'admin', owner: null },
    changes: Array.from({ length: changesEach }, (_, c) => ({
      path: `panels[id=${c} "Panel ${c}"].targets[0].expr`,
      kind: 'changed' as const,
      before: `rate(metric_${c}[5m])`,
      after: `rate(metric_${c}[1m])`,
    })),
    contentHash: 'x',
    dependsOn: [],
  }));
  return {
    formatVersion: 2,
    createdAt: '2026-01-01T00:00:00Z',
    tool: { name: 'dashsync', version: '0.1.0' },
    target: { url: 'https://grafana.example.com', orgId: null, grafanaVersion: '12.0.0', environment: null },
    git: { sha: null, subject: null, actor: null },
    root: 'dashboards',
    prune: false,
    managedFolders: [],
    deleteMode: 'soft',
    settingsHash: 'sha256:x',
    actions,
    warnings: [],
    summary: summarizePlan(actions),
  };
}

describe('the plan in the job summary', () => {
  it('is the full markdown when it fits', () => {
    const summary = renderPlanSummary(bigPlan(2, 3), 'plan.json').text;
    expect(summary).toContain('+ panels[id=2 "Panel 2"].targets[0].expr: "rate(metric_2[1m])"');
    expect(summary).not.toContain('too large');
  });

  it('drops diff lines, then cuts at a whole line with a pointer to the plan file, to stay under the limit', () => {
    const plan = bigPlan(40, 50);
    const fewer = renderPlanSummary(plan, 'plan.json', 120_000).text;
    expect(Buffer.byteLength(fewer)).toBeLessThanOrEqual(120_000);
    expect(fewer).toContain('# … and 30 more changes');
    // Too long for 20 lines each: the 50 changes all 40 dashboards make, once, and where every diff is.
    const folded = renderPlanSummary(plan, 'plan.json', 60_000).text;
    expect(Buffer.byteLength(folded)).toBeLessThanOrEqual(60_000);
    expect(folded).toContain('# 40 dashboards: dash-0, dash-1, dash-2, … and 37 more');
    expect(folded).not.toContain('<details>');
    expect(folded).toContain('Every diff is in the plan file `plan.json` (`dashsync show plan.json` prints it).');

    const cut = renderPlanSummary(plan, 'out/plan.json', 3_000).text;
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(3_000);
    expect(cut).toContain('**Plan: 40 to update**');
    const listed = cut.split('\n').filter((line) => line.startsWith('| 🟡 update |')).length;
    expect(listed).toBeGreaterThan(0);
    expect(cut.endsWith(
      `|\n\n> [!NOTE]\n> The plan is too large for the job summary and was cut here: ${listed} of 40 dashboards listed (deletes first, creates last); not listed: ${40 - listed} updates; no diff shown. The full plan is in the plan file \`out/plan.json\` (\`dashsync show out/plan.json\` prints it).\n`,
    )).toBe(true);
  });
});

describe('annotation paths', () => {
  const diagnostic = { file: 'dashboards/a.json', line: 3, col: 7, severity: 'error' as const, message: 'bad', rule: 'json-syntax' };

  it('are relative to the repository root, whatever the working directory', () => {
    expect(annotationFor(diagnostic, { cwd: '/repo/grafana', workspace: '/repo' }).properties).toEqual({
      title: 'json-syntax',
      file: 'grafana/dashboards/a.json',
      startLine: 3,
      startColumn: 7,
    });
  });

  it('keep the file as given outside a runner, and carry no position when none is known', () => {
    const { line: _line, col: _col, ...noPosition } = diagnostic;
    expect(annotationFor({ ...noPosition, severity: 'warning' }, { cwd: '/repo', workspace: undefined })).toEqual({
      severity: 'warning',
      message: 'bad',
      properties: { title: 'json-syntax', file: 'dashboards/a.json' },
    });
  });
});
