import { parseLibraryPanelText } from '../files/parse-library-panel-text.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { isPlainObject } from '../files/is-plain-object.js';
import type { FixedDocument } from './fix-dashboard-document.js';
import { isReformatted } from './is-reformatted.js';

/**
 * Pure: the text `check --fix` writes for a library panel file, or undefined when it is right
 * (or has errors --fix cannot repair). It unwraps GET's `{"result": …}`, drops Grafana's fields
 * (`id`, `version`, `meta`, `folderUid`, …), adds a uid where there is none (`newUid` is called
 * only then) and writes the canonical format. Inputs stay unresolved. `placeModel` (check --fix with environments) rewrites
 * the panel's model (`modelPath`: where it is in the text) and says what it changed.
 */
export function fixLibraryPanelDocument(
  text: string,
  file: string,
  newUid: () => string,
  placeModel?: (model: Record<string, unknown>, modelPath: (string | number)[]) => { model: Record<string, unknown>; changes: string[] },
): FixedDocument | undefined {
  const parsed = parseLibraryPanelText(text, file, {}, { duplicateKeys: true });
  if (!parsed.written || !parsed.document) return undefined;
  const repairable = new Set(['uid-missing', 'input-unmapped']);
  if (parsed.diagnostics.some((d) => d.severity === 'error' && !repairable.has(d.rule))) return undefined;
  const written: Record<string, unknown> = { ...parsed.written };
  const changes: string[] = [];
  if (parsed.elementPath.length > 0) changes.push('unwrapped the API wrapper');
  const dropped = parsed.diagnostics.filter((d) => d.rule === 'library-server-field').length;
  if (dropped > 0) changes.push(`removed ${dropped} field${dropped === 1 ? '' : 's'} Grafana owns`);
  if (parsed.diagnostics.some((d) => d.rule === 'uid-missing')) {
    written.uid = newUid();
    changes.push(`added uid "${String(written.uid)}"`);
  }
  if (placeModel && isPlainObject(written.model)) {
    const placed = placeModel(written.model, [...parsed.elementPath, 'model']);
    written.model = placed.model;
    changes.push(...placed.changes);
  }
  const fixed = canonicalJson(written);
  if (fixed === text) return undefined;
  if (changes.length === 0 && text.startsWith('\uFEFF')) changes.push('removed the byte-order mark');
  const reformatted = isReformatted(text, parsed.document);
  return { text: fixed, changes: reformatted ? ['reformatted', ...changes] : changes };
}
