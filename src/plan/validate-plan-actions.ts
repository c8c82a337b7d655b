const DASHBOARD_ACTIONS = new Set(['create', 'update', 'move', 'delete', 'noop']);
const FOLDER_ACTIONS = new Set(['folder-create', 'folder-update', 'folder-delete', 'folder-noop']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/**
 * Pure: the first problem in a saved plan's actions, or null. Checks the fields apply relies
 * on (kind, uid, file, folder, live version, content hash), so a hand-edited or truncated
 * plan is refused with a sentence instead of failing halfway through an apply.
 */
export function findPlanProblem(dashboards: unknown[], folders: unknown[]): string | null {
  for (const [index, item] of dashboards.entries()) {
    const where = `dashboards[${index}]`;
    if (!isObject(item) || typeof item.uid !== 'string' || item.uid === '') return `${where} has no uid`;
    const at = `${where} (uid ${item.uid})`;
    if (typeof item.action !== 'string' || !DASHBOARD_ACTIONS.has(item.action)) return `${at} has an unknown action ${JSON.stringify(item.action)}`;
    if (typeof item.title !== 'string') return `${at} has no title`;
    if (!isStringOrNull(item.folderUid)) return `${at} has a folderUid that is not a string or null`;
    if (!Array.isArray(item.changes)) return `${at} has no changes list`;
    const writes = item.action === 'create' || item.action === 'update' || item.action === 'move';
    if (writes && (typeof item.file !== 'string' || typeof item.contentHash !== 'string')) return `${at} (${item.action}) needs its file and contentHash`;
    const needsLive = item.action !== 'create';
    if (needsLive && (!isObject(item.live) || typeof item.live.version !== 'number')) return `${at} (${item.action}) needs the live version it was planned against`;
    if (!needsLive && item.live !== null) return `${at} (create) must not record a live dashboard`;
  }
  for (const [index, item] of folders.entries()) {
    const where = `folders[${index}]`;
    if (!isObject(item) || typeof item.uid !== 'string' || item.uid === '') return `${where} has no uid`;
    if (typeof item.action !== 'string' || !FOLDER_ACTIONS.has(item.action)) return `${where} (uid ${item.uid}) has an unknown action ${JSON.stringify(item.action)}`;
    if (typeof item.title !== 'string' || !isStringOrNull(item.parentUid)) return `${where} (uid ${item.uid}) needs a title and a parentUid (string or null)`;
  }
  return null;
}
