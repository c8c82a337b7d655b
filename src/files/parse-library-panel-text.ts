import type { Diagnostic } from '../errors.js';
import { DEFAULT_INPUTS_HOME, describeUnmappedInputIn, type InputsHome } from './describe-unmapped-input.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { isPlainObject } from './is-plain-object.js';
import { libraryPanelElement } from './library-panel-element.js';
import { locateJsonPath, parseJsonDocument } from './parse-json.js';
import { resolveInputs } from './resolve-inputs.js';
import { describeUidProblem, uidProblem } from './uid-rules.js';
import { findEnvironmentLiterals } from './find-environment-literals.js';

export interface ParsedLibraryPanel {
  /** Canonical content, inputs resolved; null when the file has errors. */
  content: LibraryPanelContent | null;
  /** The element as written (placeholders kept, Grafana's fields dropped); null when it is not an object. */
  written: Record<string, unknown> | null;
  /** Where the element sits in the document: [] or ['result'] (GET's `{"result": …}`). */
  elementPath: string[];
  /** The whole document as parsed, when it is a JSON object. */
  document?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/** What a `_library/` file says: the element as `GET /api/library-elements/:uid` returns it, less Grafana's fields. */
const FILE_KEYS = ['uid', 'name', 'kind', 'model', 'type', 'description'];
/** Grafana's own fields: the folder comes from the directory, the version and meta from the server. */
const LIBRARY_SERVER_KEYS = ['id', 'orgId', 'folderId', 'folderUid', 'version', 'meta', 'schemaVersion'];

const PANEL = 1;
const VARIABLE = 2;

export interface LibraryPanelTextOptions {
  duplicateKeys?: boolean;
  inputsHome?: InputsHome;
  environmentInputs?: Record<string, Record<string, string>>;
  /**
   * `check` without --env of a config with environments (ReadTreeOptions.inputsPerEnvironment): each environment's map
   * judges the placeholders (findUnmappedInputs), so one the top level's map lacks keeps the panel's content, its uid and
   * name judged as every other's.
   */
  inputsPerEnvironment?: boolean;
}

/**
 * Pure: parses and validates one library panel file (`_library/*.json`). Errors stop it being
 * pushed; Grafana's own fields (`id`, `version`, `meta`, …) are warnings (`check --fix` drops them).
 */
export function parseLibraryPanelText(
  text: string,
  file: string,
  inputs: Record<string, string>,
  options: LibraryPanelTextOptions = {},
): ParsedLibraryPanel {
  const parsed = parseJsonDocument(text, file, { ...options, holds: 'a _library/ file holds one library panel, a JSON object like { "uid": …, "name": …, "model": {…} }' });
  if (parsed.diagnostics.length > 0) return { content: null, written: null, elementPath: [], diagnostics: parsed.diagnostics };
  if (!isPlainObject(parsed.value)) {
    const message = 'a library panel file must hold a JSON object like { "uid": …, "name": …, "model": { … } }';
    return { content: null, written: null, elementPath: [], diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'not-an-object', message }] };
  }
  const document = parsed.value;
  const { element, path: elementPath } = libraryPanelElement(document);
  // A dashboard put in _library/ is one line, not each library panel key it lacks.
  const dashboardKey = element.model === undefined ? ['panels', 'schemaVersion', 'rows'].find((key) => key in element) : undefined;
  if (dashboardKey !== undefined) {
    const message = `this is a dashboard ("${dashboardKey}"), not a library panel: every file in a _library/ directory is read as a library panel; move it to the directory that holds _library/ (its folder's dashboards)`;
    return { content: null, written: null, elementPath, document, diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'library-file-dashboard', message }] };
  }
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Diagnostic['severity'], rule: string, path: (string | number)[], message: string) =>
    diagnostics.push({ file, ...locateJsonPath(text, [...elementPath, ...path]), severity, rule, message });

  const written: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element)) {
    if (FILE_KEYS.includes(key)) written[key] = value;
    else if (LIBRARY_SERVER_KEYS.includes(key)) report('warning', 'library-server-field', [key], `"${key}" is Grafana's field (the folder comes from the directory); it is ignored: run \`dashsync check --fix\` to remove it`);
    else report('error', 'library-key-unknown', [key], `unknown key "${key}" in a library panel file (allowed: ${FILE_KEYS.join(', ')})`);
  }
  const { uid, name, kind, model, type, description } = written;
  if (uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '')) {
    report('error', 'uid-missing', uid === undefined ? [] : ['uid'], 'library panel has no "uid"; run `dashsync check --fix` to add a stable one');
  } else if (typeof uid !== 'string') {
    report('error', 'uid-invalid', ['uid'], 'uid must be a string: write it as one of letters, digits, "-" and "_"');
  } else {
    const problem = uidProblem(uid.trim());
    if (problem !== undefined) report('error', problem, ['uid'], describeUidProblem(problem, 'uid', uid.trim(), true));
  }
  if (typeof name !== 'string' || name.trim() === '') {
    report('error', 'library-name-missing', name === undefined ? [] : ['name'], 'library panel needs a non-empty string "name" (Grafana shows it in the library)');
  }
  if (kind === VARIABLE) {
    report('error', 'library-kind-unsupported', ['kind'], 'library variables (kind 2) are not managed by dashsync; only library panels (kind 1): remove this file');
  } else if (kind !== undefined && kind !== PANEL) {
    report('error', 'library-kind-unsupported', ['kind'], `"kind" must be 1 (a library panel), found ${JSON.stringify(kind)}`);
  }
  if (!isPlainObject(model)) report('error', 'library-model-missing', model === undefined ? [] : ['model'], 'library panel needs a "model" object: the panel as a dashboard would hold it');
  for (const [key, value] of [['type', type], ['description', description]] as const) {
    if (value !== undefined && typeof value !== 'string') report('error', 'library-field-invalid', [key], `"${key}" must be a string`);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { content: null, written, elementPath, document, diagnostics };
  if (options.environmentInputs) {
    diagnostics.push(...findEnvironmentLiterals({ text, model: model as Record<string, unknown>, modelPath: [...elementPath, 'model'] }, file, options.environmentInputs));
  }

  const resolved = resolveInputs(model as Record<string, unknown>, inputs);
  for (const input of resolved.unmapped) {
    report('error', 'input-unmapped', ['model', ...input.path], describeUnmappedInputIn(input.name, options.inputsHome ?? DEFAULT_INPUTS_HOME));
  }
  if (resolved.unmapped.length > 0 && options.inputsPerEnvironment !== true) return { content: null, written, elementPath, document, diagnostics };
  const content = normalizeLibraryPanel({ uid: (uid as string).trim(), name: name as string, model: resolved.model, type, description });
  return { content, written, elementPath, document, diagnostics };
}
