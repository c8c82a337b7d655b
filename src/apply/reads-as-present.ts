import { PermissionError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';

/**
 * Whether the folder reads as there. Grafana refuses (403) a read of a uid it cannot find to anyone without
 * `folders:read` on every folder (the route check resolves the uid before the handler's 404), so a refusal counts as
 * gone: a create of it again is refused by Grafana if it is only hidden, never an overwrite.
 */
export async function readsAsPresent(grafana: Pick<GrafanaPort, 'getFolder'>, uid: string): Promise<boolean> {
  try {
    return (await grafana.getFolder(uid)) !== null;
  } catch (error) {
    if (error instanceof PermissionError) return false;
    throw error;
  }
}
