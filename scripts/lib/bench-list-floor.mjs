// The /apis floors (SPEC §12, §13), on a sandbox of Grafana 13: the list floor — bare LIST pages
// of dashboard.grafana.app (`limit` + `continue`), each page JSON.parse'd, one after another as
// the continue token requires — and bare PUTs of the changed tree carrying the resourceVersion
// the list showed. The sandbox is seeded through POST /apis at the v1 version: the dashboards are
// then stored the way `dashsync --api k8s` stores them, and a list reads them as stored. (Seeding
// through /api is ~25% faster, but /api saves are stored at v0alpha1 and every list at v1 would
// migrate each one: ~2.8× the server CPU per listed dashboard, measured at N = 1,000.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_HEADERS, createFloorFolders, createFloorPool, fileFolderUid, timeRequests, timeStep, warmUp } from './bench-floor.mjs';
import { pickV1Version } from './bench-detect.mjs';
import { withSandbox } from './bench-sandbox.mjs';

const GROUP = '/apis/dashboard.grafana.app';

async function getText(pool, path) {
  const response = await pool.request({ method: 'GET', path, headers: JSON_HEADERS });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`list floor: GET ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
  return text;
}

/**
 * The continue token of a list page from the head of its text, without parsing the page: a k8s
 * List is encoded kind, apiVersion, metadata, items — in that order (TypeMeta, ListMeta, Items).
 * Undefined when the head does not show the metadata.
 */
export function continueFromHead(text) {
  const metadata = /^\{"kind":"[^"]*","apiVersion":"[^"]*","metadata":(\{[^{}]*\})/.exec(text.slice(0, 1024))?.[1];
  return metadata === undefined ? undefined : (JSON.parse(metadata).continue ?? '');
}

/**
 * Every page of `collection`, in pages of `pageSize`, each JSON.parse'd; `onItem` sees each item.
 * `pipelined`: the next page is asked for (token from the head) before this one is parsed, so the
 * server renders a page while the client parses the last. Resolves to the number of pages and items.
 */
async function listPages(pool, collection, pageSize, { onItem, pipelined = false } = {}) {
  const pathOf = (token) => `${collection}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
  let pages = 0;
  let items = 0;
  let pending = getText(pool, pathOf(''));
  while (pending) {
    const text = await pending;
    const early = pipelined ? continueFromHead(text) : undefined;
    pending = early ? getText(pool, pathOf(early)) : undefined;
    const page = JSON.parse(text);
    pages++;
    items += page.items.length;
    if (onItem) for (const item of page.items) onItem(item);
    const token = page.metadata?.continue ?? '';
    if (token && early === undefined) pending = getText(pool, pathOf(token));
  }
  return { pages, items };
}

/** A v1 Dashboard resource of a file: the model as spec (server-owned id, uid, version left out), its folder as annotation. */
function resourceBody(root, file, version, resourceVersions) {
  const { id, uid, version: modelVersion, ...spec } = JSON.parse(readFileSync(join(root, file), 'utf8'));
  const resourceVersion = resourceVersions?.get(uid);
  const folder = fileFolderUid(file);
  const metadata = { name: uid, annotations: folder ? { 'grafana.app/folder': folder } : {}, ...(resourceVersion ? { resourceVersion } : {}) };
  return { name: uid, body: JSON.stringify({ apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata, spec }) };
}

/**
 * Seeds `treeA` (folders, then POST creates), lists it (the list floor; then pipelined), PUTs `treeB`
 * over it, and lists again (both ways) with `latencyMs` added per request. Each step as timeStep
 * measures it: wall time, client and server CPU.
 */
export function measureListFloor({ cliPath, treeA, treeB, files, concurrency, pageSize, latencyMs, grafanaVersion, log }) {
  return withSandbox(cliPath, async (sandbox) => {
    const pool = createFloorPool(sandbox.url, concurrency);
    const count = files.length;
    const send = (method, expect, resources, pathOf) =>
      timeStep(sandbox, () => timeRequests(pool, { count, concurrency, expect, requestAt: (i) => ({ method, path: pathOf(resources[i]), body: resources[i].body }) }));
    try {
      await warmUp(pool, concurrency);
      const version = pickV1Version(JSON.parse(await getText(pool, GROUP)));
      const collection = `${GROUP}/${version}/namespaces/default/dashboards`;
      log(`list floor: folders, then ${count} POST creates to ${collection}`);
      const folders = await timeStep(sandbox, () => createFloorFolders(pool, files, concurrency));
      const create = await send('POST', 201, files.map((file) => resourceBody(treeA, file, version)), () => collection);
      log(`list floor: ${count} dashboards in pages of ${pageSize}`);
      const resourceVersions = new Map();
      const list = await timeStep(sandbox, () => listPages(pool, collection, pageSize, { onItem: (item) => resourceVersions.set(item.metadata.name, item.metadata.resourceVersion) }));
      log(`list floor: the same, pipelined (the next page asked for before this one is parsed)`);
      const listPipelined = await timeStep(sandbox, () => listPages(pool, collection, pageSize, { pipelined: true }));
      for (const listed of [list, listPipelined]) {
        if (listed.value.items !== count) throw new Error(`list floor: the list returned ${listed.value.items} dashboards, ${count} were created`);
      }
      log(`list floor: ${count} PUT updates with the listed resourceVersion`);
      const changed = files.map((file) => resourceBody(treeB, file, version, resourceVersions));
      const update = await send('PUT', 200, changed, (resource) => `${collection}/${resource.name}`);
      await sandbox.setFaults({ latencyMs });
      log(`list floor: the list again, ${latencyMs} ms added per request`);
      const listLatency = await timeStep(sandbox, () => listPages(pool, collection, pageSize));
      const listLatencyPipelined = await timeStep(sandbox, () => listPages(pool, collection, pageSize, { pipelined: true }));
      await sandbox.setFaults(null);
      return { version, pageSize, pages: list.value.pages, folders, create, list, listPipelined, update, listLatency, listLatencyPipelined, grafanaVersion: sandbox.version };
    } finally {
      await pool.close();
    }
  }, { args: ['--grafana-version', grafanaVersion] });
}
