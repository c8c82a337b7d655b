import type { Reply } from '../http/reply.js';
import { createFolder, deleteFolder, moveFolder, updateFolder } from '../routes/folder-routes.js';
import { canReadFolder } from '../folder-permissions.js';
import { descendantsOf } from '../folder-tree.js';
import { type FolderRecord, orgDashboards, orgFolders, orgLibraryElements } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { folderManagerRefusal, keepsFolderMetadata, sameFolderMetadata, withWrittenMetadata } from './folder-metadata.js';
import { folderMoveAdmission } from './folder-move-admission.js';
import { checkManagerWrite } from './ownership.js';
import { folderManagerOf } from '../repo-managed-folders.js';
import { renderFolderObject } from './folder-object.js';
import { k8sMetaOf } from './dashboard-view.js';
import { badRequest, conflict, errutilStatus, OPTIMISTIC_LOCK_MESSAGE, statusReply, unknownError } from './k8s-status.js';
import { cutPage, isStdBase64, readUnifiedContinueToken, unifiedContinueToken } from './list-pages.js';
import { compareCodeUnits } from '../../compare-code-units.js';
import { readObjectInput } from './read-object-input.js';

/**
 * folder.grafana.app backed by the legacy folder service, as pkg/registry/apis/folders/legacy_storage.go does it:
 * every write calls the same code as /api/folders, and its errors come back through ToFolderStatusError (the
 * `/api` message and status code in a Status, without reason or details). On legacy storage PUT never checks
 * resourceVersion (UpdateLegacy with Overwrite), there is no create-on-update, and DELETE answers the deleted folder.
 * For 13: a PUT that changes the parent is checked by the folder admission first (`folderMoveAdmission`), and on
 * unified storage by nothing else; there a PUT is the registry store's update, which refuses a stale resourceVersion.
 */
export function listFolders(context: ApisContext): Reply {
  // GetFoldersLegacy (folderimpl) and the resource server alike: only folders the caller may read (folders:read on them or on a folder above).
  const all = orgFolders(context.state, context.identity.orgId);
  const readable = (folder: FolderRecord) => canReadFolder(all, context.identity, folder);
  const limit = Math.max(0, Number.parseInt(context.query.get('limit') ?? '', 10) || 0);
  const token = context.query.get('continue') ?? '';
  const listRv = context.state.counters.resourceVersion ?? 0;
  // A page's folders are measured (the 2 MiB cut) and then written: each rendered once.
  const rendered = new Map<FolderRecord, string>();
  const render = (folder: FolderRecord): string => {
    let text = rendered.get(folder);
    if (text === undefined) rendered.set(folder, (text = renderFolderObject(folder, context.version)));
    return text;
  };
  let slice: FolderRecord[];
  let next = '';
  let listResourceVersion = String(listRv);
  if (keepsFolderMetadata(context)) {
    // Unified storage: the resource server's list, by name, its token and page rules (list-pages.ts). The sandbox keeps no
    // folder history: a later page reads the folders as they are now, from the token's row on.
    const read = token === '' ? undefined : readUnifiedContinueToken(token);
    if (typeof read === 'string') return statusReply({ message: read, code: 500 });
    if (read && read.resourceVersion < 1) return badRequest('expecting an explicit resource version query');
    const rows = [...all.values()].sort((a, b) => compareCodeUnits(a.uid, b.uid));
    const cut = cutPage(rows, read?.offset ?? 0, { limit: limit > 0 ? limit : context.rules.listDefaultLimit, maxBytes: context.settings.maxPageSizeBytes }, readable, (folder) => render(folder).length);
    slice = cut.items;
    const at = read?.resourceVersion ?? listRv;
    listResourceVersion = String(at);
    if (cut.nextIndex !== undefined) next = unifiedContinueToken(cut.nextIndex, at);
  } else {
    // Legacy storage (pkg/registry/apis/folders/legacy_storage.go List, continue.go): pages of GetFoldersLegacy, 100 folders
    // where no limit is given; the token is `<limit>|<next page>` in base64, given whenever a page is full.
    const paging = readLegacyFolderToken(token, limit);
    if (typeof paging === 'string') return statusReply({ message: paging, code: 500 });
    const folders = [...all.values()].filter(readable).sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()) || a.id - b.id);
    slice = folders.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
    if (slice.length >= paging.limit) next = Buffer.from(`${paging.limit}|${paging.page + 1}`).toString('base64');
  }
  const metadata = JSON.stringify({ resourceVersion: listResourceVersion, ...(next ? { continue: next } : {}) });
  const items = slice.map(render).join(',');
  return { status: 200, body: `{"kind":"FolderList","apiVersion":"${context.gr.group}/${context.version}","metadata":${metadata},"items":[${items}]}` };
}

/** Legacy folder storage's `readContinueToken` (pkg/registry/apis/folders/continue.go): its paging, or its error text. */
function readLegacyFolderToken(token: string, limit: number): { limit: number; page: number } | string {
  if (token === '') return { limit: limit > 0 ? limit : 100, page: 1 };
  if (!isStdBase64(token)) return 'error decoding continue token';
  const parts = Buffer.from(token, 'base64').toString('utf8').split('|');
  if (parts.length !== 2) return 'error decoding continue token (expected two parts)';
  const [limitText = '', pageText = ''] = parts;
  const integer = (text: string) => (/^[+-]?\d+$/.test(text) ? Number(text) : undefined);
  const page = integer(pageText);
  if (page === undefined) return `strconv.ParseInt: parsing ${JSON.stringify(pageText)}: invalid syntax`;
  const tokenLimit = integer(limitText);
  if (tokenLimit === undefined) return `strconv.ParseInt: parsing ${JSON.stringify(limitText)}: invalid syntax`;
  if (limit > 0 && limit !== tokenLimit) return 'limit does not match continue token';
  return { limit: tokenLimit, page };
}

export function getFolder(context: ApisContext): Reply {
  const folder = orgFolders(context.state, context.identity.orgId).get(context.name);
  if (!folder) return folderNotFound();
  return { status: 200, body: renderFolderObject(folder, context.version) };
}

export function createFolderObject(context: ApisContext): Reply {
  const input = readObjectInput(context, context.body, 'Folder');
  if ('status' in input) return input;
  const keepsMetadata = keepsFolderMetadata(context);
  const title = typeof input.spec.title === 'string' ? input.spec.title : '';
  const description = typeof input.spec.description === 'string' ? input.spec.description : '';
  const reply = createFolder(legacyCall(context, '', { uid: input.name, title, description, parentUid: input.folderUid }));
  if (reply.status !== 200) return toFolderStatus(reply);
  const folders = orgFolders(context.state, context.identity.orgId);
  const uid = (JSON.parse(reply.body) as { uid: string }).uid;
  if (keepsMetadata && !sameFolderMetadata(folders.get(uid)!, input)) folders.set(uid, withWrittenMetadata(context, folders.get(uid)!, input));
  return { status: 201, body: renderFolderObject(folders.get(uid)!, context.version) };
}

export function replaceFolderObject(context: ApisContext): Reply {
  const input = readObjectInput(context, context.body, 'Folder');
  if ('status' in input) return input;
  if (input.name !== context.name) {
    return badRequest(`the name of the object (${input.name}) does not match the name on the URL (${context.name})`);
  }
  const folders = orgFolders(context.state, context.identity.orgId);
  const old = folders.get(context.name);
  if (!old) return folderNotFound();
  // Unified storage (13's default): folderStorage.Update is the dual writer's, in mode 5 grafanaregistry.NewRegistryStore, whose
  // update compares the object's resourceVersion with the stored one before admission runs: a stale one is a 409 Conflict.
  // An empty one is an unconditional update. Legacy storage overwrites whatever it was sent.
  if (keepsFolderMetadata(context) && input.resourceVersion !== '' && input.resourceVersion !== String(k8sMetaOf(old).resourceVersion)) {
    return conflict(context.gr, context.name, OPTIMISTIC_LOCK_MESSAGE);
  }
  if (input.folderUid !== old.parentUid && context.era.apis?.folderMoveAdmission) {
    const refused = folderMoveAdmission(context, folders, old, input.folderUid);
    if (refused) return refused;
  }
  const keepsMetadata = keepsFolderMetadata(context);
  if (keepsMetadata) {
    const refused = folderManagerRefusal(context, old, input);
    if (refused) return refused;
    // Stored first, so that the write below sees the manager this request leaves (an Admin releasing a Git Sync folder).
    if (!sameFolderMetadata(old, input)) {
      folders.set(old.uid, withWrittenMetadata(context, old, input));
      context.changed();
    }
  }
  // Unified storage writes the object once: a refusal leaves it as it was. Legacy storage moves, then renames.
  const failed = (reply: Reply): Reply => {
    if (keepsMetadata) folders.set(old.uid, old);
    return reply;
  };
  if (input.folderUid !== old.parentUid) {
    if (context.settings.storage === 'unified') {
      const moved = moveFolder(legacyCall(context, old.uid, { parentUid: input.folderUid }), 'checked');
      if (moved.status !== 200) return failed(errutilStatusOf(moved) ?? unknownError('error changing parent folder spec'));
    } else {
      const moved = moveFolder(legacyCall(context, old.uid, { parentUid: input.folderUid }));
      if (moved.status !== 200) return failed(unknownError('error changing parent folder spec'));
    }
  }
  const title = typeof input.spec.title === 'string' ? input.spec.title : '';
  const description = typeof input.spec.description === 'string' ? input.spec.description : '';
  if (title !== old.title || description !== old.description) {
    const updated = updateFolder(legacyCall(context, old.uid, { title, description, overwrite: true }));
    if (updated.status !== 200) return failed(toFolderStatus(updated));
  }
  return { status: 200, body: renderFolderObject(folders.get(context.name)!, context.version) };
}

export function deleteFolderObject(context: ApisContext): Reply {
  const folders = orgFolders(context.state, context.identity.orgId);
  const folder = folders.get(context.name);
  if (!folder) return folderNotFound();
  // Unified storage: checkManagerPropertiesOnDelete before anything else, the routed answer as the apistore's Status.
  const routed = keepsFolderMetadata(context) ? checkManagerWrite(folderManagerOf(folder)) : undefined;
  if (routed) return routed;
  // DeleteLegacy (folderimpl, PR #109848, 12.2 on) counts the library panels of the folder and its subfolders
  // (CountInFolders: kind 1, connected or not) and refuses before anything is deleted; unlike the `/api` handler it
  // never deletes them itself. The errutil error reaches the client through its own Status().
  const inside = new Set([folder.uid, ...descendantsOf(folders, folder.uid).map((child) => child.uid)]);
  const panels = [...orgLibraryElements(context.state, context.identity.orgId).values()].filter((element) => element.kind === 1 && inside.has(element.folderUid));
  if (panels.length > 0) return folderNotEmpty();
  const reply = deleteFolder(legacyCall(context, folder.uid, undefined), 'apis');
  if (reply.status !== 200) return toFolderStatus(reply);
  return { status: 200, body: renderFolderObject(folder, context.version) };
}

/**
 * GET …/folders/<name>/counts (pkg/registry/apis/folders/sub_count.go): a DescendantCounts with one entry per
 * counted kind (`countedKinds`) for the folder and its subfolders. The sandbox has no alert rules, recording rules or
 * dashboard variables: those count 0.
 */
export function folderCounts(context: ApisContext): Reply {
  const folders = orgFolders(context.state, context.identity.orgId);
  const folder = folders.get(context.name);
  if (!folder) return folderNotFound();
  const subtree = descendantsOf(folders, folder.uid);
  const inside = new Set([folder.uid, ...subtree.map((child) => child.uid)]);
  let dashboards = 0;
  for (const dashboard of orgDashboards(context.state, context.identity.orgId).values()) if (!dashboard.deleted && inside.has(dashboard.folderUid)) dashboards++;
  let librarypanels = 0;
  for (const element of orgLibraryElements(context.state, context.identity.orgId).values()) if (element.kind === 1 && inside.has(element.folderUid)) librarypanels++;
  const counts = [
    { group: 'folder.grafana.app', resource: 'folders', count: subtree.length },
    { group: 'dashboard.grafana.app', resource: 'dashboards', count: dashboards },
    { group: 'dashboard.grafana.app', resource: 'variables', count: 0 },
    { group: 'dashboard.grafana.app', resource: 'librarypanels', count: librarypanels },
    { group: 'rules.alerting.grafana.app', resource: 'alertrules', count: 0 },
    { group: 'rules.alerting.grafana.app', resource: 'recordingrules', count: 0 },
  ];
  return { status: 200, body: JSON.stringify({ kind: 'DescendantCounts', apiVersion: `${context.gr.group}/${context.version}`, counts }) };
}

/** A `/api` errutil answer (`{message, messageId, statusCode}`) as the apiserver writes the same error; undefined for any other. */
function errutilStatusOf(reply: Reply): Reply | undefined {
  try {
    const body = JSON.parse(reply.body) as { message?: unknown; messageId?: unknown };
    const code = reply.status;
    if (typeof body.message !== 'string' || typeof body.messageId !== 'string' || ![400, 403, 404, 409].includes(code)) return undefined;
    return errutilStatus(code as 400 | 403 | 404 | 409, body.messageId, body.message);
  } catch {
    return undefined;
  }
}

function legacyCall(context: ApisContext, uid: string, body: unknown): ApisContext {
  return { ...context, params: { uid }, body, invalidJson: false, query: new URLSearchParams() };
}

/** ToFolderStatusError: the legacy response's message and code (500 "Folder API error" when it has none). */
function toFolderStatus(reply: Reply): Reply {
  let message = 'Folder API error';
  try {
    const body = JSON.parse(reply.body) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    return statusReply({ message, code: 500 });
  }
  return statusReply({ message, code: reply.status });
}

const folderNotFound = (): Reply => statusReply({ message: 'folder not found', code: 404 });

/** folder.ErrFolderNotEmpty (errutil BadRequest `folder.not-empty`). */
const folderNotEmpty = (): Reply => errutilStatus(400, 'folder.not-empty', 'Folder cannot be deleted: folder is not empty');
