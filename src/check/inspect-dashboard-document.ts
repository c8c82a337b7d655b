import type { Diagnostic } from '../errors.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { unwrapDashboard } from '../files/split-dashboard-document.js';
import { locateJsonPath, parseJsonDocument, positionOf } from '../files/parse-json.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { isCanonicalText } from './is-canonical-text.js';

/** A dashboard file's text parsed far enough for the check-only rules; undefined when it is not a JSON object. */
export interface DashboardDocument {
  text: string;
  /** The bare model exactly as written (inputs unresolved, `refresh` unclamped). */
  model: Record<string, unknown>;
  /** [] for a bare model, ['dashboard'] for the `{dashboard, meta}` API wrapper. */
  modelPath: string[];
}

export function parseDashboardDocument(text: string, file: string): DashboardDocument | undefined {
  const parsed = parseJsonDocument(text, file);
  if (parsed.diagnostics.length > 0 || !isPlainObject(parsed.value)) return undefined;
  const { model, modelPath } = unwrapDashboard(parsed.value);
  return { text, model, modelPath };
}

/**
 * Pure: the rules only `check` enforces, because `--fix` can repair them — a numeric
 * root `id` and a file that is not byte-for-byte the canonical format of its bare model.
 */
export function inspectDashboardDocument(document: DashboardDocument, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { text, model, modelPath } = document;
  if (typeof model.id === 'number') {
    diagnostics.push({
      file,
      ...locateJsonPath(text, [...modelPath, 'id']),
      severity: 'warning',
      rule: 'id-present',
      message: `"id": ${model.id} is a database id of one Grafana instance and means nothing elsewhere; run \`dashsync check --fix\` to remove it`,
    });
  }
  if (text.startsWith('\uFEFF')) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'warning',
      rule: 'not-canonical',
      message: 'file starts with a UTF-8 byte-order mark (accepted, but not canonical); run `dashsync check --fix` to remove it',
    });
  } else if (!isCanonicalText(text, model)) {
    const wrapped = modelPath.length > 0;
    const canonical = canonicalJson(model);
    diagnostics.push({
      file,
      ...(wrapped ? { line: 1, col: 1 } : positionOf(text, firstDifference(text, canonical))),
      severity: 'warning',
      rule: 'not-canonical',
      message: wrapped
        ? 'file holds the {"dashboard", "meta"} API wrapper; run `dashsync check --fix` to write the bare dashboard model'
        : 'file is not in canonical format (sorted keys, 2-space indent, final newline); run `dashsync check --fix` to rewrite it',
    });
  }
  return diagnostics;
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return i;
  return length;
}
