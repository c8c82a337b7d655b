import type { Diagnostic } from '../errors.js';
import { DEFAULT_INPUTS_HOME, describeUnmappedInputIn, type InputsHome } from './describe-unmapped-input.js';
import { findEnvironmentLiterals } from './find-environment-literals.js';
import { inexactNumberDiagnostic } from './inexact-number-diagnostic.js';
import { DASHSYNC_BACKUP_MESSAGE, isDashsyncBackup } from './is-dashsync-backup.js';
import { isPlainObject } from './is-plain-object.js';
import { findModelStructureProblems } from './find-model-structure-problems.js';
import { locateJsonPath, parseJsonDocument, type ParsedJson } from './parse-json.js';
import { recognizePeerForm } from './recognize-peer-form.js';
import { describeNotADashboard, describeNoDashboardKey, holdsDashboardKey, NOT_A_DASHBOARD_RULE, recognizeNotADashboard } from './recognize-not-a-dashboard.js';
import { EXPRESSION_DATASOURCE } from './grafana-own-datasources.js';
import { expressionInputUses, mayHoldDsPlaceholder, resolveInputs, type ExpressionInputNames } from './resolve-inputs.js';
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
  /**
   * 'bare' when the content's model is the file's document itself, member for member: a bare
   * classic model in which the parse resolved no input placeholder and dropped no export key
   * (what describeFileModel needs: the file's bytes then stand for its content); else why not.
   * Absent when there is no content.
   */
  asWritten?: AsWritten;
  /** The parse looked for inputs to resolve (the model declares `__inputs`, or the text may hold a placeholder): else `written` puts none in a variable's current value. */
  inputsLooked?: true;
  /** The inputs it uses as server-side expressions (expressionInputUses), when it uses any. */
  expressionInputs?: ExpressionInputNames;
  diagnostics: Diagnostic[];
  /** dashsync's own saved plan file (recognizeNotADashboard): no dashboard, and nothing to say of it. */
  ownPlan?: true;
}

/** Whether a file's content is its document as written (see ParsedDashboard.asWritten). */
type AsWritten = 'bare' | 'wrapped' | 'resource' | 'export-keys-dropped' | 'inputs-resolved';

export const EXPORT_ONLY_KEYS = ['__inputs', '__requires', '__elements'];

/**
 * Pure core of readDashboardFile: parse, take the document apart (bare model, `{dashboard,
 * meta}` wrapper, or resource — splitDashboardDocument), resolve `__inputs` placeholders,
 * validate. The content is returned whenever there is a model or spec (check --fix needs it
 * even when the uid is missing); callers refuse to push when any diagnostic is an error.
 * `checkNumbers` also refuses a number of the model or spec a 64-bit float cannot hold
 * (inexactNumberDiagnostic); it needs the duplicate-key check's walk (`duplicateKeys` not false).
 * `environmentInputs` (given when the config defines environments) warns on a literal datasource that is an
 * environment's input value.
 */
export function parseDashboardText(text: string, file: string, inputs: Record<string, string>, options: ParseDashboardOptions = {}): ParsedDashboard {
  return dashboardOfParse(parseJsonDocument(text, file, options), text, file, inputs, options);
}

/**
 * parseDashboardText with the repeated-key check left to the caller (readDashboardFile), which may count the text's keys on
 * a pass it makes anyway; where it finds a key twice, it parses again with the check. `uncheckedKeys`: of a text that
 * parsed, ParsedJson.uncheckedKeys (undefined when it did not parse: nothing to check).
 */
export function parseDashboardTextUnchecked(text: string, file: string, inputs: Record<string, string>, options: Omit<ParseDashboardOptions, 'duplicateKeys'> = {}): { parsed: ParsedDashboard; uncheckedKeys: number | undefined } {
  const json = parseJsonDocument(text, file, { ...options, duplicateKeys: 'deferred' });
  return { parsed: dashboardOfParse(json, text, file, inputs, options), uncheckedKeys: json.uncheckedKeys };
}

type ParseDashboardOptions = { duplicateKeys?: boolean; depthChecked?: boolean; inputsHome?: InputsHome; checkNumbers?: boolean; environmentInputs?: Record<string, Record<string, string>>; forPull?: boolean };

function dashboardOfParse(parsed: ParsedJson, text: string, file: string, inputs: Record<string, string>, options: ParseDashboardOptions): ParsedDashboard {
  const notADashboard = recognizeNotADashboard(file, parsed.diagnostics.length > 0 ? undefined : parsed.value, text);
  if (notADashboard?.ownPlan) return { content: null, form: null, diagnostics: [], ownPlan: true };
  if (notADashboard !== null) {
    const at = notADashboard.brokenAt ?? { line: 1, col: 1 };
    return { content: null, form: null, diagnostics: [{ file, line: at.line, col: at.col, severity: 'warning', rule: NOT_A_DASHBOARD_RULE, message: describeNotADashboard(notADashboard) }] };
  }
  if (parsed.diagnostics.length > 0) return { content: null, form: null, diagnostics: parsed.diagnostics };
  if (!isPlainObject(parsed.value)) {
    const message = `a dashboard file must hold a JSON object, found ${kindOf(parsed.value)}`;
    return { content: null, form: null, diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'not-an-object', message }] };
  }
  if (isDashsyncBackup(parsed.value)) {
    return { content: null, form: null, diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'dashsync-backup', message: DASHSYNC_BACKUP_MESSAGE }] };
  }
  const peer = recognizePeerForm(parsed.value);
  if (peer) return { content: null, form: null, diagnostics: [{ file, ...locateJsonPath(text, peer.path), severity: 'error', rule: peer.rule, message: peer.message }] };
  const parts = splitDashboardDocument(parsed.value, { forPull: options.forPull });
  const diagnostics: Diagnostic[] = parts.problems.map(({ path, ...problem }) => ({ file, ...locateJsonPath(text, path), ...problem }));
  // A wrapper without its model is that one problem; a title or uid it lacks would only repeat it.
  if (!parts.problems.some((problem) => problem.rule === 'not-an-object')) diagnostics.unshift(...validateDashboard(parts, { file, text }));
  // `{}` or an object of unknown keys: still a uid-missing error, but check --fix does not write into it (it may be another tool's file).
  if (!holdsDashboardKey(parsed.value)) {
    const message = describeNoDashboardKey(parsed.value);
    for (const diagnostic of diagnostics) if (diagnostic.rule === 'uid-missing') diagnostic.message = message;
  }
  const raw = parts.spec;
  if (!raw) return { content: null, form: parts.form, written: null, diagnostics };

  let spec = raw;
  let inputsResolved = false;
  let expressionInputs: ExpressionInputNames | undefined;
  const inputsLooked = '__inputs' in raw || mayHoldDsPlaceholder(text);
  if (inputsLooked) {
    const resolved = resolveInputs(raw, inputs);
    spec = resolved.model;
    inputsResolved = resolved.replaced;
    // Only a file that declares inputs or had one replaced can use one as expressions: the others are not scanned for it.
    if (('__inputs' in raw || resolved.replaced) && text.includes(EXPRESSION_DATASOURCE)) {
      const uses = expressionInputUses(raw);
      if (uses.declared.length + uses.undeclared.length > 0) expressionInputs = uses;
    }
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
  // With environments: a literal datasource that is one environment's input value (findEnvironmentLiterals).
  if (options.environmentInputs) diagnostics.push(...findEnvironmentLiterals({ text, model: raw, modelPath: parts.specPath }, file, options.environmentInputs));
  const bare = { ...spec };
  const exportKeysDropped = EXPORT_ONLY_KEYS.some((key) => Object.hasOwn(spec, key));
  // Only where there is one: each `delete` is a call into V8's runtime, even of a key the object does not hold.
  if (exportKeysDropped) for (const key of EXPORT_ONLY_KEYS) delete bare[key];
  const uid = typeof parts.uid === 'string' ? parts.uid.trim() : '';
  if (parts.schema === 'v2') {
    const version = parts.apiVersion?.slice(parts.apiVersion.indexOf('/') + 1) ?? '';
    diagnostics.push(...validateV2Spec(bare, { file, text, specPath: parts.specPath, version }));
  }
  if (parts.schema === 'v1') {
    for (const { path, message } of findModelStructureProblems(bare)) {
      diagnostics.push({ file, ...locateJsonPath(text, [...parts.specPath, ...path]), severity: 'error', rule: 'model-invalid', message: `${message}: Grafana stores it, and the dashboard fails to load` });
    }
  }
  if (parts.form === 'resource') diagnostics.push(...checkSpecUid(bare, uid, parts, { file, text }));
  if (parts.schema === 'v1' && parts.form === 'resource' && uid !== '') bare.uid = uid;
  // The parse's walk of the document (which holds the model or spec) tells when no number needs the scan.
  const inexact = options.checkNumbers === true && parsed.mayHoldInexactNumber !== false ? inexactNumberDiagnostic(text, file, raw) : undefined;
  if (inexact) diagnostics.push(inexact);
  const content: DesiredContent = { uid, schema: parts.schema, apiVersion: parts.apiVersion, spec: bare, metadata: parts.metadata };
  const asWritten = asWrittenOf(parts, { exportKeysDropped, inputsResolved });
  return { content, form: parts.form, written: raw, asWritten, ...(inputsLooked && { inputsLooked }), ...(expressionInputs && { expressionInputs }), diagnostics };
}

/**
 * What the parse changed between the document and the content: besides taking the model out of a
 * wrapper or resource, only dropping export keys and resolving inputs (a v1 resource's spec also
 * gets its uid; the content's own `uid` is trimmed, its model's is not).
 */
function asWrittenOf(parts: DashboardDocumentParts, changed: { exportKeysDropped: boolean; inputsResolved: boolean }): AsWritten {
  if (parts.form === 'resource') return 'resource';
  if (parts.specPath.length > 0) return 'wrapped';
  if (changed.exportKeysDropped) return 'export-keys-dropped';
  return changed.inputsResolved ? 'inputs-resolved' : 'bare';
}

/** A resource spec's own `uid` is not the dashboard's uid (Grafana drops it on write); one that names another dashboard than metadata.name is a mistake. */
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
