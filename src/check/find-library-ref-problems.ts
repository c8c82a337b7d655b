import type { Diagnostic } from '../errors.js';
import { findLibraryPanelRefs } from '../files/find-library-panel-refs.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { pathspecWord, shellWord } from '../report/next-command.js';
import { locateJsonPath } from '../files/parse-json.js';
import type { DashboardDocument } from './inspect-dashboard-document.js';
import { findStaleLibraryRefNames, type LibraryPanelName } from '../files/find-stale-library-ref-names.js';

/** What check knows of the library panels references may name. */
export interface KnownLibraryPanels {
  /** Every uid a reference may name: the tree's panels (in the selection or not), listed external ones. */
  uids: ReadonlySet<string>;
  /** The tree's panels by uid, with the name their file gives them. */
  names: ReadonlyMap<string, LibraryPanelName>;
  /** The panels whose file the commit being checked removes (the pre-commit hook's staged diff), by uid. */
  removedByCommit?: ReadonlyMap<string, RemovedLibraryFile>;
}

/** A `_library/` file the commit removes, as shown (relative to the working directory, where git runs). */
export interface RemovedLibraryFile {
  file: string;
  /** Where a move takes it out of `_library/`; absent for a delete. */
  movedOutTo?: string;
}

/**
 * Pure: check's library panel rules for one dashboard file. A reference to a uid that is neither a
 * library panel file of the tree nor listed under `externalLibraryPanels` (`known`) is an error
 * at the reference: Grafana would render an error in its place. Offline, check cannot tell one Grafana holds
 * (plan accepts that) from one nobody has, so it asks for the file or the external listing either way. An export's `__elements` is a
 * warning: `check --fix` moves them into `_library/` files. A reference whose name is not its panel file's is a warning
 * (`library-panel-name-stale`) that `check --fix` mends. `configFile`: the config file in use, as shown.
 */
export function findLibraryRefProblems(document: DashboardDocument, file: string, known: KnownLibraryPanels, configFile: string): Diagnostic[] {
  const { text } = document;
  const model = document.parts.spec ?? {};
  const modelPath = document.parts.specPath;
  const diagnostics: Diagnostic[] = [];
  const embedded = isPlainObject(model.__elements) ? model.__elements : {};
  const reported = new Set<string>();
  for (const ref of findLibraryPanelRefs(model).refs) {
    if (known.uids.has(ref.uid) || reported.has(ref.uid)) continue;
    reported.add(ref.uid);
    const removed = known.removedByCommit?.get(ref.uid);
    const message =
      removed !== undefined
        ? describeRemovedUse(ref.uid, removed)
        : ref.uid in embedded
        ? `uses library panel "${ref.uid}" from this export's __elements, which is not a _library/ file yet: run \`dashsync check --fix\``
        : `uses library panel "${ref.uid}", which is not in the tree (a _library/ directory); check is offline, so it needs the file even where plan accepts a panel Grafana has: ` +
          `add its file (dashsync pull writes the ones Grafana has), ` +
          `or list it under "externalLibraryPanels" in ${configFile} when it is managed elsewhere`;
    diagnostics.push({ file, ...locateJsonPath(text, [...modelPath, ...ref.path]), severity: 'error', rule: 'library-panel-missing', message });
  }
  for (const found of findStaleLibraryRefNames(model, known.names)) {
    diagnostics.push({
      file,
      ...locateJsonPath(text, [...modelPath, ...found.path, 'name']),
      severity: 'warning',
      rule: 'library-panel-name-stale',
      message:
        `library panel "${found.uid}" is named "${found.current}" (${found.panelFile}), not "${found.stale}": Grafana shows the panel's own name and its editor ` +
        'writes it here on the next save of this dashboard; run `dashsync check --fix` to write it here now',
    });
  }
  if (Object.keys(embedded).length > 0) {
    diagnostics.push({
      file,
      ...locateJsonPath(text, [...modelPath, '__elements']),
      severity: 'warning',
      rule: 'library-elements-embedded',
      message: '__elements holds library panels of an "export for sharing" (never pushed): run `dashsync check --fix` to move them into _library/ files',
    });
  }
  return diagnostics;
}

/** A deliberate removal is no file to add: the way back is git's, or the dashboard drops the panel. */
function describeRemovedUse(uid: string, removed: RemovedLibraryFile): string {
  const undo = removed.movedOutTo === undefined
    ? `this commit removes: keep it (\`git restore --staged --worktree -- ${pathspecWord(removed.file)}\`)`
    : `this commit moves to ${removed.movedOutTo}, out of _library/: move it back (\`git mv -- ${shellWord(removed.movedOutTo)} ${shellWord(removed.file)}\`)`;
  return `uses library panel "${uid}", whose file ${removed.file} ${undo}, or remove its use from this dashboard`;
}
