import { isAbsolute, relative } from 'node:path';
import { restoreDashboard, type RestoreOutcome } from '../../apply/restore-dashboards.js';
import { readGitInfo } from '../../config/read-git-info.js';
import { renderCommitMessage } from '../../config/render-commit-message.js';
import { AuthError, EXIT_ERROR, EXIT_OK, GrafanaHttpError, PlanFileError } from '../../errors.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { hideIgnoredOptions, loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { RESTORE_OPTIONS } from '../options.js';

interface RestoreArgs extends CommonArgs {
  uids: string[];
  backupDir?: string;
}

export const restoreCommand: DashsyncCommand<RestoreArgs> = {
  command: 'restore <uids..>',
  describe: 'Bring back dashboards deleted by a prune (Grafana\'s "Recently deleted" where it has one, else the newest local backup)',
  builder: (yargs) =>
    hideIgnoredOptions(
      withCommonOptions(yargs, { tree: false })
        .positional('uids', { type: 'string', array: true, describe: 'Dashboard uids to restore' })
        .options(RESTORE_OPTIONS),
      'restore',
    ) as never,
  async run(args, io) {
    const settings = await loadSettingsFromArgs(args, io, { backupDir: args.backupDir });
    const grafana = await createCliGrafana(settings, io);
    const git = await readGitInfo(settings.cwd, io.env);
    const message = renderCommitMessage(`${settings.message} (restore)`, git);
    let failed = false;
    try {
      for (const uid of args.uids.map(String)) {
        try {
          const outcome = await restoreDashboard(uid, { grafana, backupDir: settings.backupDir, message });
          const line = renderOutcome(outcome, settings.cwd);
          (line.error ? io.stderr : io.stdout).write(`${escapeText(line.text)}\n`);
          failed ||= line.error;
        } catch (error) {
          // One uid's failure (a refused save, an unreadable backup) does not stop the others; a 401 does.
          if (!(error instanceof GrafanaHttpError || error instanceof PlanFileError) || error instanceof AuthError) throw error;
          io.stderr.write(`${escapeText(`error: cannot restore ${uid}: ${error.message}`)}\n`);
          failed = true;
        }
      }
    } finally {
      await grafana.close();
    }
    return failed ? EXIT_ERROR : EXIT_OK;
  },
};

function renderOutcome(outcome: RestoreOutcome, cwd: string): { text: string; error: boolean } {
  switch (outcome.kind) {
    case 'restored-from-trash':
      return { text: `restored ${outcome.uid} from Grafana's "Recently deleted"`, error: false };
    case 'restored-from-backup': {
      const where = outcome.folderUid ? `folder ${outcome.folderUid}` : 'the General level';
      const note = outcome.folderMissing ? ` (its folder ${outcome.folderMissing} no longer exists)` : '';
      const backup = relative(cwd, outcome.backup);
      const shown = backup.startsWith('..') || isAbsolute(backup) ? outcome.backup : backup.split('\\').join('/');
      return { text: `restored ${outcome.uid} from ${shown} into ${where}${note}, now version ${outcome.version}`, error: false };
    }
    case 'exists':
      return { text: `error: ${outcome.uid} exists in Grafana (version ${outcome.version}); nothing to restore`, error: true };
    case 'not-found':
      return { text: `error: ${outcome.message}`, error: true };
  }
}
