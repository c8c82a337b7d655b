import type { Diagnostic } from '../errors.js';
import { describePruneWayOut, type PruneRun } from './describe-look-alike.js';
import { isPlainObject } from './is-plain-object.js';
import { libraryPanelElement } from './library-panel-element.js';
import { locateJsonPath, parseJsonDocument } from './parse-json.js';
import { PEER_FORM_RULES, recognizePeerDashboard } from './recognize-peer-form.js';
import { NOT_A_DASHBOARD_RULE, recognizeNotADashboard } from './recognize-not-a-dashboard.js';
import { readUtf8FileSync } from './read-utf8-file.js';
import { splitDashboardDocument } from './split-dashboard-document.js';
import type { OutsideSelection } from './types.js';

export interface ReadUnselectedUidsOptions {
  /** How a file is shown to the user. */
  display: (absPath: string) => string;
  /** The lists that leave these files out, as messages name them (`environment "production"'s exclude in …`). */
  selection: string;
  /** Whose selection those lists are, as messages name it: `this run's selection` by default (bare check's: `the selection of environment prod`). */
  whose?: string;
  /** The uids read so far in this run (UidReads): each file is read once. */
  reads?: UidReads;
  /** Which run prunes, for the advice that ends its errors (plan's names check; check's, the runs it stands for). */
  run?: PruneRun;
  /** The check plan's errors advise, with the run's flags (`dashsync check --env prod`); `dashsync check` without it. */
  check?: string;
}

/**
 * Each tree file's uid, or why it names none, by absolute path: what readUid found, kept for the run (a plan over several
 * environments shares it between them), so a file outside one run's selection is read once for prune and for the
 * environments of its Grafana org alike. Holds strings and diagnostics only, never a model.
 */
export type UidReads = Map<string, string | Diagnostic>;

/**
 * Reads only the uid of each file a run's include/exclude leave out: such a file is not planned
 * (its inputs may not even be mapped for this environment), but the dashboard it holds is still
 * the tree's, so prune must not delete it. A file that cannot name its uid (unreadable, not
 * JSON, no uid) might be the only file of a live dashboard: it is an error, one line naming the
 * file, because a prune that went on could delete a dashboard another run still deploys.
 */
export function readUnselectedUids(
  files: { dashboardFiles: string[]; libraryFiles: string[] },
  options: ReadUnselectedUidsOptions,
): { outside: OutsideSelection; diagnostics: Diagnostic[] } {
  const outside: OutsideSelection = { dashboardUids: new Set(), dashboardFiles: new Map(), libraryPanelUids: new Set() };
  const diagnostics: Diagnostic[] = [];
  const readAll = (paths: string[], uidOf: (document: Record<string, unknown>) => unknown, into: Set<string>, files?: Map<string, string[]>) => {
    for (const absPath of paths) {
      const file = options.display(absPath);
      const found = readUidOnce(options.reads, absPath, file, uidOf);
      if (isNotADashboard(found)) continue;
      if (typeof found !== 'string') {
        diagnostics.push(describeNoUid(found, `${options.whose ?? "this run's selection"} (${options.selection})`, options.run ?? 'plan', options.check));
        continue;
      }
      into.add(found);
      files?.set(found, [...(files.get(found) ?? []), absPath]);
    }
  };
  readAll(files.dashboardFiles, dashboardUid, outside.dashboardUids, outside.dashboardFiles);
  readAll(files.libraryFiles, libraryPanelUid, outside.libraryPanelUids);
  return { outside, diagnostics };
}

/**
 * The uid of each `_library/` file a run's selection leaves out (uid → file as shown; the first
 * file wins). A file that names none is passed over: only prune needs every uid (readUnselectedUids).
 */
export function readUnselectedLibraryPanels(files: string[], display: (absPath: string) => string, reads?: UidReads): Map<string, string> {
  const found = new Map<string, string>();
  for (const absPath of [...files].sort()) {
    const file = display(absPath);
    const uid = readUidOnce(reads, absPath, file, libraryPanelUid);
    if (typeof uid === 'string' && !found.has(uid)) found.set(uid, file);
  }
  return found;
}

/** readUid through the run's reads (UidReads): a file read before is not read again. */
export function readUidOnce(reads: UidReads | undefined, absPath: string, file: string, uidOf: (document: Record<string, unknown>) => unknown, maxBytes?: number): string | Diagnostic {
  const known = reads?.get(absPath);
  if (known !== undefined) return known;
  const found = readUid(absPath, file, uidOf, maxBytes);
  reads?.set(absPath, found);
  return found;
}

/** The trimmed uid, or the problem that keeps the file from naming one (a file over `maxBytes`, given, is not read: `file-too-large`). */
export function readUid(absPath: string, file: string, uidOf: (document: Record<string, unknown>) => unknown, maxBytes?: number): string | Diagnostic {
  const read = readUtf8FileSync(absPath, file, maxBytes);
  if (read.text === undefined) return read.diagnostic;
  // Only the uid is read, near the top of the value: no key check, no depth scan (the tree pass does both for the files it plans).
  const parsed = parseJsonDocument(read.text, file, { duplicateKeys: false, topLevelOnly: true });
  // Another tool's file (package.json) holds no dashboard, so it claims none: isNotADashboard tells the callers to pass it over.
  const notADashboard = uidOf === dashboardUid ? recognizeNotADashboard(file, parsed.diagnostics.length > 0 ? undefined : parsed.value, read.text) : null;
  if (notADashboard !== null) return { file, line: 1, col: 1, severity: 'warning', rule: NOT_A_DASHBOARD_RULE, message: notADashboard.why };
  if (parsed.diagnostics.length > 0) return parsed.diagnostics[0]!;
  // Terraform's or the operator's form: its uid is not where a dashboard file's is (a GrafanaDashboard's metadata.name is none).
  const peer = uidOf === dashboardUid && isPlainObject(parsed.value) ? recognizePeerDashboard(parsed.value) : undefined;
  if (peer !== undefined) return { file, ...(locateJsonPath(read.text, peer.path) ?? { line: 1, col: 1 }), severity: 'error', rule: peer.rule, message: peer.message };
  const uid = isPlainObject(parsed.value) ? uidOf(parsed.value) : undefined;
  if (typeof uid === 'string' && uid.trim() !== '') return uid.trim();
  return { file, line: 1, col: 1, severity: 'error', rule: 'uid-missing', message: isPlainObject(parsed.value) ? 'it has no "uid"' : 'it holds no JSON object' };
}

/** readUid's answer for a file that holds no dashboard (recognizeNotADashboard): it claims no uid, and no uid is missing. */
export function isNotADashboard(found: string | Diagnostic): boolean {
  return typeof found !== 'string' && found.rule === NOT_A_DASHBOARD_RULE;
}

/** Where a dashboard file's uid is (a resource's metadata.name, else the model's uid), for readUid. */
export function dashboardUid(document: Record<string, unknown>): unknown {
  return splitDashboardDocument(document).uid;
}

/** Where a `_library/` file's uid is, for readUid. */
export function libraryPanelUid(document: Record<string, unknown>): unknown {
  return libraryPanelElement(document).element.uid;
}

function describeNoUid(problem: Diagnostic, outside: string, run: PruneRun, check = 'dashsync check'): Diagnostic {
  const fix = PEER_FORM_RULES.has(problem.rule) ? 'take its dashboard over first' : run === 'plan' ? `fix it (${check})` : 'fix it';
  return {
    ...problem,
    rule: 'prune-needs-uid',
    message: `outside ${outside}, yet prune needs the uid of every file of the tree, and ${describeMissingUid(problem)}; ${describePruneWayOut(fix, run)}`,
  };
}

/** Why a file names no uid prune can keep: its own problem, or (recognizePeerDashboard) the other tool's form its dashboard is in. */
export function describeMissingUid(problem: Diagnostic): string {
  return `this one ${PEER_FORM_RULES.has(problem.rule) ? "holds its dashboard in another tool's form" : 'names none'} (${problem.message})`;
}
