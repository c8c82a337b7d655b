import type { Reply } from '../http/reply.js';
import type { ApisContext } from './apis-context.js';
import { renderDashboardObject } from './dashboard-object.js';
import { currentView, historyView, type DashboardView } from './dashboard-view.js';
import { notFound } from './k8s-status.js';
import { negotiateOutput, notAcceptable } from './negotiate-output.js';
import { renderPartialMetadata } from './partial-metadata.js';
import { liveDashboard } from './write-dashboard.js';

/**
 * GET one dashboard at the requested version (converted when stored in another one). `?resourceVersion=<rv>`
 * reads that exact state from the history (apistore Get → ReadRequest.ResourceVersion); an unknown one is NotFound.
 */
export function getDashboard(context: ApisContext): Reply {
  const record = liveDashboard(context, context.name);
  if (!record) return notFound(context.gr, context.name);
  const form = negotiateOutput(context.headers.accept);
  if (form.as === 'PartialObjectMetadataList') return notAcceptable(form, `*${context.version}.Dashboard`);
  const render = (view: DashboardView) => ({
    status: 200,
    body: form.as === 'PartialObjectMetadata' ? renderPartialMetadata(view, form.apiVersion) : renderDashboardObject(view, context.version, context.era),
  });
  const storedDefault = context.era.metaApiVersion ?? 'v0alpha1';
  const current = currentView(record, storedDefault, context.settings.storage);
  const wanted = context.query.get('resourceVersion') ?? '';
  if (wanted === '' || wanted === '0' || wanted === current.servedResourceVersion) return render(current);
  for (const entry of record.versions) {
    const view = historyView(record, entry, storedDefault, context.settings.storage);
    if (view.servedResourceVersion === wanted) return render(view);
  }
  return notFound(context.gr, context.name);
}
