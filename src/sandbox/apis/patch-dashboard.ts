import type { JsonObject } from '../dashboard-model.js';
import type { Reply } from '../http/reply.js';
import type { ApisContext } from './apis-context.js';
import { jsonPatch, JSON_PATCH, MERGE_PATCH, mergePatch } from './apply-patch.js';
import { renderDashboardObject } from './dashboard-object.js';
import { dryRunRefusal, dryRunValues } from './dry-run.js';
import { currentView } from './dashboard-view.js';
import { notFound, statusReply, unsupportedMediaType } from './k8s-status.js';
import { liveDashboard, replaceDashboard } from './write-dashboard.js';

/**
 * PATCH one dashboard with a JSON merge patch or a JSON patch, applied to the object as read at the request's
 * version, then written like a PUT (so a patched `metadata.resourceVersion` is a precondition, and a patch without
 * one applies to the latest). Strategic merge and server-side apply are not served (Grafana's types have no
 * strategic-merge schema; apply is not emulated).
 */
export function patchDashboard(context: ApisContext): Reply {
  const type = context.contentType;
  if (type !== MERGE_PATCH && type !== JSON_PATCH) return unsupportedMediaType([JSON_PATCH, MERGE_PATCH]);
  const refused = dryRunRefusal('patch', dryRunValues(context, 'patch'));
  if (refused) return refused;
  const record = liveDashboard(context, context.name);
  if (!record) return notFound(context.gr, context.name);
  if (context.invalidJson) return statusReply({ message: 'error decoding patch: invalid JSON', reason: 'BadRequest', code: 400 });
  const view = currentView(record, context.era.metaApiVersion ?? 'v0alpha1', context.settings.storage);
  const current = JSON.parse(renderDashboardObject(view, context.version, context.era)) as JsonObject;
  let patched: unknown;
  if (type === MERGE_PATCH) patched = mergePatch(current, context.body);
  else {
    const result = jsonPatch(current, context.body);
    const message = `the server rejected our request due to an error in our request: ${result.ok ? '' : result.error}`;
    if (!result.ok) return statusReply({ message, reason: 'Invalid', code: 422 });
    patched = result.value;
  }
  return replaceDashboard(context, patched);
}
