import { quoteText } from '../report/escape-untrusted.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, SkippedTarget } from './types.js';

export interface HoldOutExternalInput {
  dashboards: readonly DashboardTarget[];
  /** The live folder of a dashboard (null: General; undefined: not listed). */
  folderOf: (uid: string) => string | null | undefined;
  /** Whether config `externalFolders` lists this folder or one above it. */
  listed: (folderUid: string) => boolean;
  /** A folder's title as Grafana names it (its uid where not known). */
  title: (folderUid: string) => string;
  /** Whether the run names this uid (`pull <uid>`): then it is written, with the note on another repository's dashboards. */
  taken: (uid: string) => boolean;
  /** The config file as messages name it. */
  configFile: string;
  selection: RunSelection | undefined;
}

/**
 * Pure: a new file, or a move, pull would write for a dashboard in a folder `externalFolders` lists (or below one): another
 * repository's or tool's, as the config says, and a directory of the tree may not hold such a folder (the next plan would stop
 * on it). A pull that does not name its uid (a refresh, `--all`, `--folder`) leaves it with a `skipped` line that says why and how to take it anyway; a pull
 * naming its uid writes it (noteOtherRepositoryPushes names the file then).
 */
export function holdOutExternalFolders(input: HoldOutExternalInput): { dashboards: DashboardTarget[]; skipped: SkippedTarget[] } {
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  for (const target of input.dashboards) {
    const folderUid = input.folderOf(target.uid);
    const writes = target.existingFile === null || target.previousFile !== null;
    if (!writes || folderUid === null || folderUid === undefined || !input.listed(folderUid) || input.taken(target.uid)) {
      dashboards.push(target);
      continue;
    }
    const folder = `folder ${quoteText(input.title(folderUid))} (${folderUid})`;
    const what = target.previousFile === null ? 'not written' : `not moved (${target.previousFile} is left as it is)`;
    skipped.push({
      uid: target.uid,
      title: target.title,
      file: target.file,
      why:
        `${what}: Grafana has it in ${folder}, which "externalFolders" in ${input.configFile} lists (or a folder above it) as another tree's, ` +
        `and a directory of this tree may not hold such a folder. If this tree takes that folder over, remove it from "externalFolders" and pull again; ` +
        `${renderNextCommand(input.selection, ['pull', target.uid])} writes this one anyway`,
      externalFolder: true,
    });
  }
  return { dashboards, skipped };
}
