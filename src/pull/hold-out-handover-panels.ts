import type { LibraryPanelEntry } from '../files/types.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { readHandoverName } from '../plan/handover-name.js';
import { joinAnd } from '../report/join-and.js';
import type { LiveLibraryUse } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { advisesReviewedPlan, renderNextCommand, type RunSelection } from '../report/next-command.js';

export interface HoldOutHandoverInput {
  panels: LiveLibraryPanel[];
  uses: readonly LiveLibraryUse[];
  pulledUids: ReadonlySet<string>;
  treePanels: readonly LibraryPanelEntry[];
  /** A tree file's path as shown to the user. */
  fileOf: (entry: LibraryPanelEntry) => string;
  /** The run's flags, which the commands that finish the handover repeat. */
  runSelection?: RunSelection;
}

/**
 * Pure: the panels an apply renamed to hand their name over and that are still in Grafana (the handover stopped:
 * a dashboard that holds the panel was not saved). The temporary name belongs in no file — the tree's commit gave
 * the name to the new panel, and the next apply deletes this one — so they are not written, with one note each.
 */
export function holdOutHandoverPanels(input: HoldOutHandoverInput): { written: LiveLibraryPanel[]; notes: string[] } {
  const usersOf = new Map(input.uses.map(({ panel, users }) => [panel.uid, users]));
  const written: LiveLibraryPanel[] = [];
  const notes: string[] = [];
  for (const panel of input.panels) {
    const handover = readHandoverName(panel);
    if (handover === null) {
      written.push(panel);
      continue;
    }
    const users = (usersOf.get(panel.uid) ?? []).filter((uid) => input.pulledUids.has(uid)).sort();
    const files = input.treePanels.filter((entry) => entry.uid === panel.uid);
    notes.push(describeHandoverPanel(panel, handover.to, users, files.map((entry) => ({ file: input.fileOf(entry), handoverName: readHandoverName(entry) !== null })), input.runSelection));
  }
  return { written, notes };
}

function describeHandoverPanel(panel: LiveLibraryPanel, taker: string, users: string[], files: { file: string; handoverName: boolean }[], selection: RunSelection | undefined): string {
  const what =
    `library panel ${panel.uid} is named ${quoteText(panel.name)}: an apply renamed it so that library panel ${taker} takes its name, and stopped before it could delete it ` +
    `(a dashboard that uses it was not saved): not written, as that name belongs in no file`;
  const written = files.filter((entry) => entry.handoverName).map((entry) => entry.file);
  const left = files.filter((entry) => !entry.handoverName).map((entry) => entry.file);
  const fileParts = [
    ...(written.length > 0 ? [`delete ${joinAnd(written)}, which a pull wrote during the handover`] : []),
    ...(left.length > 0 ? [`${joinAnd(left)} ${left.length === 1 ? 'is' : 'are'} left as ${left.length === 1 ? 'it is' : 'they are'}`] : []),
  ];
  const userPart =
    users.length > 0
      ? `; ${joinAnd(users)} ${users.length === 1 ? 'uses' : 'use'} it in Grafana: a dashboard file this pull writes refers to ${panel.uid} as Grafana does, so point it at ${taker} before you commit (check reports library-panel-missing until then)`
      : '';
  // Pruning `all`, the apply is already a plan to review, then its apply (advisesReviewedPlan).
  const finish = advisesReviewedPlan(selection) ? renderNextCommand(selection, 'apply') : `${renderNextCommand(selection, 'plan')}, then ${renderNextCommand(selection, 'apply')}`;
  return `${what}${fileParts.length > 0 ? `; ${fileParts.join('; ')}` : ''}${userPart}. Run ${finish}, to finish the handover (it saves the dashboards and deletes ${panel.uid})`;
}
