import { GrafanaHttpError } from '../../errors.js';
import { isDeepEqual } from '../../diff/is-deep-equal.js';
import type { WriteTally } from '../port.js';
import { answerShowsNoCleanup, holdsWhatCleanupRewrites } from './cleanup-rewrites.js';
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
 * Grafana's migration (12.3 on) is not idempotent below schemaVersion 42: what a step writes that the cleanup does not
 * keep (cleanup-rewrites.ts: V33/V36's `datasource: null`, a library panel's V36 targets, a constant's V27 options) is
 * removed by the next v1-family write, a spec change that moves the generation. Such an answer to a v1-family write
 * (holdsWhatCleanupRewrites) is patched too, predicting that move, so the record names the generation Grafana keeps: a
 * later write of labels alone (kubectl label) then leaves it, and reads as the edit it is. A Grafana whose writes keep
 * them (12.0–12.2: no cleanup) is told by the answer where it can be (answerShowsNoCleanup: no patch at all), else learnt
 * from the first such patch (`context.writeCleansSpec`); no answer is patched for it again.
 */
export async function bindPushRecord(
  context: K8sContext,
  target: { namespace: string; version: string; message: string },
  saved: K8sObject,
  written: WrittenRecord,
  tally?: WriteTally,
): Promise<K8sObject> {
  // v0alpha1 and v2 writes are not migrated: their answers say nothing of the cleanup.
  const migrated = /^v1/.test(target.version);
  if (migrated && context.writeCleansSpec === null && answerShowsNoCleanup(saved.spec)) context.writeCleansSpec = false;
  const unsettled = migrated && context.writeCleansSpec !== false && holdsWhatCleanupRewrites(saved.spec);
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
    if (attempt === 0 && unsettled && answer.spec !== null) context.writeCleansSpec = !specKept;
    if (answer.generation === generation) return answer;
    object = answer;
  }
  return object;
}
