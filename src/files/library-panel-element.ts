import { isPlainObject } from './is-plain-object.js';

/**
 * A library panel file's element and where it sits: the document itself, or its only key
 * `result` when the file holds `GET /api/library-elements/:uid`'s answer as it came
 * (`{"result": …}`).
 */
export function libraryPanelElement(document: Record<string, unknown>): { element: Record<string, unknown>; path: string[] } {
  const wrapped = Object.keys(document).length === 1 && isPlainObject(document.result);
  return wrapped ? { element: document.result as Record<string, unknown>, path: ['result'] } : { element: document, path: [] };
}
