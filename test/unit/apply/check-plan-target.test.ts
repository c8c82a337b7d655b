import { describe, expect, it } from 'vitest';
import { checkPlanTarget } from '../../../src/apply/check-plan-target.js';
import { PlanFileError } from '../../../src/errors.js';
import { hashContentSettings } from '../../../src/plan/hash-content-settings.js';
import type { DashboardAction, Plan } from '../../../src/plan/types.js';

function planFor(url: string, orgId: number | null, deletes = 0): Plan {
  const remove = (i: number): DashboardAction => ({ action: 'delete', uid: `d${i}`, title: `D${i}`, file: null, folderUid: null, live: null, changes: [], contentHash: null });
  return {
    formatVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    tool: { name: 'dashsync', version: '0.0.0' },
    target: { url, orgId, grafanaVersion: '12.0.0', environment: null },
    git: { sha: null, subject: null, actor: null },
    root: 'dashboards',
    prune: 'folders',
    deleteMode: 'soft',
    folders: [],
    dashboards: Array.from({ length: deletes }, (_, i) => remove(i)),
    warnings: [],
    summary: { create: 0, update: 0, move: 0, delete: deletes, unchanged: 0, folderCreate: 0, folderUpdate: 0, folderDelete: 0 },
  };
}

const CONTENT = { inputs: { DS_PROMETHEUS: 'prom' }, minRefreshInterval: '5s' };
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
    expect(attempt(() => checkPlanTarget(planFor('https://g.example.com/grafana/', 2, 3), { url: 'https://g.example.com/grafana', orgId: 2 }, limits(3)))).toBe('accepted');
  });

  it('refuses another URL, another org, an unknown format version and too many deletes', () => {
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://b.example.com', orgId: undefined }, limits(10)))).toBe(
      'the plan was made for https://a.example.com, not https://b.example.com; nothing was applied. Run dashsync plan against this Grafana',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', orgId: 3 }, limits(10)))).toBe(
      'the plan was made for org (default), not org 3; nothing was applied. Run dashsync plan for this org',
    );
    const future = { ...planFor('https://a.example.com', null), formatVersion: 2 } as unknown as Plan;
    expect(attempt(() => checkPlanTarget(future, { url: 'https://a.example.com', orgId: undefined }, limits(10)))).toBe(
      'the plan has format version 2, this dashsync applies version 1; run dashsync plan again with this version',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null, 11), { url: 'https://a.example.com', orgId: undefined }, limits(10)))).toBe(
      'the plan deletes 11 dashboards, more than the limit of 10; nothing was applied. Review the deletes, then allow them with --max-deletes 11',
    );
  });

  it('refuses a plan whose inputs map or minimum refresh interval changed since it was made', () => {
    const plan = { ...planFor('https://a.example.com', null), contentSettingsHash: hashContentSettings(CONTENT) };
    const target = { url: 'https://a.example.com', orgId: undefined };
    expect(attempt(() => checkPlanTarget(plan, target, limits(10)))).toBe('accepted');
    const changed = 'the config\'s "inputs" or "minRefreshInterval" changed since the plan was made, so the dashboards would not be what was reviewed; nothing was applied. Run dashsync plan again';
    expect(attempt(() => checkPlanTarget(plan, target, { ...limits(10), inputs: { DS_PROMETHEUS: 'other' } }))).toBe(changed);
    expect(attempt(() => checkPlanTarget(plan, target, { ...limits(10), minRefreshInterval: '10s' }))).toBe(changed);
  });

  it('refuses a plan made for another environment, naming both, before comparing URLs', () => {
    const staging = { ...planFor('https://staging.example.com', null), target: { url: 'https://staging.example.com', orgId: null, grafanaVersion: '12.0.0', environment: 'staging' } };
    const production = { url: 'https://prod.example.com', orgId: undefined };
    expect(attempt(() => checkPlanTarget(staging, production, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production',
    );
    expect(attempt(() => checkPlanTarget(staging, { url: 'https://staging.example.com', orgId: undefined }, limits(10)))).toBe(
      'the plan was made for environment staging, but no environment is selected; nothing was applied. Apply it with --env staging',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', orgId: undefined }, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made without an environment, not for environment production; nothing was applied. Apply it without --env, or run dashsync plan --env production',
    );
    expect(attempt(() => checkPlanTarget(staging, { url: 'https://staging.example.com', orgId: undefined }, { ...limits(10), environment: 'staging' }))).toBe('accepted');
  });
});
