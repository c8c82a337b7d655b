import type { Diagnostic } from '../errors.js';
import { escapeText } from './escape-untrusted.js';

/** `path:line:col: error|warning: message (rule)` — the format editors and pre-commit understand; file names and messages (titles) escaped. */
export function renderDiagnostic(diagnostic: Diagnostic): string {
  const position = diagnostic.line ? `:${diagnostic.line}:${diagnostic.col ?? 1}` : '';
  return escapeText(`${diagnostic.file}${position}: ${diagnostic.severity}: ${diagnostic.message} (${diagnostic.rule})`);
}

export function renderDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `${renderDiagnostic(d)}\n`).join('');
}
