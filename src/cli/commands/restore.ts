import { restoreDashboard } from '../../apply/restore-dashboards.js';
import { readGitInfo } from '../../config/read-git-info.js';
import { renderCommitMessage } from '../../config/render-commit-message.js';
import { EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createClientFromSettings } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';

interface RestoreArgs extends CommonArgs {
  uids: string[];
  backupDir?: string;
}

export const restoreCommand: DashsyncCommand<RestoreArgs> = {
  command: 'restore <uids..>',
  describe: 'Bring back dashboards deleted by a prune (Grafana trash, or the newest local backup)',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .positional('uids', { type: 'string', array: true, describe: 'Dashboard uids to restore' })
      .option('backup-dir', { type: 'string', describe: 'Where prune wrote backups (default .dashsync/backups)' }) as never,
  async run(args) {
    const settings = await loadSettingsFromArgs(args, { backupDir: args.backupDir });
    const client = createClientFromSettings(settings);
    const git = await readGitInfo(settings.cwd, process.env);
    const message = renderCommitMessage(`${settings.message} (restore)`, git);
    let failed = false;
    try {
      for (const uid of args.uids) {
        const outcome = await restoreDashboard(String(uid), { client, backupDir: settings.backupDir, message });
        if (outcome.kind === 'restored-from-trash') process.stdout.write(`restored ${uid} from Grafana's Recently deleted\n`);
        else if (outcome.kind === 'restored-from-backup') {
          process.stdout.write(`restored ${uid} from ${outcome.backup} (now version ${outcome.version}${outcome.folderUid ? `, folder ${outcome.folderUid}` : ', General level'})\n`);
        } else if (outcome.kind === 'exists') {
          process.stderr.write(`error: ${uid} exists in Grafana (version ${outcome.version}); nothing to restore\n`);
          failed = true;
        } else {
          process.stderr.write(`error: ${outcome.message}\n`);
          failed = true;
        }
      }
    } finally {
      await client.close();
    }
    return failed ? EXIT_ERROR : EXIT_OK;
  },
};
