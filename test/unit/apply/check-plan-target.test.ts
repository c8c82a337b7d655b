import { describe, expect, it } from 'vitest';
import { checkPlanGrafanaVersion, checkPlanTarget } from '../../../src/apply/check-plan-target.js';
import { urlSha256 } from '../../../src/config/url-sha256.js';
import { describeError } from '../../../src/describe-error.js';
import { markNothingApplied, PlanFileError } from '../../../src/errors.js';
import { hashContentSettings } from '../../../src/plan/hash-content-settings.js';
import type { Plan } from '../../../src/plan/types.js';
import { action, plan } from '../plan/builders.js';

const CONTENT = { inputs: { DS_PROMETHEUS: 'prom' }, minRefreshInterval: '5s' };

function planFor(url: string, orgId: number | null, deletes = 0): Plan {
  return plan({
    target: { url, orgId, grafanaVersion: '12.0.0', environment: null },
    prune: 'folders',
    settingsHash: hashContentSettings(CONTENT),
    actions: Array.from({ length: deletes }, (_, i) => action({ action: 'delete', uid: `d${i}`, title: `D${i}` })),
  });
}
const limits = (maxDeletes: number) => ({ maxDeletes, ...CONTENT });

/** The line apply prints for the refusal (it comes before apply's first write: "nothing was applied"), or `accepted`. */
const attempt = (fn: () => void, shell: 'cli' | 'action' = 'cli'): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanFileError);
    const described = describeError(markNothingApplied(error), shell);
    return `${described.line}${described.hint ?? ''}`;
  }
  return 'accepted';
};

describe('checkPlanTarget', () => {
  it('accepts the same URL (trailing slash aside) and org within the delete limit', () => {
    expect(attempt(() => checkPlanTarget(planFor('https://g.example.com/grafana/', 2, 3), { url: 'https://g.example.com/grafana', urlSha256: urlSha256('https://g.example.com/grafana'), orgId: 2, api: 'legacy' }, limits(3)))).toBe('accepted');
  });

  it("compares a plan made without an org id by the credentials' org it recorded (F29)", () => {
    const target = (orgId: number | undefined, credentialsOrgId?: number | null) => ({ url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId, credentialsOrgId, api: 'legacy' });
    const withoutId = { ...planFor('https://a.example.com', null), target: { ...planFor('https://a.example.com', null).target, credentialsOrgId: 1 } };
    expect(attempt(() => checkPlanTarget(withoutId, target(1), limits(10)))).toBe('accepted');
    expect(attempt(() => checkPlanTarget(withoutId, target(2), limits(10)))).toBe(
      "the plan was made for org 1 (the credentials' default), not org 2; nothing was applied. For this org, run dashsync plan again and review it",
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', 1), target(undefined, 1), limits(10)))).toBe('accepted');
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', 2), target(undefined, 1), limits(10)))).toBe(
      "the plan was made for org 2, not org 1 (the credentials' default); nothing was applied. For this org, run dashsync plan again and review it",
    );
  });

  it('refuses another URL, another org, another API and too many deletes', () => {
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://b.example.com', urlSha256: urlSha256('https://b.example.com'), orgId: undefined, api: 'legacy' }, limits(10)))).toBe(
      'the plan was made for https://a.example.com, not https://b.example.com; nothing was applied. For this Grafana, run dashsync plan again and review it',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: 3, api: 'legacy' }, limits(10)))).toBe(
      "the plan was made for the credentials' default org, not org 3; nothing was applied. For this org, run dashsync plan again and review it",
    );
    // (An unknown format version is refused when the file is read: validatePlan in plan-file.test.ts.)
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'k8s' }, limits(10)))).toBe(
      "the plan was made through Grafana's /api (api: legacy, or auto on Grafana 11), but this run uses /apis (api: k8s, or auto on Grafana 12 and later); nothing was applied. Apply it with --api legacy (the API it was made through), or run dashsync plan again",
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null, 11), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' }, limits(10)))).toBe(
      'the plan deletes 11 dashboards, more than the limit of 10; nothing was applied. Review the deletes, then allow them with --max-deletes 11',
    );
  });

  it('compares the digests of the URLs as sent: two Grafanas under different secret paths that read the same once redacted are refused; another password for the same one is not', () => {
    const shown = 'https://gw.example.com/[redacted]';
    const made = planFor(shown, null);
    made.target.urlSha256 = urlSha256('https://gw.example.com/tenantA-SECRET1');
    expect(attempt(() => checkPlanTarget(made, { url: shown, urlSha256: urlSha256('https://gw.example.com/tenantB-SECRET2'), orgId: undefined }, limits(10)))).toBe(
      'the plan was made for https://gw.example.com/[redacted], not https://gw.example.com/[redacted] (the same once secrets are hidden: its secret path differs); nothing was applied. For this Grafana, run dashsync plan again and review it',
    );
    // Planned with a token, applied with a password that hides nothing in the URL: the same Grafana.
    const here = 'https://gw.example.com/tenantA-SECRET1';
    expect(attempt(() => checkPlanTarget(made, { url: here, urlSha256: urlSha256(here), orgId: undefined }, limits(10)))).toBe('accepted');
  });

  it('a plan from before digests were recorded: compared by its URL (as sent when it holds one, secret and all), and a raw URL in it is shown with this run\'s secrets redacted', () => {
    const raw = planFor('https://gw.example.com/glsa_abcdef123', null);
    const settings = { ...limits(10), auth: { kind: 'token' as const, token: 'glsa_abcdef123' } };
    expect(attempt(() => checkPlanTarget(raw, { url: 'https://other.example.com', urlSha256: urlSha256('https://other.example.com'), orgId: undefined }, settings))).toBe(
      'the plan was made for https://gw.example.com/[redacted], not https://other.example.com; nothing was applied. For this Grafana, run dashsync plan again and review it',
    );
    // Applied through that same URL (shown redacted, sent as it is): the same Grafana.
    const here = { url: 'https://gw.example.com/[redacted]', urlSha256: urlSha256('https://gw.example.com/glsa_abcdef123'), orgId: undefined };
    expect(attempt(() => checkPlanTarget(raw, here, settings))).toBe('accepted');
    // Through another secret path, it is not.
    expect(attempt(() => checkPlanTarget(raw, { ...here, urlSha256: urlSha256('https://gw.example.com/glsa_other4567') }, settings))).toMatch(/^the plan was made for /);
  });

  it('counts library panel deletes against the same limit', () => {
    const made = planFor('https://a.example.com', null, 2);
    const panel = { kind: 'library-panel' as const, action: 'delete' as const, title: 'P', file: null, folderUid: null, live: null, contentHash: null, usedBy: [], changes: [], dependsOn: [] };
    made.actions.push({ ...panel, uid: 'p1' }, { ...panel, uid: 'p2' });
    const target = { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' };
    expect(attempt(() => checkPlanTarget(made, target, limits(4)))).toBe('accepted');
    expect(attempt(() => checkPlanTarget(made, target, limits(3)))).toBe(
      'the plan deletes 2 dashboards and 2 library panels, more than the limit of 3; nothing was applied. Review the deletes, then allow them with --max-deletes 4',
    );
  });

  it('refuses a plan whose inputs map or minimum refresh interval changed since it was made', () => {
    const made = planFor('https://a.example.com', null);
    const target = { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' };
    expect(attempt(() => checkPlanTarget(made, target, limits(10)))).toBe('accepted');
    const changed = '"inputs" or "minRefreshInterval" in dashsync.config.json changed since the plan was made, so the dashboards would not be what was reviewed; nothing was applied. Run dashsync plan again';
    expect(attempt(() => checkPlanTarget(made, target, { ...limits(10), inputs: { DS_PROMETHEUS: 'other' } }))).toBe(changed);
    expect(attempt(() => checkPlanTarget(made, target, { ...limits(10), minRefreshInterval: '10s' }))).toBe(changed);
  });

  it('refuses a plan made for another environment, naming both, before comparing URLs', () => {
    const staging = { ...planFor('https://staging.example.com', null), target: { url: 'https://staging.example.com', urlSha256: urlSha256('https://staging.example.com'), orgId: null, grafanaVersion: '12.0.0', environment: 'staging' } };
    const production = { url: 'https://prod.example.com', urlSha256: urlSha256('https://prod.example.com'), orgId: undefined, api: 'legacy' };
    expect(attempt(() => checkPlanTarget(staging, production, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made for environment staging, not production; nothing was applied. Apply it with --env staging, or run dashsync plan --env production',
    );
    expect(attempt(() => checkPlanTarget(staging, { url: 'https://staging.example.com', urlSha256: urlSha256('https://staging.example.com'), orgId: undefined, api: 'legacy' }, limits(10)))).toBe(
      'the plan was made for environment staging, but no environment is selected; nothing was applied. Apply it with --env staging',
    );
    expect(attempt(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' }, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made without an environment, not for environment production; nothing was applied. Apply it without --env, or run dashsync plan --env production',
    );
    expect(attempt(() => checkPlanTarget(staging, { url: 'https://staging.example.com', urlSha256: urlSha256('https://staging.example.com'), orgId: undefined, api: 'legacy' }, { ...limits(10), environment: 'staging' }))).toBe('accepted');
  });

  it("says the Action's inputs where the Action reports the refusal: environment: NAME, the plan step, the apply step's args", () => {
    const inAction = (fn: () => void): string => attempt(fn, 'action');
    const staging = { ...planFor('https://staging.example.com', null), target: { url: 'https://staging.example.com', urlSha256: urlSha256('https://staging.example.com'), orgId: null, grafanaVersion: '12.0.0', environment: 'staging' } };
    const production = { url: 'https://prod.example.com', urlSha256: urlSha256('https://prod.example.com'), orgId: undefined, api: 'legacy' };
    expect(inAction(() => checkPlanTarget(staging, production, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made for environment staging, not production; nothing was applied. Apply it with environment: staging, or run the plan step with environment: production',
    );
    expect(inAction(() => checkPlanTarget(planFor('https://a.example.com', null), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' }, { ...limits(10), environment: 'production' }))).toBe(
      'the plan was made without an environment, not for environment production; nothing was applied. Apply it without an "environment" input, or run the plan step with environment: production',
    );
    expect(inAction(() => checkPlanTarget(planFor('https://a.example.com', null, 3), { url: 'https://a.example.com', urlSha256: urlSha256('https://a.example.com'), orgId: undefined, api: 'legacy' }, limits(2)))).toBe(
      'the plan deletes 3 dashboards, more than the limit of 2; nothing was applied. Review the deletes, then allow them with a limit of 3 or more ("maxDeletes" in dashsync.config.json, or args: --max-deletes 3 on the apply step)',
    );
  });
});

describe('checkPlanGrafanaVersion', () => {
  const madeOn = (grafanaVersion: string | null) => ({ target: { url: 'https://g.example.com', orgId: null, grafanaVersion, environment: null } });

  it('refuses a plan made on a later major release (a rollback), and passes the same, a later one, or an unknown one', () => {
    expect(attempt(() => checkPlanGrafanaVersion(madeOn('13.0.2'), '12.3.2'))).toBe(
      'the plan was made on Grafana 13.0.2, and this Grafana runs 12.3.2 (rolled back?); nothing was applied. Run dashsync plan again: a plan made before a rollback describes what the rollback replaced',
    );
    expect(attempt(() => checkPlanGrafanaVersion(madeOn('12.3.2'), '13.0.2'))).toBe('accepted');
    expect(attempt(() => checkPlanGrafanaVersion(madeOn('13.1.0'), '13.0.2'))).toBe('accepted');
    expect(attempt(() => checkPlanGrafanaVersion(madeOn(null), '12.3.2'))).toBe('accepted');
    expect(attempt(() => checkPlanGrafanaVersion(madeOn('13.0.2'), null))).toBe('accepted');
  });

  it('names an earlier release of the same major (minor or patch) for the caller to check what the plan writes', () => {
    expect(checkPlanGrafanaVersion(madeOn('13.1.0'), '13.0.2')).toBe('older-release');
    expect(checkPlanGrafanaVersion(madeOn('v12.3.2'), '12.3.1')).toBe('older-release');
    expect(checkPlanGrafanaVersion(madeOn('13.0.2'), '13.0.2')).toBeNull();
    expect(checkPlanGrafanaVersion(madeOn('13.0.2'), '13.1.0')).toBeNull();
    expect(checkPlanGrafanaVersion(madeOn('12.3.2'), '13.0.0')).toBeNull();
  });
});
