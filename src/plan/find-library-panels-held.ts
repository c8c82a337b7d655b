import { posix } from 'node:path';
import type { Settings } from '../config/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { parseLibraryPanelText } from '../files/parse-library-panel-text.js';
import type { CommittedVersion } from '../git/read-committed-versions.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { folderAtCommit } from './folder-at-commit.js';

/** A library panel the plan updates or moves whose last change in Grafana was not made by these credentials. */
export interface LibraryPanelDriftCandidate {
  uid: string;
  /** Its file, relative to the working directory. */
  file: string;
  /** The file's folder (null = General). */
  folderUid: string | null;
  /** As the plan's listing read it: Grafana keeps no history of a library panel, the element itself is compared. */
  live: LiveLibraryPanel;
  /** Grafana's folder is that of a directory this run's selection leaves out: the file's directory decides (DriftCandidate.liveFolderLeftOut). */
  liveFolderLeftOut?: true;
}

/** Whether Grafana has the panel in another folder than its file's, one the file's directory does not decide (liveFolderLeftOut). */
export function isLibraryPanelMove(candidate: Pick<LibraryPanelDriftCandidate, 'folderUid' | 'live' | 'liveFolderLeftOut'>): boolean {
  return candidate.live.folderUid !== candidate.folderUid && candidate.liveFolderLeftOut !== true;
}

type Settled = Pick<Settings, 'inputs'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Pure: the library panel candidates whose live element (name and model, as the plan compares
 * them) equals a committed version of their file. A move (Grafana has it in another folder) is
 * held only by a version committed in the `_library` directory of a directory that stood for
 * Grafana's folder in that commit (folderAtCommit), unless that folder's directory is one this run leaves out (isLibraryPanelMove).
 */
export function findLibraryPanelsHeld(
  candidates: LibraryPanelDriftCandidate[],
  versionsOf: (file: string) => CommittedVersion[] | undefined,
  settings: Settled,
  folderOfDir: (dir: string) => string | null | undefined,
  /** The inputs each version is rendered under (committedInputsReader); this run's alone by default. */
  renderingsOf: (version: CommittedVersion) => Record<string, string>[] = () => [settings.inputs],
): Set<string> {
  const held = new Set<string>();
  for (const candidate of candidates) {
    const moved = isLibraryPanelMove(candidate);
    const live = normalizeLibraryPanel(candidate.live);
    const holds = (versionsOf(candidate.file) ?? []).some((version) => {
      if (moved && folderAtCommit(folderDirOf(version.path, true), version, folderOfDir) !== candidate.live.folderUid) return false;
      return renderingsOf(version).some((inputs) => committedHoldsPanel(version.text, candidate.file, { ...settings, inputs }, live));
    });
    if (holds) held.add(candidate.uid);
  }
  return held;
}

/** Pure: whether a committed text of a `_library/` file is the live panel (name and model, as the plan compares them; `live` normalized). */
export function committedHoldsPanel(text: string, file: string, settings: Settled, live: Pick<LiveLibraryPanel, 'name' | 'model'>): boolean {
  const content = parseCommittedPanel(text, file, settings);
  return content !== null && diffDashboards({ name: live.name, model: live.model }, { name: content.name, model: content.model }).length === 0;
}

/**
 * Pure: what a committed text of a `_library/` file holds as apply would push it (name and model, canonical, inputs
 * resolved), as one string: two spellings of one panel give the same. null for a text that is no usable panel.
 */
export function committedPanelContent(text: string, file: string, settings: Settled): string | null {
  const content = parseCommittedPanel(text, file, settings);
  return content === null ? null : canonicalJson({ name: content.name, model: content.model });
}

function parseCommittedPanel(text: string, file: string, settings: Settled): LibraryPanelContent | null {
  const parsed = parseLibraryPanelText(text, file, settings.inputs, { duplicateKeys: false, inputsHome: inputsHomeOf(settings) });
  return !parsed.content || parsed.diagnostics.some((d) => d.severity === 'error') ? null : parsed.content;
}

/**
 * Pure: the directory (relative to the tree, '' = the root) whose folder a file at `path` is in: its
 * own directory for a dashboard, the one holding its `_library/` for a library panel ('..' when the
 * panel's file sits in no `_library/`: no folder's).
 */
export function folderDirOf(path: string, libraryPanel: boolean): string {
  const dir = posix.dirname(path).replace(/^\.$/, '');
  if (!libraryPanel) return dir;
  if (dir === LIBRARY_DIR) return '';
  return dir.endsWith(`/${LIBRARY_DIR}`) ? dir.slice(0, -LIBRARY_DIR.length - 1) : '..';
}
