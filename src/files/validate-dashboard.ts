import type { Diagnostic } from '../errors.js';
import { findLibraryPanelRefs } from './find-library-panel-refs.js';
import { locateJsonPath } from './parse-json.js';
import { MAX_TITLE_BYTES, MAX_UID_LENGTH, uidProblem } from './uid-rules.js';

export interface DashboardLocation {
  /** Path shown to the user. */
  file: string;
  /** The file's text, to point diagnostics at the offending value. */
  text: string;
  /** Where the bare model sits in the document: [] or ['dashboard'] for the API wrapper. */
  modelPath: string[];
}

/**
 * The rules every dashboard file must pass before anything is sent to Grafana: a
 * non-empty string title, a uid Grafana accepts, and library panel references that name a
 * uid (Grafana answers 500 to one without, after storing the dashboard). Pure.
 */
export function validateDashboard(model: Record<string, unknown>, where: DashboardLocation): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (rule: string, key: string | null, message: string): void => {
    const position = locateJsonPath(where.text, key === null ? where.modelPath : [...where.modelPath, key]);
    diagnostics.push({ file: where.file, ...position, severity: 'error', rule, message });
  };

  const { title, uid } = model;
  if (typeof title !== 'string' || title.trim() === '') {
    const found = title === undefined ? 'there is none' : `found ${describe(title)}`;
    report('title-missing', title === undefined ? null : 'title', `dashboard needs a non-empty string "title"; ${found}`);
  } else if (Buffer.byteLength(title.trim()) > MAX_TITLE_BYTES) {
    report('title-too-long', 'title', `title is longer than ${MAX_TITLE_BYTES} bytes; Grafana refuses it`);
  }

  if (uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '')) {
    report('uid-missing', uid === undefined ? null : 'uid', 'dashboard has no "uid"; run `dashsync check --fix` to add a stable one');
  } else if (typeof uid !== 'string') {
    report('uid-invalid', 'uid', `uid must be a string, found ${describe(uid)}`);
  } else {
    const trimmed = uid.trim();
    const problem = uidProblem(trimmed);
    if (problem === 'uid-invalid') {
      report(problem, 'uid', `uid ${JSON.stringify(trimmed)} may only contain letters, digits, "-" and "_"`);
    } else if (problem === 'uid-too-long') {
      report(problem, 'uid', `uid ${JSON.stringify(trimmed)} is ${trimmed.length} characters; Grafana allows at most ${MAX_UID_LENGTH}`);
    }
  }
  for (const { path } of findLibraryPanelRefs(model).invalid) {
    const position = locateJsonPath(where.text, [...where.modelPath, ...path]);
    diagnostics.push({ file: where.file, ...position, severity: 'error', rule: 'library-panel-ref-invalid',
      message: 'library panel reference without a "uid": Grafana cannot connect it and answers 500; give it { "uid": "<library panel uid>", "name": "…" }' });
  }
  return diagnostics;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'an empty string';
  return `a ${typeof value}`;
}
