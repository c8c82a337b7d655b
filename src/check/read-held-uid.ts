import { isPlainObject } from '../files/is-plain-object.js';
import { libraryPanelElement } from '../files/library-panel-element.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { parseDashboardDocument } from './inspect-dashboard-document.js';

/** Which of the tree's files a uid is read from: a dashboard (any form), a library panel, a `_folder.json`. */
export type HeldUidKind = 'dashboard' | 'library-panel' | 'folder';

/**
 * The uid a file holds as written, for the findings of a file the tree reading refused (an error: it holds no entry of
 * the tree to take the uid from); undefined when it holds none, or cannot be read or parsed.
 */
export async function readHeldUid(absPath: string, file: string, kind: HeldUidKind): Promise<string | undefined> {
  const { text } = await readUtf8File(absPath, file);
  return text === undefined ? undefined : heldUidInText(text, file, kind);
}

/** The uid a file's text holds as written (trimmed); undefined when it holds none or cannot be parsed. */
export function heldUidInText(text: string, file: string, kind: HeldUidKind): string | undefined {
  const uid = kind === 'dashboard' ? parseDashboardDocument(text, file)?.parts.uid : objectUid(text, file, kind);
  return typeof uid === 'string' && uid.trim() !== '' ? uid.trim() : undefined;
}

function objectUid(text: string, file: string, kind: Exclude<HeldUidKind, 'dashboard'>): unknown {
  const { value, diagnostics } = parseJsonDocument(text, file);
  if (diagnostics.length > 0 || !isPlainObject(value)) return undefined;
  return kind === 'library-panel' ? libraryPanelElement(value).element.uid : value.uid;
}
