import type { Diagnostic } from '../errors.js';
import { withInexactNumbersAsParsed } from '../files/find-inexact-number.js';
import { isDashsyncBackup } from '../files/is-dashsync-backup.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { holdsDashboardKey, recognizeNotADashboard } from '../files/recognize-not-a-dashboard.js';
import { recognizePeerForm } from '../files/recognize-peer-form.js';
import { locateJsonPath, parseJsonDocument } from '../files/parse-json.js';
import { splitDashboardDocument, type DashboardDocumentParts } from '../files/split-dashboard-document.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { describeNotCanonical } from './describe-not-canonical.js';

/** A dashboard file's text parsed far enough for the check-only rules; undefined when it is not a JSON object. */
export interface DashboardDocument {
  text: string;
  /** The whole document as written. */
  document: Record<string, unknown>;
  /** Its parts (form, model or spec as written — inputs unresolved, `refresh` unclamped — identity). */
  parts: DashboardDocumentParts;
}

export function parseDashboardDocument(text: string, file: string): DashboardDocument | undefined {
  const parsed = parseJsonDocument(text, file);
  // A backup in the tree gets one error from the tree reading (dashsync-backup), and --fix leaves it as it is.
  if (parsed.diagnostics.length > 0 || !isPlainObject(parsed.value) || isDashsyncBackup(parsed.value)) return undefined;
  // Another tool's file (package.json, a provisioning file) gets its one warning from the tree reading: --fix never writes it.
  if (recognizeNotADashboard(file, parsed.value, text) !== null) return undefined;
  // `{}` or an object of unknown keys: its uid-missing error says --fix leaves it (it may be another tool's file).
  if (!holdsDashboardKey(parsed.value)) return undefined;
  // Another tool's shape (recognizePeerForm) gets its one error from the tree reading, and --fix leaves it as it is.
  if (recognizePeerForm(parsed.value)) return undefined;
  const parts = splitDashboardDocument(parsed.value);
  // A wrapper without its model (not-an-object): nothing --fix could write.
  if (parts.problems.some((problem) => problem.rule === 'not-an-object')) return undefined;
  return { text, document: parsed.value, parts };
}

/** What the file is written as in canonical form: the bare model (a wrapper is unwrapped), or the whole resource. */
export function canonicalForm(document: DashboardDocument): Record<string, unknown> {
  const { parts } = document;
  return parts.form === 'resource' || !parts.spec ? document.document : parts.spec;
}

/** The numbers of a classic model that belong to one Grafana instance, which --fix removes. */
const INSTANCE_NUMBERS = [
  { key: 'id', rule: 'id-present', describe: 'is a database id of one Grafana instance and means nothing elsewhere' },
  { key: 'version', rule: 'version-present', describe: "is one Grafana instance's save counter, which dashsync neither compares nor sends" },
] as const;

/**
 * Pure: the rules only `check` enforces, because `--fix` can repair them — a numeric
 * `id` in a classic model or spec and a file that is not byte-for-byte the canonical format
 * of its bare model (or of its resource).
 */
export function inspectDashboardDocument(document: DashboardDocument, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { text, parts } = document;
  const spec = parts.schema === 'v1' ? parts.spec : null;
  for (const { key, rule, describe } of INSTANCE_NUMBERS) {
    const value = spec?.[key];
    if (typeof value !== 'number') continue;
    diagnostics.push({ file, ...locateJsonPath(text, [...parts.specPath, key]), severity: 'warning', rule, message: `"${key}": ${value} ${describe}; run \`dashsync check --fix\` to remove it` });
  }
  const form = canonicalForm(document);
  const wrapped = parts.form === 'model' && parts.specPath.length > 0;
  if (text.startsWith('\uFEFF')) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'warning',
      rule: 'not-canonical',
      message: 'file starts with a UTF-8 byte-order mark (accepted, but not canonical); run `dashsync check --fix` to remove it',
    });
  } else {
    // A number a float cannot hold is an error of its own (number-inexact): the formatting is judged, and placed, without it.
    const judged = withInexactNumbersAsParsed(text, document.document);
    const canonical = canonicalJson(form);
    if (judged !== canonical) {
      const where = wrapped ? null : describeNotCanonical(judged, canonical);
      diagnostics.push({
        file,
        line: where?.line ?? 1,
        col: where?.col ?? 1,
        severity: 'warning',
        rule: 'not-canonical',
        message: where?.message ?? 'file holds the {"dashboard", "meta"} API wrapper; run `dashsync check --fix` to write the bare dashboard model',
      });
    }
  }
  return diagnostics;
}

