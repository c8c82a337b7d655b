import pLimit from 'p-limit';
import { isObject } from '../http/response-fields.js';
import type { V2LibraryPanelUsersOptions } from '../port.js';
import { readVersionFor } from './choose-versions.js';
import { getDashboardObject } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { asStored, listPages } from './read-dashboards.js';

/**
 * The dashboards stored as v2 that hold a `LibraryPanel` element naming one of `panelUids` (panel uid →
 * dashboard uids, sorted): what Grafana 12.3 leaves out of a library panel's connections (issue #113874).
 * One pass over the org's full list pages; a v2 dashboard listed without its stored object is read at its
 * own version, `concurrency` at a time.
 */
export async function findV2LibraryPanelUsers(context: K8sContext, panelUids: ReadonlySet<string>, options: V2LibraryPanelUsersOptions = {}): Promise<Map<string, string[]>> {
  const { signal } = options;
  const users = new Map<string, Set<string>>();
  if (panelUids.size === 0) return new Map();
  const note = (object: K8sObject) => {
    for (const uid of libraryPanelElementUids(object.spec)) {
      if (panelUids.has(uid)) users.set(uid, (users.get(uid) ?? new Set()).add(object.name));
    }
  };
  const unread = new Map<string, string>();
  for await (const page of listPages(context, signal)) {
    for (const object of page.items) {
      const stored = object.conversion?.storedVersion;
      if (stored === undefined || !stored.startsWith('v2')) continue;
      const source = asStored(object);
      if (source === null) unread.set(object.name, stored);
      else note(source);
    }
  }
  const namespace = await context.namespace();
  const limit = pLimit(Math.max(1, options.concurrency ?? 1));
  await Promise.all(
    [...unread].map(([uid, stored]) =>
      limit(async () => {
        if (signal?.aborted) return;
        const object = await getDashboardObject(context.http, namespace, readVersionFor(context.versions, stored), uid);
        if (object) note(object);
      }),
    ),
  );
  return new Map([...users].map(([uid, dashboards]) => [uid, [...dashboards].sort()]));
}

/** The library panel uids of a v2 spec's `elements` of kind `LibraryPanel` (`spec.libraryPanel.uid`). */
function libraryPanelElementUids(spec: K8sObject['spec']): string[] {
  if (spec === null || !isObject(spec.elements)) return [];
  const uids: string[] = [];
  for (const element of Object.values(spec.elements)) {
    if (!isObject(element) || element.kind !== 'LibraryPanel' || !isObject(element.spec)) continue;
    const ref = element.spec.libraryPanel;
    if (isObject(ref) && typeof ref.uid === 'string' && ref.uid !== '') uids.push(ref.uid);
  }
  return uids;
}
