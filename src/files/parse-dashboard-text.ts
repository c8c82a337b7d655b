import type { Diagnostic } from '../errors.js';
import { DEFAULT_INPUTS_HOME, describeUnmappedInputIn, type InputsHome } from './describe-unmapped-input.js';
import { isPlainObject } from './is-plain-object.js';
import { locateJsonPath, parseJsonDocument } from './parse-json.js';
import { resolveInputs } from './resolve-inputs.js';
import { splitDashboardDocument, type DashboardDocumentParts } from './split-dashboard-document.js';
import type { DashboardFileForm, DesiredContent } from './types.js';
import { validateDashboard } from './validate-dashboard.js';
import { validateV2Spec } from './validate-v2-spec.js';

export interface ParsedDashboard {
  /**
   * What the file asks Grafana to hold, inputs resolved, `__inputs`/`__requires`/`__elements`
   * dropped, not normalized; null when unusable (not JSON, not an object, a resource without a spec).
   */
  content: DesiredContent | null;
  /** null when the file is not a JSON object. */
  form: DashboardFileForm | null;
  /** The model or spec as written (placeholders and `__*` keys kept); null when unusable. */
  written?: Record<string, unknown> | null;
  /** The file is a bare classic model: no `{dashboard, meta}` wrapper, no resource. */
  bareModel?: boolean;
  diagnostics: Diagnostic[];
}

export const EXPORT_ONLY_KEYS = ['__inputs', '__requires', '__elements'];

/**
 * Pure core of readDashboardFile: parse, take the document apart (bare model, `{dashboard,
 * meta}` wrapper, or resource — splitDashboardDocument), resolve `__inputs` placeholders,
 * validate. The content is returned whenever there is a model or spec (check --fix needs it
 * even when the uid is missing); callers refuse to push when any diagnostic is an error.
 */
export function parseDashboardText(
  text: string,
  file: string,
  inputs: Record<string, string>,
  options: { duplicateKeys?: boolean; inputsHome?: InputsHome } = {},
): ParsedDashboard {
  const parsed = parseJsonDocument(text, file, options);
  if (parsed.diagnostics.length > 0) return { content: null, form: null, diagnostics: parsed.diagnostics };
  if (!isPlainObject(parsed.value)) {
    const message = `a dashboard file must hold a JSON object, found ${kindOf(parsed.value)}`;
    return { content: null, form: null, diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'not-an-object', message }] };
  }
  const parts = splitDashboardDocument(parsed.value);
  const diagnostics: Diagnostic[] = parts.problems.map(({ path, ...problem }) => ({ file, ...locateJsonPath(text, path), ...problem }));
  diagnostics.unshift(...validateDashboard(parts, { file, text }));
  const raw = parts.spec;
  if (!raw) return { content: null, form: parts.form, written: null, diagnostics };

  let spec = raw;
  if ('__inputs' in raw || text.includes('DS_')) {
    const resolved = resolveInputs(raw, inputs);
    spec = resolved.model;
    for (const input of resolved.unmapped) {
      diagnostics.push({
        file,
        ...locateJsonPath(text, [...parts.specPath, ...input.path]),
        severity: 'error',
        rule: 'input-unmapped',
        message: describeUnmappedInputIn(input.name, options.inputsHome ?? DEFAULT_INPUTS_HOME),
      });
    }
  }
  const bare = { ...spec };
  for (const key of EXPORT_ONLY_KEYS) delete bare[key];
  const uid = typeof parts.uid === 'string' ? parts.uid.trim() : '';
  if (parts.schema === 'v2') diagnostics.push(...validateV2Spec(bare, { file, text, specPath: parts.specPath }));
  else if (parts.form === 'resource') diagnostics.push(...checkSpecUid(bare, uid, parts, { file, text }));
  if (parts.schema === 'v1' && parts.form === 'resource' && uid !== '') bare.uid = uid;
  const content: DesiredContent = { uid, schema: parts.schema, apiVersion: parts.apiVersion, spec: bare, metadata: parts.metadata };
  return { content, form: parts.form, written: raw, bareModel: parts.form === 'model' && parts.specPath.length === 0, diagnostics };
}

/** A v1 spec's own `uid` is dropped by Grafana on write; one that names another dashboard than metadata.name is a mistake. */
function checkSpecUid(spec: Record<string, unknown>, uid: string, parts: DashboardDocumentParts, where: { file: string; text: string }): Diagnostic[] {
  const own = spec.uid;
  if (own === undefined || own === null || uid === '' || (typeof own === 'string' && own.trim() === uid)) return [];
  return [{
    file: where.file,
    ...locateJsonPath(where.text, [...parts.specPath, 'uid']),
    severity: 'error',
    rule: 'uid-mismatch',
    message: `spec.uid ${JSON.stringify(own)} is not metadata.name ${JSON.stringify(uid)}: the name is the dashboard's uid; remove spec.uid`,
  }];
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
