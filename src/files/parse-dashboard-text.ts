import type { Diagnostic } from '../errors.js';
import { locateJsonPath, parseJsonDocument } from './parse-json.js';
import { resolveInputs } from './resolve-inputs.js';
import { validateDashboard } from './validate-dashboard.js';

export interface ParsedDashboard {
  /** The bare model, inputs resolved, `__inputs`/`__requires`/`__elements` dropped; null when unusable. */
  model: Record<string, unknown> | null;
  /** The bare model as written (placeholders and `__*` keys kept); null when unusable. */
  written?: Record<string, unknown> | null;
  diagnostics: Diagnostic[];
}

export const EXPORT_ONLY_KEYS = ['__inputs', '__requires', '__elements'];

/**
 * Pure core of readDashboardFile: parse, unwrap the `{dashboard, meta}` API wrapper,
 * resolve `__inputs` placeholders, validate. The model is returned whenever the document
 * is an object (check --fix needs it even when the uid is missing); callers refuse to
 * push when any diagnostic is an error.
 */
export function parseDashboardText(
  text: string,
  file: string,
  inputs: Record<string, string>,
  options: { duplicateKeys?: boolean } = {},
): ParsedDashboard {
  const parsed = parseJsonDocument(text, file, options);
  if (parsed.diagnostics.length > 0) return { model: null, diagnostics: parsed.diagnostics };
  if (!isPlainObject(parsed.value)) {
    const message = `a dashboard file must hold a JSON object, found ${kindOf(parsed.value)}`;
    return { model: null, diagnostics: [{ file, line: 1, col: 1, severity: 'error', rule: 'not-an-object', message }] };
  }
  const { model: raw, modelPath } = unwrapDashboard(parsed.value);
  const diagnostics: Diagnostic[] = [];
  let model = raw;
  if ('__inputs' in raw || text.includes('DS_')) {
    const resolved = resolveInputs(raw, inputs);
    model = resolved.model;
    for (const input of resolved.unmapped) {
      const position = locateJsonPath(text, [...modelPath, ...input.path]);
      diagnostics.push({
        file,
        ...position,
        severity: 'error',
        rule: 'input-unmapped',
        message: `input ${input.name} is not mapped: add "inputs": { "${input.name}": "<datasource uid>" } to dashsync.config.json`,
      });
    }
  }
  const bare = { ...model };
  for (const key of EXPORT_ONLY_KEYS) delete bare[key];
  diagnostics.unshift(...validateDashboard(bare, { file, text, modelPath }));
  return { model: bare, written: raw, diagnostics };
}

/**
 * Accepts the bare model or the wrapper Grafana's API returns (`{dashboard, meta}`,
 * also the POST body shape). A document is a wrapper when `dashboard` is an object and
 * the top level has neither `title` nor `panels` of its own.
 */
export function unwrapDashboard(document: Record<string, unknown>): {
  model: Record<string, unknown>;
  modelPath: string[];
} {
  const inner = document.dashboard;
  if (isPlainObject(inner) && !('title' in document) && !('panels' in document)) {
    return { model: inner, modelPath: ['dashboard'] };
  }
  return { model: document, modelPath: [] };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
