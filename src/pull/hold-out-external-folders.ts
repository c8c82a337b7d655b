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
  /** A tree path (relative to the root) as the run's lines name it (relative to where it runs). */
  display: (rel: string) => string;
  selection: RunSelection | undefined;
}

/**
 * Pure: a new file, or a move, pull would write for a dashboard in a folder `externalFolders` lists (or below one): another
 * repository's or tool's, as the config says, and a directory of the tree may not hold such a folder (the next plan would stop
 * on it). A pull that does not name its uid (a refresh, `--all`, `--folder`) leaves it with a `skipped` line that says why and how the
 * tree takes the folder over; a pull naming its uid writes it, with a note (`namedInto`) that the next plan stops on it (rev-67c M1).
 */
export function holdOutExternalFolders(input: HoldOutExternalInput): { dashboards: DashboardTarget[]; skipped: SkippedTarget[]; namedInto: string[] } {
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  const namedInto: string[] = [];
  for (const target of input.dashboards) {
    const folderUid = input.folderOf(target.uid);
    const writes = target.existingFile === null || target.previousFile !== null;
    const external = writes && folderUid !== null && folderUid !== undefined && input.listed(folderUid);
    if (!external || input.taken(target.uid)) {
      if (external) namedInto.push(`${input.display(target.file)} goes into ${describeFolder(input, folderUid)}, which "externalFolders" in ${input.configFile} lists (or a folder above it) as another tree's: the next plan stops on its directory until this tree takes that folder over (remove it from "externalFolders") or the file is removed`);
      dashboards.push(target);
      continue;
    }
    const folder = describeFolder(input, folderUid);
    const what = target.previousFile === null ? 'not written' : `not moved (${input.display(target.previousFile)} is left as it is)`;
    skipped.push({
      uid: target.uid,
      title: target.title,
      file: target.file,
      why:
        `${what}: Grafana has it in ${folder}, which "externalFolders" in ${input.configFile} lists (or a folder above it) as another tree's, ` +
        `and a directory of this tree may not hold such a folder. If this tree takes that folder over, remove it from "externalFolders" and ${renderNextCommand(input.selection, ['pull', target.uid])} again`,
      externalFolder: true,
    });
  }
  return { dashboards, skipped, namedInto };
}

function describeFolder(input: Pick<HoldOutExternalInput, 'title'>, folderUid: string): string {
  return `folder ${quoteText(input.title(folderUid))} (${folderUid})`;
}
