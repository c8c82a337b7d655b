import { canonicalJson } from '../normalize/canonical-json.js';

/** Pure: a `_library/` file's text as pull writes it for a panel's name and model (`kind` 1, canonical JSON). */
export function libraryPanelFileText(panel: { uid: string; name: unknown; model: unknown }): string {
  return canonicalJson({ uid: panel.uid, name: panel.name, kind: 1, model: panel.model });
}
