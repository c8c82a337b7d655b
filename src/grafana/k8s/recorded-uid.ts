import { RequestInterruptedError } from '../../errors.js';
import type { GrafanaRequester } from '../http/request.js';
import { uidProblem } from '../../files/uid-rules.js';
import { idOfTypedIdentity, isInternalId, k8sSavedBy } from '../save-authorship.js';
import { fetchDisplay } from './endpoints/display.js';
import type { K8sObject } from './k8s-object.js';

/**
 * The uid `/apis` histories record for a service account, from the internal numeric id GET /api/user answers for
 * one (`service-account:<id>`). Grafana's display list takes a numeric key as that id (pkg/registry/apis/iam/display
 * keys.go) and answers the account with its uid as `identity.name`; any member of the org may ask (the iam
 * authorizer leaves `display` unchecked). null when Grafana does not say — the route not served (404), refused
 * (403), failed, no such entry: the caller keeps the id and the marker decides, as before, with nothing said.
 */
export async function lookUpRecordedUid(http: GrafanaRequester, namespace: string, internalId: string): Promise<string | null> {
  try {
    const entries = await fetchDisplay(http, namespace, [`service-account:${internalId}`]);
    const entry = entries.find((candidate) => candidate.type === 'service-account' && candidate.internalId === Number(internalId));
    return entry && isRecordableUid(entry.name) ? entry.name : null;
  } catch (error) {
    // Ctrl-C is not an answer about the credentials.
    if (error instanceof RequestInterruptedError) throw error;
    return null;
  }
}

/**
 * Pure: the uid Grafana recorded as the saver of the answer to a write of these credentials; null when the answer is
 * not that write's own (another generation, or another message where it carries one: Grafana 12's dual writer
 * answers with the newest version, which a UI save may already be) or names no uid-shaped saver.
 */
export function savedByUid(saved: Pick<K8sObject, 'generation' | 'annotations'>, written: { generation: number; message: string }): string | null {
  const message = saved.annotations['grafana.app/message'];
  if (saved.generation !== written.generation || (message !== undefined && message !== written.message)) return null;
  const savedBy = k8sSavedBy(saved.generation, saved.annotations['grafana.app/createdBy'] ?? '', saved.annotations['grafana.app/updatedBy'] ?? '');
  const uid = idOfTypedIdentity(savedBy);
  return isRecordableUid(uid) ? uid : null;
}

/** A uid dashsync may write into its content notes: uid-shaped (Grafana's own rule), not an internal id. */
function isRecordableUid(uid: string): boolean {
  return !isInternalId(uid) && uidProblem(uid) === undefined;
}
