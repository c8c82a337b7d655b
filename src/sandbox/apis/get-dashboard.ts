import type { Reply } from '../http/reply.js';
import type { ApisContext } from './apis-context.js';
import { renderDashboardObject } from './dashboard-object.js';
import { currentView, historyView } from './dashboard-view.js';
import { notFound } from './k8s-status.js';
import { liveDashboard } from './write-dashboard.js';

/**
 * GET one dashboard at the requested version (converted when stored in another one). `?resourceVersion=<rv>`
 * reads that exact state from the history (apistore Get → ReadRequest.ResourceVersion); an unknown one is NotFound.
 */
export function getDashboard(context: ApisContext): Reply {
  const record = liveDashboard(context, context.name);
  if (!record) return notFound(context.gr, context.name);
  const storedDefault = context.era.metaApiVersion ?? 'v0alpha1';
  const current = currentView(record, storedDefault);
  const wanted = context.query.get('resourceVersion') ?? '';
  if (wanted === '' || wanted === '0' || wanted === String(current.resourceVersion)) {
    return { status: 200, body: renderDashboardObject(current, context.version, context.era) };
  }
  for (const entry of record.versions) {
    const view = historyView(record, entry, storedDefault);
    if (String(view.resourceVersion) === wanted) return { status: 200, body: renderDashboardObject(view, context.version, context.era) };
  }
  return notFound(context.gr, context.name);
}
