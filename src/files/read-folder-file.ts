import type { Diagnostic } from '../errors.js';
import { parseJsonDocument, locateJsonPath } from './parse-json.js';
import { isPlainObject } from './is-plain-object.js';
import { convertFolderResource, isFolderResource } from './folder-resource-form.js';
import { readUtf8File } from './read-utf8-file.js';
import { describeUidProblem, uidProblem } from './uid-rules.js';

export interface FolderFileContent {
  uid: string;
  title: string;
  /**
   * `"parentOnly": true`: the tree holds this folder only as the parent of its subdirectories' folders (a pull of a nested
   * folder writes it so); the dashboards directly in it are not this tree's, and prune leaves them, counted.
   */
  parentOnly?: true;
  /** Where the values sit in the file, for diagnostics about them. */
  at: { uid?: { line: number; col: number }; title?: { line: number; col: number } };
}

const ALLOWED_KEYS = new Set(['uid', 'title', 'parentOnly']);
const RESERVED_FOLDER_UIDS = new Set(['general', 'sharedwithme']);

/** Reads a `_folder.json`: `{ "uid": "...", "title": "..." }`. Invalid → null plus `folder-file-invalid` diagnostics. */
export async function readFolderFile(
  absPath: string,
  displayPath: string,
): Promise<{ folder: FolderFileContent | null; diagnostics: Diagnostic[] }> {
  const read = await readUtf8File(absPath, displayPath);
  if (read.diagnostic) return { folder: null, diagnostics: [read.diagnostic] };
  return parseFolderFile(read.text, displayPath);
}

/** Pure part of readFolderFile. */
export function parseFolderFile(
  text: string,
  file: string,
): { folder: FolderFileContent | null; diagnostics: Diagnostic[] } {
  const parsed = parseJsonDocument(text, file, { holds: 'a _folder.json holds one JSON object like { "uid": "team-a", "title": "Team A" }' });
  if (parsed.diagnostics.length > 0) return { folder: null, diagnostics: parsed.diagnostics };
  const problems: { path: string[]; message: string }[] = [];
  const value = parsed.value;
  if (isFolderResource(value)) {
    problems.push({ path: [], message: describeFolderResource(value) });
  } else if (!isPlainObject(value)) {
    problems.push({ path: [], message: '_folder.json must be an object like { "uid": "team-a", "title": "Team A" }' });
  } else {
    for (const key of Object.keys(value)) {
      if (!ALLOWED_KEYS.has(key)) problems.push({ path: [key], message: `unknown key "${key}" in _folder.json (allowed: uid, title, parentOnly)` });
    }
    const { uid, title, parentOnly } = value;
    if (parentOnly !== undefined && typeof parentOnly !== 'boolean') {
      problems.push({ path: ['parentOnly'], message: '"parentOnly" in _folder.json must be true or false' });
    }
    if (typeof title !== 'string' || title.trim() === '') {
      problems.push({ path: title === undefined ? [] : ['title'], message: '_folder.json needs a non-empty string "title"' });
    }
    if (typeof uid !== 'string' || uid.trim() === '') {
      problems.push({ path: uid === undefined ? [] : ['uid'], message: '_folder.json needs a non-empty string "uid"' });
    } else {
      const trimmed = uid.trim();
      const problem = uidProblem(trimmed);
      if (problem !== undefined) {
        problems.push({ path: ['uid'], message: describeUidProblem(problem, 'folder uid', trimmed, false) });
      } else if (RESERVED_FOLDER_UIDS.has(trimmed.toLowerCase())) {
        problems.push({ path: ['uid'], message: `folder uid ${JSON.stringify(trimmed)} is reserved by Grafana; choose another` });
      }
    }
  }
  if (problems.length > 0) {
    const diagnostics = problems.map(({ path, message }): Diagnostic => ({
      file,
      ...locateJsonPath(text, path),
      severity: 'error',
      rule: 'folder-file-invalid',
      message,
    }));
    return { folder: null, diagnostics };
  }
  const folder = value as Record<string, unknown>;
  const at = { uid: locateJsonPath(text, ['uid']), title: locateJsonPath(text, ['title']) };
  const parentOnly = folder.parentOnly === true ? { parentOnly: true as const } : {};
  return { folder: { uid: (folder.uid as string).trim(), title: (folder.title as string).trim(), ...parentOnly, at }, diagnostics: [] };
}

/** One line for a Folder resource in a `_folder.json` (Git Sync's form), instead of one per key it lacks or should not have. */
function describeFolderResource(resource: Record<string, unknown>): string {
  const converted = convertFolderResource(resource);
  const what = 'this is a Folder resource (as Git Sync writes _folder.json); dashsync\'s _folder.json is';
  if ('problem' in converted) return `${what} {"uid": "…", "title": "…"}: rewrite it so (${converted.problem})`;
  return `${what} ${JSON.stringify(converted)}: run \`dashsync check --fix\` to convert it (the folder keeps its uid)`;
}
