import { planRestores } from '../../apply/plan-restores.js';
import { restoreDashboard } from '../../apply/restore-dashboards.js';
import type { RestoreFolder } from '../../apply/restore-from-trash.js';
import { restoreLibraryPanel } from '../../apply/restore-library-panel.js';
import { readGitInfo } from '../../config/read-git-info.js';
import { renderCommitMessage } from '../../config/render-commit-message.js';
import { AuthError, EXIT_ERROR, EXIT_OK, GrafanaHttpError, PlanFileError, UsageError } from '../../errors.js';
import { uidProblem } from '../../files/uid-rules.js';
import type { GrafanaPort } from '../../grafana/port.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { renderDashboardRestore, renderLibraryPanelRestore, type RestoreLine } from '../../report/render-restore-line.js';
import { hideIgnoredOptions, loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { RESTORE_OPTIONS } from '../options.js';

interface RestoreArgs extends CommonArgs {
  uids?: string[];
  backupDir?: string;
  folder?: string;
}

export const restoreCommand: DashsyncCommand<RestoreArgs> = {
  // Optional for yargs, so that none given gets our one usage line rather than its count of arguments.
  command: 'restore [uids..]',
  describe:
    'Bring back dashboards and library panels deleted by a prune (library panels first: the newest local backup; dashboards: Grafana\'s "Recently deleted" where it has one, else the newest local backup)',
  builder: (yargs) =>
    hideIgnoredOptions(
      withCommonOptions(yargs, { tree: false })
        .positional('uids', { type: 'string', array: true, describe: 'Uids of dashboards or library panels to restore (at least one)' })
        .options(RESTORE_OPTIONS),
      'restore',
    ) as never,
  async run(args, io) {
    if ((args.uids ?? []).length === 0) throw new UsageError('name at least one uid to restore: dashsync restore <uid…>');
    // A uid names a backup directory too: one that is not a uid could lead outside the backup directory.
    const notUid = args.uids!.map(String).find((uid) => uid === '' || uidProblem(uid) === 'uid-invalid');
    if (notUid !== undefined) throw new UsageError(`${JSON.stringify(notUid)} is not a Grafana uid (letters, digits, "-" and "_" only); nothing was restored`);
    const folder = args.folder === undefined ? undefined : String(args.folder);
    if (folder !== undefined && (folder === '' || uidProblem(folder) !== undefined)) {
      throw new UsageError(`--folder ${JSON.stringify(folder)} is not a folder uid (letters, digits, "-" and "_", at most 40; "general" = the General level); nothing was restored`);
    }
    const settings = await loadSettingsFromArgs(args, io, { backupDir: args.backupDir });
    const grafana = await createCliGrafana(settings, io);
    const git = await readGitInfo(settings.cwd, io.env);
    const message = renderCommitMessage(`${settings.message} (restore)`, git);
    let failed = false;
    const print = (line: RestoreLine) => {
      (line.error ? io.stderr : io.stdout).write(`${escapeText(line.text)}\n`);
      failed ||= line.error;
    };
    try {
      const into = folder === undefined ? undefined : await findRestoreFolder(grafana, folder);
      const targets = await planRestores(args.uids!.map(String), { grafana, backupDir: settings.backupDir });
      for (const target of targets) {
        const what = target.kind === 'library-panel' ? `library panel ${target.uid}` : target.uid;
        try {
          if (target.kind === 'unreadable') print({ text: `error: cannot restore ${target.uid}: ${target.message}`, error: true });
          else if (target.kind === 'library-panel') print(renderLibraryPanelRestore(await restoreLibraryPanel(target.found, { grafana, into }), settings.cwd));
          else print(renderDashboardRestore(await restoreDashboard(target.uid, { grafana, backupDir: settings.backupDir, message, into }), settings.cwd));
        } catch (error) {
          // One uid's failure (a refused save, an unreadable backup) does not stop the others; a 401 does.
          if (!(error instanceof GrafanaHttpError || error instanceof PlanFileError) || error instanceof AuthError) throw error;
          print({ text: `error: cannot restore ${what}: ${error.message}`, error: true });
        }
      }
    } finally {
      await grafana.close();
    }
    return failed ? EXIT_ERROR : EXIT_OK;
  },
};

/** --folder as a place to restore into: General, or a folder Grafana has (read before anything is written). */
async function findRestoreFolder(grafana: GrafanaPort, uid: string): Promise<RestoreFolder> {
  // Grafana's own uid for the General level (folder.GeneralFolderUID), as `pull --folder` takes it.
  if (uid === 'general') return null;
  const folder = await grafana.getFolder(uid);
  if (folder === null) {
    throw new UsageError(`folder ${uid} does not exist in ${grafana.url}: create it first, or give --folder an existing folder's uid ("general" = the General level); nothing was restored`);
  }
  return { uid: folder.uid, title: folder.title };
}
