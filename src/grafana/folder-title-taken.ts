import { GrafanaHttpError } from '../errors.js';

/**
 * Grafana 11.2 and older refuse a folder whose title a sibling folder has (any case), on a create and on a rename alike:
 * folderimpl's toFolderError turns the store's ErrDashboardWithSameNameInFolderExists into dashboards.ErrFolderSameNameExists,
 * 409 "a folder or dashboard in the general folder with the same name already exists" whatever the parent. Not a save by
 * someone else: reading the folder again changes nothing. A taken uid is another 409 ("a folder/dashboard with the same uid
 * already exists").
 */
export function isFolderTitleTakenRefusal(error: unknown): error is GrafanaHttpError {
  return error instanceof GrafanaHttpError && error.status === 409 && /with the same name already exists/i.test(error.grafanaMessage);
}
