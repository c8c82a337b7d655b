import type { Diagnostic } from '../errors.js';
import { escapeText } from './escape-untrusted.js';
import { limitPerGroup } from './limit-per-group.js';

/** `path:line:col: error|warning: message (rule)` — the format editors and pre-commit understand; file names and messages (titles) escaped. */
export function renderDiagnostic(diagnostic: Diagnostic): string {
  return escapeText(describeDiagnostic(diagnostic));
}

/** renderDiagnostic's line unescaped, for a reader that escapes it its own way (markdown). */
export function describeDiagnostic(diagnostic: Diagnostic): string {
  const position = diagnostic.line ? `:${diagnostic.line}:${diagnostic.col ?? 1}` : '';
  return `${diagnostic.file}${position}: ${diagnostic.severity}: ${diagnostic.message} (${diagnostic.rule})`;
}

/** The warning rules `dashsync check --fix` repairs: their `… and N more` line names that remedy (what it does to them). */
const FIXED_BY_CHECK_FIX: ReadonlyMap<string, string> = new Map([
  ...['not-canonical', 'id-present', 'version-present', 'resource-server-field', 'library-elements-embedded', 'library-server-field', 'library-panel-name-stale'].map((rule) => [rule, 'rewrites them'] as const),
  ['datasource-literal-of-env', 'writes their placeholders, or says why not'],
]);

/** Whether `dashsync check --fix` (`checkFix`, as this run would run it) rewrites what the warning is about: its rule's, or it says so. */
export function isFixedByCheckFix(diagnostic: Diagnostic, checkFix: string): boolean {
  if (diagnostic.severity !== 'warning') return false;
  return diagnostic.rule === 'datasource-literal-of-env' ? diagnostic.message.includes(checkFix) : FIXED_BY_CHECK_FIX.has(diagnostic.rule);
}

/**
 * Whether `dashsync check --fix` repairs the error: the rules say so in the error's own words (`run \`dashsync check --fix\`
 * to add a stable one`, begun as the run's shell ran dashsync) exactly where it does, and otherwise say it leaves the file
 * (`check --fix does not fix it`), name it after a step of the user's own (`remove it and run \`dashsync check --fix\``, a
 * copy's `remove its "uid" and run dashsync check --fix`) or nothing: a rule alone does not tell (a uid-missing object with
 * no dashboard key is left as it is).
 */
export function isErrorCheckFixRepairs(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error' && CHECK_FIX_REPAIRS.test(diagnostic.message);
}

const CHECK_FIX_REPAIRS = /(?<!\band )run `(?:[^`]* )?dashsync check --fix` to /;

/**
 * One line per diagnostic. With `linesPerRule`, a warning rule past that many prints its first ones and, at the end, one
 * `… and N more` line naming its remedy (`checkFix`: check --fix as this run would run it, renderNextCommand). Errors are all printed: each stops plan and apply, and each needs its own fix at its
 * own line:col (an editor jumps to each), so hiding one would only cost another run to find it.
 */
export function renderDiagnostics(diagnostics: Diagnostic[], options: { linesPerRule?: number; checkFix?: string } = {}): string {
  const { shown, hidden } = limitPerGroup(diagnostics, (d) => (d.severity === 'warning' ? d.rule : null), options.linesPerRule);
  const checkFix = options.checkFix ?? 'dashsync check --fix';
  const rest = [...hidden].map(([rule, count]) => {
    const remedy = FIXED_BY_CHECK_FIX.get(rule);
    return escapeText(`… and ${count} more ${rule} warnings (--verbose lists every one)${remedy === undefined ? '' : `: ${checkFix} ${remedy}`}`);
  });
  return [...shown.map(renderDiagnostic), ...rest].map((line) => `${line}\n`).join('');
}
