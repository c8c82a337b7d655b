import type { Settings } from '../config/types.js';
import { PlanFileError } from '../errors.js';
import { hashContentSettings } from '../plan/hash-content-settings.js';
import { dashboardActions, type Plan } from '../plan/types.js';

/**
 * Pure: a plan may only be applied to what it was computed against (URL, org, API), with the
 * settings that shaped its content, and only when it stays within the delete guard. (Its
 * format version was checked when the file was read.)
 */
export function checkPlanTarget(
  plan: Plan,
  target: { url: string; orgId: number | undefined; api: string },
  settings: Pick<Settings, 'maxDeletes' | 'inputs' | 'minRefreshInterval'>,
): void {
  if (stripSlash(plan.target.url) !== stripSlash(target.url)) {
    throw new PlanFileError(`the plan was made for ${plan.target.url}, not ${target.url}; nothing was applied. Run dashsync plan against this Grafana`);
  }
  if ((plan.target.orgId ?? null) !== (target.orgId ?? null)) {
    throw new PlanFileError(
      `the plan was made for org ${plan.target.orgId ?? '(default)'}, not org ${target.orgId ?? '(default)'}; nothing was applied. Run dashsync plan for this org`,
    );
  }
  const api = plan.target.api ?? 'legacy';
  if (api !== target.api) {
    throw new PlanFileError(`the plan was made through Grafana's ${api} API, not the ${target.api} API; nothing was applied. Run dashsync plan again`);
  }
  if (plan.settingsHash !== hashContentSettings(settings)) {
    throw new PlanFileError(
      'the config\'s "inputs" or "minRefreshInterval" changed since the plan was made, so the dashboards would not be what was reviewed; nothing was applied. Run dashsync plan again',
    );
  }
  const deletes = dashboardActions(plan).filter((d) => d.action === 'delete').length;
  if (deletes > settings.maxDeletes) {
    throw new PlanFileError(
      `the plan deletes ${deletes} dashboard${deletes === 1 ? '' : 's'}, more than the limit of ${settings.maxDeletes}; nothing was applied. Review the deletes, then allow them with --max-deletes ${deletes}`,
    );
  }
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
