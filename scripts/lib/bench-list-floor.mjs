// The /apis floors (SPEC §12, §13), on a sandbox of Grafana 13: the list floor — bare LIST pages
// of dashboard.grafana.app (`limit` + `continue`), each page JSON.parse'd, one after another as
// the continue token requires — and bare PUTs of the changed tree carrying the resourceVersion
// the list showed. The sandbox is seeded through POST /apis at the v1 version: the dashboards are
// then stored the way `dashsync --api k8s` stores them, and a list reads them as stored. (Seeding
// through /api is ~25% faster, but /api saves are stored at v0alpha1 and every list at v1 would
// migrate each one: ~2.8× the server CPU per listed dashboard, measured at N = 1,000.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_HEADERS, createFloorFolders, fileFolderUid, timeRequests, timeStep } from './bench-floor.mjs';
import { pickV1Version } from './bench-detect.mjs';

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

/**
 * A v1 Dashboard resource of a file: the model as spec (server-owned id, uid, version left out).
 * `held` (what a list showed of it): its resourceVersion and its folder, where the pair's other
 * side put it; without it, a create in the floor's own folders.
 */
function resourceBody(root, file, version, held) {
  const { id, uid, version: modelVersion, ...spec } = JSON.parse(readFileSync(join(root, file), 'utf8'));
  const folder = held ? held.folder : fileFolderUid(file);
  const metadata = { name: uid, annotations: folder ? { [FOLDER_ANNOTATION]: folder } : {}, ...(held?.resourceVersion ? { resourceVersion: held.resourceVersion } : {}) };
  return { name: uid, body: JSON.stringify({ apiVersion: `dashboard.grafana.app/${version}`, kind: 'Dashboard', metadata, spec }) };
}

const FOLDER_ANNOTATION = 'grafana.app/folder';

/**
 * The /apis floors on `pool` against a sandbox of Grafana 13, as functions (each resolves as
 * timeStep measures: wall time, client and server CPU): `seed` (folders, then POST creates: an
 * empty sandbox), `list` (the list floor; `value.held` = each dashboard's resourceVersion and
 * folder), `listPipelined`, `update` (PUTs of a tree over what `held` shows). `open` first.
 */
export function createListFloor({ pool, sandbox, files, concurrency, pageSize, log }) {
  const count = files.length;
  let collection;
  let version;
  const send = (method, expect, resources, pathOf) =>
    timeStep(sandbox, () => timeRequests(pool, { count, concurrency, expect, requestAt: (i) => ({ method, path: pathOf(resources[i]), body: resources[i].body }) }));
  const checked = (listed) => {
    if (listed.value.items !== count) throw new Error(`list floor: the list returned ${listed.value.items} dashboards, ${count} were created`);
    return listed;
  };
  return {
    get version() {
      return version;
    },
    async open() {
      version = pickV1Version(JSON.parse(await getText(pool, GROUP)));
      collection = `${GROUP}/${version}/namespaces/default/dashboards`;
    },
    async seed(root) {
      log(`list floor: folders, then ${count} POST creates to ${collection}`);
      const folders = await timeStep(sandbox, () => createFloorFolders(pool, files, concurrency));
      const create = await send('POST', 201, files.map((file) => resourceBody(root, file, version)), () => collection);
      return { folders, create };
    },
    async list(what = `${count} dashboards in pages of ${pageSize}`) {
      log(`list floor: ${what}`);
      const held = new Map();
      const onItem = (item) => held.set(item.metadata.name, { resourceVersion: item.metadata.resourceVersion, folder: item.metadata.annotations?.[FOLDER_ANNOTATION] ?? '' });
      const listed = checked(await timeStep(sandbox, () => listPages(pool, collection, pageSize, { onItem })));
      return { ...listed, value: { ...listed.value, held } };
    },
    async listPipelined(what = 'the same, pipelined (the next page asked for before this one is parsed)') {
      log(`list floor: ${what}`);
      return checked(await timeStep(sandbox, () => listPages(pool, collection, pageSize, { pipelined: true })));
    },
    update(root, held) {
      log(`list floor: ${count} PUT updates with the listed resourceVersion`);
      const resources = files.map((file) => {
        const uid = JSON.parse(readFileSync(join(root, file), 'utf8')).uid;
        return resourceBody(root, file, version, held.get(uid));
      });
      return send('PUT', 200, resources, (resource) => `${collection}/${resource.name}`);
    },
  };
}
