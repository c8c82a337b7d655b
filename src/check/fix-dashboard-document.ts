import { canonicalJson } from '../normalize/canonical-json.js';
import type { DashboardDocument } from './inspect-dashboard-document.js';

export interface FixedDocument {
  text: string;
  /** What changed, for the report: `removed id`, `added uid "…"`, `unwrapped`, `reformatted`. */
  changes: string[];
}

/**
 * Pure: the text `check --fix` writes, or undefined when the file is already right.
 * Only repairs that keep the dashboard's meaning: unwrap `{dashboard, meta}`, drop a
 * numeric root `id`, add a uid where there is none (`newUid` is called only then),
 * write the canonical format. Inputs stay unresolved and `refresh` unclamped, so the
 * file still says what its author wrote. A second run finds nothing to do.
 */
export function fixDashboardDocument(document: DashboardDocument, newUid: () => string): FixedDocument | undefined {
  const model: Record<string, unknown> = { ...document.model };
  const changes: string[] = [];
  if (document.text.startsWith('\uFEFF')) changes.push('removed the byte-order mark');
  if (document.modelPath.length > 0) changes.push('unwrapped the API wrapper');
  if (typeof model.id === 'number') {
    delete model.id;
    changes.push('removed id');
  }
  if (isMissingUid(model.uid)) {
    model.uid = newUid();
    changes.push(`added uid "${String(model.uid)}"`);
  }
  const text = canonicalJson(model);
  if (text === document.text) return undefined;
  if (changes.length === 0) changes.push('reformatted');
  return { text, changes };
}

/** The same notion of "no uid" as the uid-missing rule: absent, null or blank. */
function isMissingUid(uid: unknown): boolean {
  return uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '');
}
