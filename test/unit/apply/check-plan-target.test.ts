import { describe, expect, it } from 'vitest';
import { checkPlanTarget } from '../../../src/apply/check-plan-target.js';
import { PlanFileError } from '../../../src/errors.js';
import { hashContentSettings } from '../../../src/plan/hash-content-settings.js';
import type { Plan } from '../../../src/plan/types.js';
import { action, plan } from '../plan/builders.js';

const CONTENT = { inputs: { DS_PROMETHEUS: 'prom' }, minRefreshInterval: '5s' };

function planFor(url: string, orgId: number | null, deletes = 0): Plan {
  return plan({
    target: { url, orgId, grafanaVersion: '12.0.0' },
    prune: 'folders',
    settingsHash: hashContentSettings(CONTENT),
    actions: Array.from({ length: deletes }, (_, i) => action({ action: 'delete', uid: `d${i}`, title: `D${i}` })),
  });
}
const limits = (maxDeletes: number) => ({ maxDeletes, ...CONTENT });

const attempt = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanFileError);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('checkPlanTarget', () => {
  it('accepts the same URL (trailing slash aside) and org within the delete limit', () => {
    expect(attempt(() => checkPlanTarget(planFor('https://g.example.com/grafana/', 2, 3), { url: 'https://g.example.com/grafana', orgId: 2, api: 'legacy' }, limits(3)))).toBe('accepted');
  });

  it('refuses another URL, another org, another API and too many deletes', () => {
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://b.example.com', orgId: undefined, api: 'legacy' }, limits(10)))).toBe(
      'the plan was made for https://a.example.com, not https://b.example.com; nothing was applied. Run dashsync plan against this Grafana',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', orgId: 3, api: 'legacy' }, limits(10)))).toBe(
      'the plan was made for org (default), not org 3; nothing was applied. Run dashsync plan for this org',
    );
    // (An unknown format version is refused when the file is read: validatePlan in plan-file.test.ts.)
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', orgId: undefined, api: 'k8s' }, limits(10)))).toBe(
      "the plan was made through Grafana's legacy API, not the k8s API; nothing was applied. Run dashsync plan again",
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null, 11), { url: 'https://a.example.com', orgId: undefined, api: 'legacy' }, limits(10)))).toBe(
      'the plan deletes 11 dashboards, more than the limit of 10; nothing was applied. Review the deletes, then allow them with --max-deletes 11',
    );
  });

  it('refuses a plan whose inputs map or minimum refresh interval changed since it was made', () => {
    const made = planFor('https://a.example.com', null);
    const target = { url: 'https://a.example.com', orgId: undefined, api: 'legacy' };
    expect(attempt(() => checkPlanTarget(made, target, limits(10)))).toBe('accepted');
    const changed = 'the config\'s "inputs" or "minRefreshInterval" changed since the plan was made, so the dashboards would not be what was reviewed; nothing was applied. Run dashsync plan again';
    expect(attempt(() => checkPlanTarget(made, target, { ...limits(10), inputs: { DS_PROMETHEUS: 'other' } }))).toBe(changed);
    expect(attempt(() => checkPlanTarget(made, target, { ...limits(10), minRefreshInterval: '10s' }))).toBe(changed);
  });
});
