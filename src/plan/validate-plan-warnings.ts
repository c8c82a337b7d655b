import type { PlanWarning } from './types.js';

/** What a field of a warning holds. */
type BaseCheck = 'string' | 'string|null' | 'number' | 'number|null' | 'boolean' | 'strings' | 'counts' | 'panels' | 'leftOut';
/** A trailing `?`: the field may be absent. */
type FieldCheck = BaseCheck | 'string?' | 'strings?' | 'boolean?' | 'number?' | 'panels?' | 'leftOut?';

const CHECKS: Record<BaseCheck, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  'string|null': (value) => value === null || typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  'number|null': (value) => value === null || (typeof value === 'number' && Number.isFinite(value)),
  boolean: (value) => typeof value === 'boolean',
  strings: (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  counts: (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((count) => typeof count === 'number'),
  panels: (value) =>
    Array.isArray(value) &&
    value.every((item) => typeof item === 'object' && item !== null && ['uid', 'file', 'name'].every((key) => typeof (item as Record<string, unknown>)[key] === 'string')),
  leftOut: isLiveDirectoryLeftOut,
};

/** A `liveDirectoryLeftOut` (a drift warning's, a move's): `{dir, lists, folderTitle}`, each a string. */
export function isLiveDirectoryLeftOut(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ['dir', 'lists', 'folderTitle'].every((key) => typeof (value as Record<string, unknown>)[key] === 'string');
}

/** The fields each kind of warning is rendered from (PlanWarning), besides `uid` (a string or null for every kind). */
const FIELDS: Record<PlanWarning['kind'], Record<string, FieldCheck>> = {
  drift: { title: 'string', version: 'number', updatedBy: 'string', updated: 'string', message: 'string|null', movedOnlyIn: 'string?', liveFolderTitle: 'string?', file: 'string?', moveTo: 'string?', provisionedFrom: 'string?', restoredFrom: 'string?', restoredAt: 'string?', savedVersion: 'number?', restoredWithoutBackup: 'boolean?', uncommittedPush: 'boolean?', liveDirectoryLeftOut: 'leftOut?' },
  'title-clash': { title: 'string', folderUid: 'string|null', folderTitle: 'string?', otherUid: 'string', otherFile: 'string?', otherManager: 'string?', otherManagerId: 'string?', allowed: 'boolean?' },
  'max-deletes': { deletes: 'number', maxDeletes: 'number' },
  provisioned: { title: 'string', message: 'string', manager: 'string?' },
  'owned-no-file': { uids: 'strings', owners: 'counts', ownersUnseen: 'boolean?' },
  'owners-not-seen': { uids: 'strings', grafana: 'string', apisUnanswered: 'boolean?', unlisted: 'strings?' },
  'owners-not-judged': { uids: 'strings', grafana: 'string', readOnlyToken: 'boolean?', apisUnanswered: 'boolean?' },
  format: { title: 'string', stored: 'string', file: 'string', sharedWith: 'strings?', unserved: 'string?' },
  'schema-migration': { title: 'string', file: 'string', from: 'number', to: 'number' },
  'recently-deleted': { title: 'string' },
  'in-recently-deleted': { title: 'string', file: 'string', deletedAt: 'string|null', deletedBy: 'string|null', byUser: 'boolean?', backup: 'string?', pruned: 'boolean?', maybeBackup: 'string?' },
  'title-held-in-trash': { title: 'string', file: 'string', deletedUid: 'string' },
  'look-alike-replaced': { title: 'string', file: 'string', deletedUid: 'string', message: 'string' },
  'restore-needs-admin': { deletes: 'number' },
  'read-only': { orgId: 'number|null', environment: 'string?', writes: 'strings?' },
  'drift-not-checked': { uids: 'strings', reason: 'string', readOnlyToken: 'boolean?', deletes: 'boolean?' },
  'not-in-branch': { title: 'string', action: 'string', version: 'number', commit: 'string', subject: 'string', inRepository: 'boolean', anotherRepository: 'string?', folderUid: 'string?', folderTitle: 'string?', externalListed: 'boolean?' },
  'not-writable': { folderUid: 'string|null', folderTitle: 'string', changes: 'number', permissions: 'strings' },
  'name-not-nfc': { path: 'string', message: 'string' },
  unreadable: { folderTitle: 'string|null', folderDir: 'string|null', folderHidden: 'boolean', below: 'string?', inferred: 'boolean?', uids: 'strings', files: 'strings', titles: 'strings', readable: 'strings?', libraryPanels: 'panels?', usesPanels: 'strings?', folderAbsent: 'boolean?', usedOnlyByThem: 'panels?', formerFolder: 'string?', formerFolderTitle: 'string?', formerFolderDir: 'string?', formerFolderShown: 'boolean?' },
  'shallow-history': { message: 'string', actionMessage: 'string?', deletes: 'strings?' },
  other: { message: 'string', actionMessage: 'string?', file: 'string?', rule: 'string?', files: 'strings?' },
  note: { message: 'string', actionMessage: 'string?', code: 'string?', uids: 'strings?', trashUnread: 'string?' },
};

/** Pure: the first warning of a saved plan that the shells could not render (unknown kind, a field missing or of another type), or null. */
export function findWarningProblem(warnings: unknown): string | null {
  if (!Array.isArray(warnings)) return 'warnings must be a list';
  for (const [index, warning] of warnings.entries()) {
    const where = `warnings[${index}]`;
    if (typeof warning !== 'object' || warning === null || Array.isArray(warning)) return `${where} is not an object`;
    const fields = warning as Record<string, unknown>;
    if (typeof fields.kind !== 'string' || !Object.hasOwn(FIELDS, fields.kind)) return `${where} has an unknown kind ${JSON.stringify(fields.kind)}`;
    if (!CHECKS['string|null'](fields.uid)) return `${where} (${fields.kind}) has a uid that is not a string or null`;
    for (const [name, check] of Object.entries(FIELDS[fields.kind as PlanWarning['kind']])) {
      const optional = check.endsWith('?');
      if (optional && fields[name] === undefined) continue;
      const base = (optional ? check.slice(0, -1) : check) as BaseCheck;
      if (!CHECKS[base](fields[name])) return `${where} (${fields.kind}) has a ${name} that is not ${describeCheck(base)}`;
    }
  }
  return null;
}

function describeCheck(check: BaseCheck): string {
  return { string: 'a string', 'string|null': 'a string or null', number: 'a number', 'number|null': 'a number or null', boolean: 'true or false', strings: 'a list of strings', counts: 'an object of counts', panels: 'a list of {uid, file, name}', leftOut: 'a {dir, lists, folderTitle} of strings' }[check];
}
