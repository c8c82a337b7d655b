import { secretsOf } from '../config/credential-secrets.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import { redactUrl } from '../config/redact-url.js';
import type { ApiMode, Settings } from '../config/types.js';
import type { Shell } from '../describe-error.js';
import { PlanFileError } from '../errors.js';
import { describeDeleteLimitNeeded } from '../report/describe-delete-limit.js';
import { parseRelease } from '../grafana/parse-release.js';
import { hashContentSettings } from '../plan/hash-content-settings.js';
import { countGuardedDeletes } from '../plan/delete-limit.js';
import type { Plan } from '../plan/types.js';
import { sameGrafana } from './same-grafana.js';
import { planAgain } from '../report/plan-again.js';
import { applySelectionOf, renderNextCommand, runSelectionOf, type RunSelection } from '../report/next-command.js';

const PLAN_AGAIN = planAgain({ review: false });
/** A plan made against another Grafana or org lists other changes: the one made for this run's is to be read first. */
const FOR_THIS_GRAFANA = planAgain({ review: true, before: 'For this Grafana, ' });
const FOR_THIS_ORG = planAgain({ review: true, before: 'For this org, ' });

/**
 * Pure: a plan may only be applied to what it was computed against (environment, URL, org, API), with the
 * settings that shaped its content, and only when it stays within the delete guard. (Its
 * format version was checked when the file was read.)
 */
export function checkPlanTarget(
  plan: Plan,
  target: { url: string; urlSha256: string; orgId: number | undefined; credentialsOrgId?: number | null; api?: string },
  settings: Pick<Settings, 'maxDeletes' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'environment' | 'environments' | 'auth' | 'configFile' | 'commandLine' | 'cwd' | 'root' | 'prune'>>,
): void {
  // First: a plan for another environment also differs in URL or inputs, and this says why.
  const planned = plan.target.environment ?? null;
  const here = settings.environment ?? null;
  if (planned !== null && here !== null && planned !== here && settings.environments !== undefined && !settings.environments.includes(planned)) {
    // Renamed since (prod → production): `--env prod` names nothing now, so the way on is a plan for this one.
    throw new PlanFileError(`the plan was made for environment ${planned}, which ${settings.configFile ?? DEFAULT_CONFIG_FILE} no longer defines, not for ${here}`, planAgain({ review: true }));
  }
  if (planned !== here) {
    const next = (shell: Shell) => nextForEnvironment(planned, here, shell, selectionOfRun(plan, settings));
    throw new PlanFileError(describeEnvironmentMismatch(planned, here), { cli: next('cli'), action: next('action') });
  }
  if (!sameGrafana(plan.target, target)) {
    // A plan written before URLs were redacted holds its URL as typed: this run's secrets are redacted from it too.
    const planned = redactUrl(plan.target.url, settings.auth ? secretsOf(settings.auth) : []);
    const differ = planned === target.url ? ' (the same once secrets are hidden: its secret path differs)' : '';
    throw new PlanFileError(`the plan was made for ${planned}, not ${target.url}${differ}`, FOR_THIS_GRAFANA);
  }
  const plannedOrg = { given: plan.target.orgId ?? null, credentials: plan.target.credentialsOrgId ?? null };
  const hereOrg = { given: target.orgId ?? null, credentials: target.credentialsOrgId ?? null };
  if (!sameOrg(plannedOrg, hereOrg)) {
    throw new PlanFileError(`the plan was made for ${describeOrg(plannedOrg)}, not ${describeOrg(hereOrg)}`, FOR_THIS_ORG);
  }
  if (target.api !== undefined) checkPlanApi(plan, target.api);
  if (plan.settingsHash !== hashContentSettings(settings)) {
    throw new PlanFileError(`"inputs" or "minRefreshInterval" in ${settings.configFile ?? DEFAULT_CONFIG_FILE} changed since the plan was made, so the dashboards would not be what was reviewed`, PLAN_AGAIN);
  }
  const { dashboards: dashboardDeletes, libraryPanels: libraryDeletes, total: deletes } = countGuardedDeletes(plan);
  if (deletes > settings.maxDeletes) {
    const what = `${dashboardDeletes} dashboard${dashboardDeletes === 1 ? '' : 's'}${libraryDeletes > 0 ? ` and ${libraryDeletes} library panel${libraryDeletes === 1 ? '' : 's'}` : ''}`;
    const allow = 'Review the deletes, then allow them with';
    throw new PlanFileError(`the plan deletes ${what}, more than the limit of ${settings.maxDeletes}`, {
      cli: `${allow} --max-deletes ${deletes}`,
      action: `${allow} a limit of ${describeDeleteLimitNeeded(deletes, 'action', settings.configFile ?? DEFAULT_CONFIG_FILE)}`,
    });
  }
}

/**
 * Pure: a plan is applied through the API it was made through (`legacy` = `/api`, `k8s` = `/apis`):
 * its revisions and write targets mean nothing to the other one. Known after the first request
 * (with `api: auto`, discovery decides).
 */
export function checkPlanApi(plan: Plan, api: string, runMode?: ApiMode): void {
  const planned = plan.target.api ?? 'legacy';
  if (planned !== api) {
    const here = runMode === 'auto' ? describeAutoResolved(api) : `this run uses ${describeApi(api)}`;
    throw new PlanFileError(`the plan was made through Grafana's ${describeApi(planned)}, but ${here}`, planAgain({ review: false, applyWithApi: apiFlagOf(plan, planned, runMode) }));
  }
}

/**
 * The `--api` value that reaches the API a plan was made through: its run's own flag where that one did (`auto` that read
 * `/apis`, as a config pinning `legacy` overridden to judge held deletes: walk-64 M2), else the API itself. Never `auto`
 * where this run was given it: that is the run that just read the other API (review-65b L3).
 */
function apiFlagOf(plan: Plan, planned: 'legacy' | 'k8s', runMode: ApiMode | undefined): ApiMode {
  const given = plan.selection?.api;
  if (given === 'auto' && runMode === 'auto') return planned;
  return given === planned || (given === 'auto' && planned === 'k8s') ? given : planned;
}

/** What this run's api "auto" found: /apis answering, or not (a proxy that stopped routing it, a feature toggle, Grafana 11). */
function describeAutoResolved(api: string): string {
  return api === 'k8s' ? 'this run\'s api "auto" uses /apis, which answers now' : '/apis did not answer, so this run\'s api "auto" uses /api';
}

/**
 * Pure: a plan made on a later Grafana release than this one's (by major) stops before any change. Going back is a
 * restore of Grafana's database (docs/upgrading.md), so the plan was made against what the restore replaced: dashboards
 * saved since are older again, and 13's unified-storage revisions name states 12's legacy SQL storage answers in
 * another form (a version the plan saw may hold other content, and the labels it writes are not kept). A version not
 * known on either side passes. An earlier release of the same major (13.1 → 13.0) keeps the storage and its
 * revisions: `older-release`, and the caller checks what the plan writes against it (checkOlderRelease).
 */
export function checkPlanGrafanaVersion(plan: Pick<Plan, 'target'>, version: string | null): 'older-release' | null {
  const planned = parseRelease(plan.target.grafanaVersion);
  const here = parseRelease(version);
  if (planned === null || here === null) return null;
  if (here.major < planned.major) {
    throw new PlanFileError(
      `the plan was made on Grafana ${plan.target.grafanaVersion}, and this Grafana runs ${version} (rolled back?)`,
      planAgain({ review: false, after: ': a plan made before a rollback describes what the rollback replaced' }),
    );
  }
  if (here.major > planned.major) return null;
  const older = here.minor < planned.minor || (here.minor === planned.minor && here.patch < planned.patch);
  return older ? 'older-release' : null;
}

function describeApi(api: string): string {
  return api === 'k8s' ? '/apis (api: k8s, or auto on Grafana 12 and later)' : '/api (api: legacy, or auto on Grafana 11)';
}

interface OrgOfRun {
  /** The org id given (flag, GRAFANA_ORG_ID, config); null: none. */
  given: number | null;
  /** With none given: the credentials' own org, when known. */
  credentials: number | null;
}

/**
 * Whether a plan and this run address one org: by the ids given, or where one of them gave none, by the credentials'
 * own org (a plan made without an org id applied with GRAFANA_ORG_ID=1, the same org). Not known: only the same
 * (absent) id passes, as before plans recorded the credentials' org.
 */
function sameOrg(planned: OrgOfRun, here: OrgOfRun): boolean {
  const plannedId = planned.given ?? planned.credentials;
  const hereId = here.given ?? here.credentials;
  if (plannedId !== null && hereId !== null) return plannedId === hereId;
  return planned.given === here.given;
}

/** `org 2`, `org 1 (the credentials' default)`, or `the credentials' default org` when its id is not known. */
function describeOrg(org: OrgOfRun): string {
  if (org.given !== null) return `org ${org.given}`;
  return org.credentials === null ? "the credentials' default org" : `org ${org.credentials} (the credentials' default)`;
}

/**
 * The flags the CLI's plan for this run's environment repeats (as typed; a saved plan's root and prune, which apply takes from
 * it): without them it could read another config file or tree, or plan other deletes.
 */
function selectionOfRun(plan: Plan, settings: Partial<Pick<Settings, 'commandLine' | 'cwd' | 'root' | 'prune'>>): RunSelection {
  const { cwd, root, prune } = settings;
  return cwd !== undefined && root !== undefined && prune !== undefined ? applySelectionOf(plan, { ...settings, cwd, root, prune }) : runSelectionOf(settings);
}

/** How each shell names an environment for apply, and the plan to make for one (the CLI's with the run's flags). */
const ENVIRONMENT_WORDS: Record<Shell, { applyWith: (name: string) => string; applyWithout: string; planFor: (name: string, selection: RunSelection) => string }> = {
  cli: { applyWith: (name) => `with --env ${name}`, applyWithout: 'without --env', planFor: (name, selection) => `run ${renderNextCommand({ ...selection, environment: name }, 'plan')}` },
  action: {
    applyWith: (name) => `with environment: ${name}`,
    applyWithout: 'without an "environment" input',
    planFor: (name) => `run the plan step with environment: ${name}`,
  },
};

function describeEnvironmentMismatch(planned: string | null, here: string | null): string {
  if (here === null) return `the plan was made for environment ${planned}, but no environment is selected`;
  if (planned === null) return `the plan was made without an environment, not for environment ${here}`;
  return `the plan was made for environment ${planned}, not ${here}`;
}

function nextForEnvironment(planned: string | null, here: string | null, shell: Shell, selection: RunSelection): string {
  const words = ENVIRONMENT_WORDS[shell];
  if (here === null) return `Apply it ${words.applyWith(planned!)}`;
  if (planned === null) return `Apply it ${words.applyWithout}, or ${words.planFor(here, selection)}`;
  return `Apply it ${words.applyWith(planned)}, or ${words.planFor(here, selection)}`;
}
