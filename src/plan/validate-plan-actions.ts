import { FULL_SHA256 } from '../files/hash-text.js';
import { isLiveDirectoryLeftOut } from './validate-plan-warnings.js';
import { MAX_UID_LENGTH, uidProblem } from '../files/uid-rules.js';

const VERBS: Record<string, Set<string>> = {
  dashboard: new Set(['create', 'update', 'move', 'delete', 'noop']),
  folder: new Set(['create', 'update', 'delete', 'noop']),
  'library-panel': new Set(['create', 'update', 'move', 'delete', 'noop']),
};

const CHANGE_KINDS = new Set(['added', 'removed', 'changed', 'moved']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/**
 * Pure: the first problem in a saved plan's actions, or null. Checks the fields apply relies
 * on (kind, uid, verb, file, folder, live revision, content hash, dependencies), so a
 * hand-edited or truncated plan is refused with a sentence instead of failing halfway
 * through an apply.
 */
export function findPlanProblem(actions: unknown[]): string | null {
  const ids = new Set<string>();
  for (const item of actions) if (isObject(item)) ids.add(`${String(item.kind)}:${String(item.uid)}`);
  for (let index = 0; index < actions.length; index++) {
    const problem = findActionProblem(actions[index], ids);
    if (problem !== null) return `actions[${index}]${problem}`;
  }
  return null;
}

/** The problem of one action, worded after its place (` has no uid`, ` (dashboard cpu) has no title`), or null: no text is made for a sound one. */
function findActionProblem(item: unknown, ids: ReadonlySet<string>): string | null {
  if (!isObject(item) || typeof item.kind !== 'string' || !(item.kind in VERBS)) return ' is not a dashboard, folder or library-panel action';
  if (typeof item.uid !== 'string' || item.uid === '') return ' has no uid';
  const at = () => ` (${String(item.kind)} ${String(item.uid)})`;
  if (typeof item.action !== 'string' || !VERBS[item.kind]!.has(item.action)) return `${at()} has an unknown action ${JSON.stringify(item.action)}`;
  // What apply writes has a uid from the tree, which the tree's check held to Grafana's rules (a delete's or noop's is Grafana's own).
  const badUid = item.action === 'delete' || item.action === 'noop' ? undefined : uidProblem(item.uid);
  if (badUid !== undefined) {
    return ` (${String(item.kind)} ${JSON.stringify(item.uid)}) has a uid Grafana refuses (${badUid === 'uid-invalid' ? 'only letters, digits, "-" and "_"' : `more than ${MAX_UID_LENGTH} characters`}), which no file of a tree holds`;
  }
  if (typeof item.title !== 'string') return `${at()} has no title`;
  if (!Array.isArray(item.changes)) return `${at()} has no changes list`;
  const change = item.changes.findIndex((entry) => !isObject(entry) || typeof entry.path !== 'string' || !CHANGE_KINDS.has(entry.kind as string));
  if (change !== -1) return `${at()} changes[${change}] is not a change (path, and kind added, removed, changed or moved)`;
  if (!Array.isArray(item.dependsOn) || !item.dependsOn.every((id) => typeof id === 'string')) return `${at()} has no dependsOn list`;
  const unknown = item.dependsOn.find((id) => !ids.has(id as string));
  if (unknown !== undefined) return `${at()} depends on ${String(unknown)}, which is not in the plan`;
  const problem = item.kind === 'dashboard' ? dashboardProblem(item) : item.kind === 'folder' ? folderProblem(item) : libraryPanelProblem(item);
  return problem ? `${at()} ${problem}` : null;
}

function dashboardProblem(item: Json): string | null {
  if (!isStringOrNull(item.folderUid)) return 'has a folderUid that is not a string or null';
  const writes = item.action === 'create' || item.action === 'update' || item.action === 'move';
  if (writes && (typeof item.file !== 'string' || typeof item.contentHash !== 'string')) return `(${String(item.action)}) needs its file and contentHash`;
  const panels = item.libraryPanels;
  if (panels !== undefined && !(Array.isArray(panels) && panels.every((uid) => typeof uid === 'string' && uid !== ''))) return 'has a libraryPanels that is not a list of uids';
  if (item.ownerNotJudged !== undefined && !(item.ownerNotJudged === true && item.action === 'delete')) return 'has an ownerNotJudged that is not true on a delete';
  if (item.replacesHeld !== undefined && !(typeof item.replacesHeld === 'string' && item.replacesHeld !== '' && item.action === 'create')) return 'has a replacesHeld that is not a uid on a create';
  if (item.liveDirectoryLeftOut !== undefined && !(item.action === 'move' && isLiveDirectoryLeftOut(item.liveDirectoryLeftOut))) return "has a liveDirectoryLeftOut that is not a move's {dir, lists, folderTitle}";
  if (item.action === 'create') return item.live === null ? null : '(create) must not record a live dashboard';
  if (!isObject(item.live) || typeof item.live.revision !== 'string') return `(${String(item.action)}) needs the live revision it was planned against`;
  const idProblem = internalIdProblem(item.live.internalId);
  if (idProblem !== null) return idProblem;
  const digest = item.live.metadataDigest;
  if (digest !== undefined && !(typeof digest === 'string' && FULL_SHA256.test(digest))) return 'has a live metadataDigest that is not a sha256: digest';
  return null;
}

function libraryPanelProblem(item: Json): string | null {
  if (!Array.isArray(item.usedBy)) return 'has no usedBy list';
  const handover = item.handsNameOver;
  if (handover !== undefined && !(item.action === 'delete' && isObject(handover) && typeof handover.to === 'string' && typeof handover.renameTo === 'string' && handover.renameTo !== '')) {
    return 'has a handsNameOver that is not a delete\'s {to, renameTo}';
  }
  const waiting = item.inRecentlyDeleted;
  if (waiting !== undefined && !(item.action === 'delete' && Array.isArray(waiting) && waiting.every((user) => isObject(user) && typeof user.uid === 'string' && typeof user.title === 'string'))) {
    return 'has an inRecentlyDeleted that is not a delete\'s list of {uid, title}';
  }
  return dashboardProblem(item);
}

function folderProblem(item: Json): string | null {
  if (!isStringOrNull(item.parentUid)) return 'needs a title and a parentUid (string or null)';
  if (item.action === 'create') return item.live === null ? null : '(create) must not record a live folder';
  if (!isObject(item.live) || !isStringOrNull(item.live.revision)) return `(${String(item.action)}) needs the live folder it was planned against`;
  if (item.action === 'update' && typeof item.live.revision !== 'string') return '(update) needs the live revision it was planned against';
  return internalIdProblem(item.live.internalId);
}

/** A live internalId is optional (older plans), and a positive integer where recorded. */
function internalIdProblem(id: unknown): string | null {
  return id === undefined || (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) ? null : 'has a live internalId that is not a positive integer';
}
