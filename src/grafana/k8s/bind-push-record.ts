import { GrafanaHttpError } from '../../errors.js';
import { isDeepEqual } from '../../diff/is-deep-equal.js';
import { isPlainObject } from '../../files/is-plain-object.js';
import type { WriteTally } from '../port.js';
import { patchDashboardAnnotations } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { PUSHED_GENERATION, PUSHED_SHA256, PUSHED_UID } from './to-live-dashboard.js';

/** What the write just made recorded, against what the server answered. */
interface WrittenRecord {
  /** The metadata.uid the write recorded; null when it could not know it (a create). */
  uid: string | null;
  generation: number;
  /** The content digest it recorded (dashsync/pushed-sha256). */
  sha256: string;
}

/**
 * After a push through `/apis` whose record does not name the object the server answered with —
 * a create (the server gives the metadata.uid), or a write whose generation the server did not
 * make as predicted (unified storage keeps it when neither spec nor folder changed) — one
 * annotation-only merge patch at the answer's resourceVersion records the answer's uid and the
 * generation that patch leaves. Whether an annotation-only write moves the generation is learnt
 * from the first answer whose spec that patch left as it was (unified storage keeps it; legacy SQL storage bumps it) and kept in
 * `context.metadataWriteBumps`; a wrong guess is corrected once. Best effort: a save in between
 * (409) or any failure leaves the record unbound — the next plan compares that dashboard in full,
 * which is slower, never wrong — and is not an error of the push.
 *
 * Grafana's migration (12.3 on) is not idempotent below schemaVersion 42: a step's null (V36's panel `datasource: null`
 * where the instance has no default datasource) is removed by the next v1 write's cleanup, a spec change that moves the
 * generation. Such an answer (holdsNullsCleanupRemoves) is patched too, predicting that move, so the record names the
 * generation Grafana keeps: a later write of labels alone (kubectl label) then leaves it, and reads as the edit it is.
 * A Grafana whose writes keep those nulls (12.0–12.2: no cleanup) is learnt from the first such patch
 * (`context.writeRemovesNulls`), and no answer is patched for them again.
 */
export async function bindPushRecord(
  context: K8sContext,
  target: { namespace: string; version: string; message: string },
  saved: K8sObject,
  written: WrittenRecord,
  tally?: WriteTally,
): Promise<K8sObject> {
  const unsettled = context.writeRemovesNulls !== false && holdsNullsCleanupRemoves(saved.spec);
  if (saved.uid === '' || (written.uid === saved.uid && written.generation === saved.generation && !unsettled)) return saved;
  // Legacy SQL storage keeps no annotations of its callers (legacy/sql_dashboards.go builds them from its columns):
  // no record came back, so there is nothing to bind, and a patch would only add a version.
  if (saved.annotations[PUSHED_SHA256] !== written.sha256) return saved;
  let object = saved;
  for (let attempt = 0; attempt < 2; attempt++) {
    const bumps = context.metadataWriteBumps ?? false;
    const generation = object.generation + (bumps || (attempt === 0 && unsettled) ? 1 : 0);
    const annotations = { [PUSHED_UID]: object.uid, [PUSHED_GENERATION]: String(generation), 'grafana.app/message': target.message };
    let answer: K8sObject;
    try {
      answer = await patchDashboardAnnotations(context.http, target.namespace, target.version, object.name, { resourceVersion: object.resourceVersion, annotations }, tally);
    } catch (error) {
      if (error instanceof GrafanaHttpError) return object;
      throw error;
    }
    // Only the object itself teaches anything (a proxy's `{}` would name no object and generation 0).
    if (answer.name !== object.name || answer.uid !== object.uid) return object;
    // A generation moved by Grafana's rewrite of the spec says nothing of annotation-only writes.
    const specKept = object.spec !== null && answer.spec !== null && isDeepEqual(object.spec, answer.spec);
    if (specKept) context.metadataWriteBumps = answer.generation !== object.generation;
    if (attempt === 0 && unsettled && answer.spec !== null) context.writeRemovesNulls = !specKept;
    if (answer.generation === generation) return answer;
    object = answer;
  }
  return object;
}

/**
 * Whether a stored classic spec holds a null that the cleanup of Grafana's next v1 write removes (frontend_defaults.go
 * cleanupDashboardForSave: nulls at any depth of each panel, rows' panels included, and of the templating; a top-level
 * `id` or `gnetId` null). Pure.
 */
export function holdsNullsCleanupRemoves(spec: Record<string, unknown> | null): boolean {
  if (spec === null) return false;
  if (spec.id === null || spec.gnetId === null) return true;
  return holdsNull(spec.panels) || (isPlainObject(spec.templating) && holdsNull(spec.templating));
}

/** A null value of an object key at any depth (null array elements are kept by the cleanup). */
function holdsNull(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => item !== null && holdsNull(item));
  if (!isPlainObject(value)) return false;
  return Object.values(value).some((inner) => inner === null || holdsNull(inner));
}
