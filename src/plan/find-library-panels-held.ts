import { posix } from 'node:path';
import type { Settings } from '../config/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { parseLibraryPanelText } from '../files/parse-library-panel-text.js';
import type { CommittedVersion } from '../git/read-committed-versions.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { normalizeLibraryPanel } from '../normalize/normalize-library-panel.js';

/** A library panel the plan updates or moves whose last change in Grafana was not made by these credentials. */
export interface LibraryPanelDriftCandidate {
  uid: string;
  /** Its file, relative to the working directory. */
  file: string;
  /** The file's folder (null = General). */
  folderUid: string | null;
  /** As the plan's listing read it: Grafana keeps no history of a library panel, the element itself is compared. */
  live: LiveLibraryPanel;
}

type Settled = Pick<Settings, 'inputs'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Pure: the library panel candidates whose live element (name and model, as the plan compares
 * them) equals a committed version of their file. A move (Grafana has it in another folder) is
 * held only by a version committed in the `_library` directory of Grafana's folder in today's tree.
 */
export function findLibraryPanelsHeld(
  candidates: LibraryPanelDriftCandidate[],
  versionsOf: (file: string) => CommittedVersion[] | undefined,
  settings: Settled,
  folderOfDir: (dir: string) => string | null | undefined,
): Set<string> {
  const held = new Set<string>();
  for (const candidate of candidates) {
    const moved = candidate.live.folderUid !== candidate.folderUid;
    const live = normalizeLibraryPanel(candidate.live);
    const holds = (versionsOf(candidate.file) ?? []).some((version) => {
      if (moved && folderOfLibraryDir(posix.dirname(version.path), folderOfDir) !== candidate.live.folderUid) return false;
      const parsed = parseLibraryPanelText(version.text, candidate.file, settings.inputs, { duplicateKeys: false, inputsHome: inputsHomeOf(settings) });
      if (!parsed.content || parsed.diagnostics.some((d) => d.severity === 'error')) return false;
      return diffDashboards({ name: live.name, model: live.model }, { name: parsed.content.name, model: parsed.content.model }).length === 0;
    });
    if (holds) held.add(candidate.uid);
  }
  return held;
}

/** The folder a library panel file in `dir` lived in: that of the directory holding its `_library` (undefined when `dir` is none). */
function folderOfLibraryDir(dir: string, folderOfDir: (dir: string) => string | null | undefined): string | null | undefined {
  if (dir === LIBRARY_DIR) return folderOfDir('');
  if (!dir.endsWith(`/${LIBRARY_DIR}`)) return undefined;
  return folderOfDir(dir.slice(0, -LIBRARY_DIR.length - 1));
}
