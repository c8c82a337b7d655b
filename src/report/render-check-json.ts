import type { Diagnostic } from '../errors.js';
import type { CheckedFiles, CheckSummary } from '../check/summarize-check.js';
import { DASHSYNC_VERSION } from '../version.js';
import { escapeJsonOutput } from './escape-untrusted.js';

/** The public JSON of a check (`dashsync check --format json`), documented in docs/check-json.md and versioned on its own. */
const CHECK_JSON_FORMAT_VERSION = 1;

export interface CheckJsonInput {
  diagnostics: readonly Diagnostic[];
  checked: CheckedFiles;
  /** The files reported on, as shown to the user. */
  files: readonly string[];
  summary: CheckSummary;
  /** `--env`, or null. */
  environment: string | null;
  /** The config's environments each judged apart (no `--env` given), else []. */
  environments: readonly string[];
  /** What `--fix` rewrote and left; null without `--fix`. */
  fix: { changed: readonly { file: string; changes: readonly string[] }[]; left: readonly { file: string; why: string }[] } | null;
  exitCode: number;
}

interface DiagnosticJson {
  rule: string;
  severity: 'error' | 'warning';
  file: string;
  line: number | null;
  col: number | null;
  message: string;
  uid: string | null;
  environments: string[] | null;
}

interface CheckJson {
  formatVersion: typeof CHECK_JSON_FORMAT_VERSION;
  output: 'dashsync check --format json';
  tool: { name: string; version: string };
  environment: string | null;
  environments: string[];
  files: CheckedFiles & { read: string[] };
  fix: { rewritten: { file: string; changes: string[] }[]; notRewritten: { file: string; why: string }[] } | null;
  diagnostics: DiagnosticJson[];
  summary: { errors: number; warnings: number; fixed: number };
  exitCode: number;
}

function toCheckJson(input: CheckJsonInput): CheckJson {
  return {
    formatVersion: CHECK_JSON_FORMAT_VERSION,
    output: 'dashsync check --format json',
    tool: { name: 'dashsync', version: DASHSYNC_VERSION },
    environment: input.environment,
    environments: [...input.environments],
    files: { ...input.checked, read: [...input.files] },
    fix: input.fix && {
      rewritten: input.fix.changed.map((change) => ({ file: change.file, changes: [...change.changes] })),
      notRewritten: input.fix.left.map((left) => ({ file: left.file, why: left.why })),
    },
    diagnostics: input.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      file: d.file,
      line: d.line ?? null,
      col: d.line === undefined ? null : (d.col ?? 1),
      message: d.message,
      uid: d.uid ?? null,
      environments: d.environments ?? null,
      ...(d.files === undefined ? {} : { files: [...d.files] }),
    })),
    summary: { errors: input.summary.errors, warnings: input.summary.warnings, fixed: input.fix?.changed.length ?? 0 },
    exitCode: input.exitCode,
  };
}

/** One document, JSON's own escapes for every outside character (escapeJsonOutput: nothing a terminal or CI log acts on). */
export function renderCheckJson(input: CheckJsonInput): string {
  return `${escapeJsonOutput(JSON.stringify(toCheckJson(input), null, 2))}\n`;
}
