import { RequestInterruptedError } from '../../errors.js';
import type { GrafanaRequester } from '../http/request.js';
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
    return entry && !isInternalId(entry.name) ? entry.name : null;
  } catch (error) {
    // Ctrl-C is not an answer about the credentials.
    if (error instanceof RequestInterruptedError) throw error;
    return null;
  }
}

/** Pure: the uid Grafana recorded as the saver of an object it answered a write of these credentials with; null when it names none. */
export function savedByUid(saved: Pick<K8sObject, 'generation' | 'annotations'>): string | null {
  const savedBy = k8sSavedBy(saved.generation, saved.annotations['grafana.app/createdBy'] ?? '', saved.annotations['grafana.app/updatedBy'] ?? '');
  const uid = idOfTypedIdentity(savedBy);
  return isInternalId(uid) ? null : uid;
}
