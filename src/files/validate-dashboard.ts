import type { Diagnostic } from '../errors.js';
import { findLibraryPanelRefs } from './find-library-panel-refs.js';
import { locateJsonPath } from './parse-json.js';
import type { DashboardDocumentParts } from './split-dashboard-document.js';
import { describeUidProblem, MAX_TITLE_BYTES, uidProblem } from './uid-rules.js';

export interface DashboardLocation {
  /** Path shown to the user. */
  file: string;
  /** The file's text, to point diagnostics at the offending value. */
  text: string;
}

/**
 * The rules every dashboard file must pass before anything is sent to Grafana: a non-empty
 * string title, an identity Grafana accepts — a model's `uid`, a resource's `metadata.name`
 * (the same rules: Grafana uses the name as the dashboard uid) — and library panel references
 * that name a uid (Grafana answers 500 to one without, after storing the dashboard). Pure.
 */
export function validateDashboard(parts: Pick<DashboardDocumentParts, 'form' | 'spec' | 'specPath' | 'uid' | 'uidPath'>, where: DashboardLocation): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (rule: string, path: (string | number)[], message: string): void => {
    diagnostics.push({ file: where.file, ...locateJsonPath(where.text, path), severity: 'error', rule, message });
  };
  const spec = parts.spec;
  if (spec) {
    const title = spec.title;
    const titlePath = title === undefined ? parts.specPath : [...parts.specPath, 'title'];
    const field = parts.form === 'resource' ? 'spec.title' : 'title';
    if (typeof title !== 'string' || title.trim() === '') {
      const found = title === undefined ? 'there is none' : `found ${describe(title)}`;
      report('title-missing', titlePath, `dashboard needs a non-empty string "${field}"; ${found}`);
    } else if (Buffer.byteLength(title.trim()) > MAX_TITLE_BYTES) {
      report('title-too-long', titlePath, `title is longer than ${MAX_TITLE_BYTES} bytes; Grafana refuses it: shorten it`);
    }
  }

  const { uid } = parts;
  const name = parts.form === 'resource' ? 'metadata.name' : 'uid';
  if (uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '')) {
    const what = parts.form === 'resource' ? 'dashboard resource has no "metadata.name" (its uid)' : 'dashboard has no "uid"';
    report('uid-missing', parts.uidPath, `${what}: if it already exists in Grafana (a file exported or written by another tool, such as Terraform), \`dashsync pull\` writes it with its uid (a new uid would make a second copy); else run \`dashsync check --fix\` to add a stable one`);
  } else if (typeof uid !== 'string') {
    report('uid-invalid', parts.uidPath, `${name} must be a string, found ${describe(uid)}: write it as one of letters, digits, "-" and "_"`);
  } else {
    const trimmed = uid.trim();
    const problem = uidProblem(trimmed);
    if (problem !== undefined) report(problem, parts.uidPath, describeUidProblem(problem, name, trimmed, true));
  }
  for (const { path } of spec ? findLibraryPanelRefs(spec).invalid : []) {
    const position = locateJsonPath(where.text, [...parts.specPath, ...path]);
    diagnostics.push({ file: where.file, ...position, severity: 'error', rule: 'library-panel-ref-invalid',
      message: 'library panel reference without a "uid": Grafana cannot connect it and answers 500; give it { "uid": "<library panel uid>", "name": "…" }' });
  }
  return diagnostics;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : BLANK_TITLE;
  return `a ${typeof value}`;
}

/**
 * A string of only whitespace: up to 13.0 Grafana's `/api` (the dashboard service) trims it and refuses the empty title,
 * while every `/apis` admission, and the `/api` that skips the service (13.1 or 13.2 on: src/sandbox/README.md), compare
 * the title as written with "" and store it blank.
 */
const BLANK_TITLE = "only whitespace: write a title (Grafana's /api up to 13.0 refuses a blank title; its /apis, and the newer /api, store it blank)";
