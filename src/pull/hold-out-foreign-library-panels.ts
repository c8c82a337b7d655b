import type { LiveFolder as Folder, LiveLibraryPanel } from '../grafana/port.js';
import { liveFolderChain } from './live-folder-chain.js';
import type { LiveLibraryUse } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

export interface ForeignLibraryPanel {
  panel: LiveLibraryPanel;
  /** The pulled dashboards that use it. */
  users: string[];
}

export interface HoldOutForeignInput {
  panels: LiveLibraryPanel[];
  uses: readonly LiveLibraryUse[];
  pulledUids: ReadonlySet<string>;
  /** Whether this pull writes, or the tree already holds, the directory of a folder (never called for the General level). */
  claims: (folderUid: string) => boolean;
  /** Panels the tree holds a file of, or that `pull <uid…>` names: written wherever they live. */
  kept: ReadonlySet<string>;
}

/**
 * Pure: the library panels new to the tree that live in a folder outside what this pull writes
 * (another team's folder, where only a library panel the pulled dashboards use sits). Their
 * `_library/` files would give that folder a directory, and every directory's folder is the
 * tree's: `prune folders` would then delete the other dashboards there, and a plain pull write
 * them all. Such panels are held out; the dashboards keep referring to them by uid.
 */
export function holdOutForeignLibraryPanels(input: HoldOutForeignInput): { written: LiveLibraryPanel[]; foreign: ForeignLibraryPanel[] } {
  const usersOf = new Map(input.uses.map(({ panel, users }) => [panel.uid, users]));
  const written: LiveLibraryPanel[] = [];
  const foreign: ForeignLibraryPanel[] = [];
  for (const panel of input.panels) {
    if (panel.folderUid === null || input.kept.has(panel.uid) || input.claims(panel.folderUid)) written.push(panel);
    else foreign.push({ panel, users: (usersOf.get(panel.uid) ?? []).filter((uid) => input.pulledUids.has(uid)).sort() });
  }
  return { written, foreign };
}

/**
 * Pure: the one note naming the held-out panels and the config line that makes `check` accept the
 * references (`external`: uids the config lists already, which need no word); null when none is left.
 */
export function describeForeignLibraryPanels(foreign: readonly ForeignLibraryPanel[], folders: ReadonlyMap<string, Folder>, external: ReadonlySet<string>, configFile: string): string | null {
  const unlisted = foreign.filter(({ panel }) => !external.has(panel.uid));
  if (unlisted.length === 0) return null;
  const one = unlisted.length === 1;
  const each = unlisted.map(({ panel, users }) => `${panel.uid} ${quoteText(panel.name)} in folder ${quoteText(titlePath(panel.folderUid!, folders))} (${panel.folderUid}), used by ${users.join(', ')}`);
  const uids = unlisted.map(({ panel }) => JSON.stringify(panel.uid)).join(', ');
  return (
    `${one ? 'library panel' : `${unlisted.length} library panels`} ${each.join('; ')}: not written, as ${one ? 'it lives' : 'they live'} in a folder outside the pulled ones ` +
    `and ${one ? 'its _library/ file' : 'their _library/ files'} would make that folder part of this tree (prune folders would then delete the dashboards there that no file holds). ` +
    `check and plan fail on the reference${one ? '' : 's'} (library-panel-missing) until "externalLibraryPanels": [${uids}] in ${configFile} lists ${one ? 'it' : 'them'}: ` +
    `add that line (Grafana keeps ${one ? 'it' : 'them'} where ${one ? 'it is' : 'they are'}), or pull --folder <uid> to take that folder too`
  );
}

/** The folder's titles from the top level down, joined with " / ". */
function titlePath(folderUid: string, folders: ReadonlyMap<string, Folder>): string {
  return liveFolderChain(folderUid, folders)
    .folders.map((folder) => folder.title)
    .join(' / ');
}
