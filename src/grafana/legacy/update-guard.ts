import { GrafanaHttpError } from '../../errors.js';
import type { Expectation, LiveDashboard } from '../port.js';
import { sameRevision } from '../k8s/to-live-dashboard.js';
import { sameIncarnation } from '../same-incarnation.js';
import { savedAgainAtVersion, type PlannedSave } from '../saved-again-at-version.js';

/**
 * How an update through `POST /api/dashboards/db` is kept from creating again a dashboard deleted
 * since the plan read it: that endpoint creates whatever uid it does not find. Grafana 12, and 11
 * with "Recently deleted" off, look a posted `dashboard.id` up first and answer 404 when no dashboard
 * has it any more, so the id the plan read goes with the save (no extra request). Where that does not
 * hold (Grafana 13, Grafana 11 whose lookup finds a dashboard in "Recently deleted" when that is on or
 * cannot be told, a hidden version) or the plan holds no id (made before dashsync recorded it, or Grafana gave
 * none), the dashboard is read right before the write (gone, or there under another id: the conflict): one GET per
 * update, and a delete in the instant between the two is not caught. A plan that recorded the time of the save it saw
 * (plannedSave) is read for always: after Grafana's database was restored from a backup, a save made since can reach
 * the planned version number, and only its time tells (one GET per update on Grafana 12 and 11 too).
 */
export async function guardUpdate(options: {
  internalId: number | null | undefined;
  refusesUnknownId: () => Promise<boolean>;
  read: () => Promise<LiveDashboard | null>;
  /** A change since the plan that the version does not show, where the dashboard is read. */
  editedSince?: (current: LiveDashboard) => boolean;
  /**
   * Whether such a change may be there at all (the storage keeps labels): then the dashboard is read even where the
   * id would guard the save, which cannot tell it. Default: no.
   */
  mayBeEditedSince?: () => Promise<boolean>;
  /**
   * The save the plan saw (SaveDashboardRequest.plannedSave): another save under its version number since, which the
   * version the write sends lets through, is the conflict. It is read for even where the id would guard the save.
   */
  plannedSave?: PlannedSave;
}): Promise<{ id: number | null } | { conflict: LiveDashboard | null }> {
  const id = options.internalId ?? null;
  const idGuards = id !== null && (await options.refusesUnknownId());
  if (idGuards && options.plannedSave === undefined && !(await options.mayBeEditedSince?.())) return { id };
  const current = await options.read();
  // Another id under the uid: deleted and created again since, possibly at the planned version (sameIncarnation).
  const unchanged = current !== null && sameIncarnation(id, current.internalId) && !savedAgainAtVersion(options.plannedSave, current) && options.editedSince?.(current) !== true;
  return unchanged ? { id: idGuards ? id : null } : { conflict: current };
}

/**
 * Grafana's refusal of a save whose `dashboard.id` no dashboard has: 404 `Dashboard not found`
 * (11, 12: ValidateDashboardBeforeSave). An earlier form of 12's lookup through search
 * (GetDashboardUIDByID under the kubernetesCliDashboards toggle) said 500 `unexpected number of
 * dashboards found: 0`. Either way nothing was written; the caller reads
 * the uid to tell a delete from a re-create under a new id.
 */
function isUnknownIdRefusal(error: unknown): boolean {
  if (!(error instanceof GrafanaHttpError)) return false;
  return error.status === 404 || (error.status === 500 && /unexpected number of dashboards found: 0\b/.test(error.grafanaMessage));
}

/**
 * Sends a guarded update, with the id guardUpdate gave (or none). When Grafana refuses that id
 * (isUnknownIdRefusal), the uid is read: there exactly as planned means Grafana could not resolve
 * the id (12 looks it up in a search index that may lag behind writes) and nothing was written, so
 * the save goes again without it, still guarded by its version; anything else (another id under the uid included) is the conflict,
 * with what is there now and the refusal. Any other error (of either send) is the caller's.
 */
export async function sendWithId<T>(
  send: (id: number | null) => Promise<T>,
  id: number | null,
  recheck: { read: () => Promise<LiveDashboard | null>; planned: Expectation },
): Promise<{ sent: T } | { conflict: LiveDashboard | null; refusal: GrafanaHttpError }> {
  try {
    return { sent: await send(id) };
  } catch (error) {
    if (id === null || !isUnknownIdRefusal(error)) throw error;
    const current = await recheck.read();
    // Another id under the uid is a dashboard created again since, which legacy storage may answer at the planned version.
    if (current === null || !sameRevision(current.revision, recheck.planned) || !sameIncarnation(id, current.internalId)) {
      return { conflict: current, refusal: error as GrafanaHttpError };
    }
    return { sent: await send(null) };
  }
}
