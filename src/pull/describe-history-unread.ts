import { pathspecWord, renderNextCommand, shellWord, type RunSelection } from '../report/next-command.js';

/**
 * The note of a file pull wrote though the dashboard's history could not be read (`failure`) where it looked for dashsync's
 * push, as where none is found. A move (`from`: where the file was): whether its folder changed in Grafana or in git (a move
 * not applied yet) is not known; pull takes Grafana's, and the tree's is kept by moving the file back and applying; with
 * Grafana's content too (`contentTaken`), the file is taken back from git where it was. An
 * update: whether the committed file changed since that push is not known; pull takes Grafana's version, and git holds the
 * file's. Paths as shown to the user.
 */
export function describeHistoryUnread(write: { uid: string; file: string; from?: string; contentTaken?: boolean; failure: string; dryRun: boolean }, selection: RunSelection | undefined): string {
  const { uid, file, from, failure, dryRun } = write;
  const apply = renderNextCommand(selection, 'apply');
  const unread = `${uid}: its history could not be read (${failure}), so pull cannot tell`;
  const took = dryRun ? 'it would take' : 'it took';
  if (from !== undefined && write.contentTaken === true) {
    // git holds none of the file's recent commits as Grafana has it (else the file was kept): a change of Grafana's, over a
    // change of the file's too or not.
    const keepTree = dryRun ? `${apply} writes it over Grafana's and moves it back` : `rm ${shellWord(file)} && git checkout -- ${pathspecWord(from)}, then ${apply} writes it over Grafana's and moves it back`;
    return (
      `${unread} whether its folder was changed in Grafana or in git (a move not applied yet), nor whether the file changed in git since dashsync's last push (a change not applied yet); ` +
      `${took} Grafana's folder and version (${from} → ${file}). To keep the tree's file instead: ${keepTree}`
    );
  }
  if (from !== undefined) {
    const keepTree = dryRun ? `${apply} moves it back in Grafana` : `mv ${shellWord(file)} ${shellWord(from)}, then ${apply} moves it back in Grafana`;
    return `${unread} whether its folder was changed in Grafana or in git (a move not applied yet); ${took} Grafana's folder (${from} → ${file}). To keep the tree's folder instead: ${keepTree}`;
  }
  const keepFile = dryRun ? `${apply} writes it over Grafana's` : `git diff -- ${pathspecWord(file)} shows what it replaced; git checkout -- ${pathspecWord(file)} takes the file back`;
  return `${unread} whether the file changed in git since dashsync's last push (a change not applied yet); ${took} Grafana's version. To keep the file's instead: ${keepFile}`;
}
