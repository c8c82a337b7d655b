import { access, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { backedUpKey, listBackedUpUids, noBackupRead, noneFromSource, type BackedUpSelection, type BackedUpUid } from '../../apply/list-backed-up-uids.js';
import { environmentBackupDirIn, otherEnvironmentBackupDirs, subdirectoriesOf } from '../../apply/find-other-environment-backups.js';
import { LIBRARY_PANELS } from '../../apply/write-library-panel-backup.js';
import { planRestores } from '../../apply/plan-restores.js';
import { readNamedBackup, type NamedBackup } from '../../apply/read-named-backup.js';
import { describeFolderUids } from '../../apply/describe-folder-uids.js';
import type { RestoreFolder } from '../../apply/restore-from-trash.js';
import { runRestores, type RestoreEvent, type RestoreWork } from '../../apply/run-restores.js';
import { WritesInFlight } from '../../apply/writes-in-flight.js';
import { abortOnInterrupt } from '../../abort-on-signals.js';
import { readGitInfo } from '../../config/read-git-info.js';
import type { Settings } from '../../config/types.js';
import { renderCommitMessage } from '../../config/render-commit-message.js';
import { defaultBackupDir } from '../../config/resolve-settings.js';
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, InterruptedError, markNothingApplied, RequestInterruptedError, UsageError } from '../../errors.js';
import { readTreeUidsOf, type TreeUids } from '../../files/read-tree-uids.js';
import { toSlashes } from '../../files/tree-paths.js';
import { findRemovedTreeFiles } from '../../git/find-removed-dashboard-files.js';
import { findRemovedFolderFiles } from '../../git/find-removed-folder-files.js';
import { findUnprunedRestores } from '../../plan/find-unpruned-restores.js';
import { findPrunedByOthers } from '../../plan/find-pruned-by-others.js';
import { orgEnvironmentsOf } from '../../plan/read-pruned-by-others.js';
import { findUnpullableRestores } from '../../pull/find-unpullable-restores.js';
import { createLibraryPullRecord, libraryPullsOutsideGit } from '../../pull/library-pull-record.js';
import { runGit } from '../../git/run-git.js';
import { restoreSourceOf } from '../../apply/restore-source.js';
import { uidProblem } from '../../files/uid-rules.js';
import type { GrafanaPort } from '../../grafana/port.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { shorten } from '../../report/shorten-path.js';
import { describeDirectoryUnread } from '../../files/describe-directory-unread.js';
import type { RestoreLine } from '../../report/render-restore-line.js';
import { describeRestoreEvent } from '../../report/describe-restore-event.js';
import { markGoneFolders } from '../../apply/mark-gone-folders.js';
import { treeFolderLookup } from '../../files/find-tree-folder.js';
import { pastedUrlOf, renderNextCommand, runSelectionOf, type PastedWord, type RunSelection } from '../../report/next-command.js';
import { renderErrorLine, renderQuitLine, renderRetryLine } from '../../report/json-lines.js';
import { RetryCount } from '../../report/retry-count.js';
import { renderNoFileLine, renderRestoreEventLine, renderRestoreResultLine, renderRestoreSelectionLine, renderRestoreStartLine, renderRestoreWarningLine, renderWouldRestoreLine } from '../../report/render-restore-json.js';
import { describeUnnotedSaves } from '../../apply/describe-unnoted-saves.js';
import { describeBackupSource, sourceOrigin } from '../../apply/read-newest-backup-file.js';
import { describeError } from '../../describe-error.js';
import { groupByRemoval, renderRemovalGroup, renderUncommittedGroup, renderUnheld, type UnheldUid } from '../../report/render-no-file-lines.js';
import { describeTreeRecreates } from '../../apply/describe-tree-recreates.js';
import { findTreeDashboardsInTrash } from '../../files/find-tree-dashboards-in-trash.js';
import { renderTreeDashboardsInTrash, renderBulkSelection, countUidPreviews, renderDryRunEnd, renderUidPreview, refusesUid, refusedOverUnreadTrash, failedTrashList, type OtherEnvironmentUids } from '../../report/render-bulk-restore.js';
import { heldInTrash, markHiddenTrash, previewRestores, previewSource, readTrashForPreview, trashNotReadBy, type TrashForPreview, type UidPreview } from '../../apply/preview-restore-source.js';
import { countRestoreEvent, newRestoreTally, renderRestoreCount } from '../../report/render-restore-count.js';
import { renderRestoreQuit, renderRestoreStop, renderRestoreSummary, type RestoreRerun } from '../../report/render-restore-stop.js';
import { hideIgnoredOptions, loadSettingsFromArgs, withCommonOptions, withUidsAfterDashes, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { RESTORE_OPTIONS, RESTORE_UIDS } from '../options.js';
import { groupBy } from '../../group-by.js';

interface RestoreArgs extends CommonArgs {
  uids?: string[];
  /** The command's name, then the words after `--` (`dashsync restore -- -abc`): uids too. */
  _?: (string | number)[];
  all?: boolean;
  deletedSince?: string;
  dryRun?: boolean;
  backupDir?: string;
  backupSource?: string;
  folder?: string;
  fromBackup?: string;
  overRecentlyDeleted?: boolean;
  interruptGrace?: number;
  format?: 'text' | 'json';
}

const DESCRIBE =
  'Bring back dashboards and library panels deleted by a prune (library panels first: the newest local backup; dashboards: Grafana\'s "Recently deleted" where it has one, else the newest local backup)';

export const restoreCommand: DashsyncCommand<RestoreArgs> = {
  // Optional for yargs, so that none given gets our one usage line rather than its count of arguments.
  command: 'restore [uids..]',
  listedAs: 'restore <uids..>',
  describe: DESCRIBE,
  builder: (yargs) =>
    hideIgnoredOptions(
      withCommonOptions(yargs, { tree: false })
        // The uids are required all the same (checked in run): the usage line says so.
        .usage(`dashsync restore <uids..>\ndashsync restore --all [--deleted-since TIME] [--dry-run]\n\n${DESCRIBE}`)
        .positional('uids', RESTORE_UIDS)
        .options(RESTORE_OPTIONS),
      'restore',
    ) as never,
  async run(given, io) {
    const args = withUidsAfterDashes(given);
    // Before the settings are read: the shell's way to run dashsync, and no flag (a usage example).
    const usage = (words: string) => renderNextCommand({ invocation: io.invocation }, words);
    const bulk = checkBulkArgs(args, usage);
    const dryRun = args.dryRun === true;
    const uids = (args.uids ?? []).map(String);
    // A uid names a backup directory too: one that is not a uid could lead outside the backup directory.
    const notUid = uids.find((uid) => uid === '' || uidProblem(uid) === 'uid-invalid');
    if (notUid !== undefined) throw new UsageError(`${JSON.stringify(notUid)} is not a Grafana uid (letters, digits, "-" and "_" only); nothing was restored`);
    const folder = args.folder === undefined ? undefined : String(args.folder);
    if (folder !== undefined && (folder === '' || uidProblem(folder) !== undefined)) {
      throw new UsageError(`--folder ${JSON.stringify(folder)} is not a folder uid (letters, digits, "-" and "_", at most 40; "general" = the General level); nothing was restored`);
    }
    const fromBackup = args.fromBackup === undefined ? undefined : String(args.fromBackup);
    if (fromBackup !== undefined && (bulk !== null || new Set(uids).size !== 1 || args.backupSource !== undefined)) {
      throw new UsageError(`--from-backup names the backup of one uid: ${usage('restore <uid> --from-backup FILE')} (for many, --backup-source URL takes the backups of another URL); nothing was restored`);
    }
    const backupSource = args.backupSource === undefined ? undefined : checkBackupSource(String(args.backupSource));
    const loaded = await loadSettingsFromArgs(args, io, { writesToGrafana: true, backupDir: args.backupDir, interruptGrace: args.interruptGrace });
    const configDirMissing = await checkBackupDirNamed(loaded, args.backupDir !== undefined, fromBackup !== undefined);
    // --backup-dir DIR with --env: DIR/<env> when DIR is laid out as the default directory (an uploaded .dashsync/backups/).
    const settings = args.backupDir === undefined ? loaded : { ...loaded, backupDir: await environmentBackupDirIn(loaded.backupDir, loaded.environment) };
    const envLayout = args.backupDir === undefined || settings.backupDir !== loaded.backupDir;
    // Repeated in every command restore prints as advice (--env, and --org-id / --url where flags gave them).
    const runSelection = runSelectionOf(settings);
    // After --all, the command that finishes an interrupted run is the same --all (it takes what Grafana still lacks), with its
    // --over-recently-deleted: without it, the uids this run was told to put back over a trash copy are refused.
    // After uids named one by one, the same uids with this run's --folder, --backup-source, --from-backup FILE and
    // --over-recently-deleted: pasted, the command restores what this run was told to, not the newest backup or the trash copy.
    // The URL as advice gives it: a secret of the run in its path (the Action's URL under a secret path) as the variable it came
    // from (`"https://gw/${GRAFANA_TOKEN}"`, as a --url is advised), else redacted, as every URL is shown; never the secret.
    const shownBackupSource = backupSource === undefined ? undefined : pastedUrlOf(backupSource, settings.auth);
    const overRecentlyDeleted = args.overRecentlyDeleted === true;
    const rerun: RestoreRerun =
      bulk === null
        ? { after: [...rerunFlags(folder, shownBackupSource), ...(fromBackup === undefined ? [] : ['--from-backup', fromBackup]), ...(overRecentlyDeleted ? ['--over-recently-deleted'] : [])] }
        : { all: ['--all', ...(bulk.sinceText === null ? [] : ['--deleted-since', bulk.sinceText]), ...rerunFlags(folder, shownBackupSource), ...(overRecentlyDeleted ? ['--over-recently-deleted'] : [])] };
    // Read before anything is sent: a file that is not a backup of that uid stops the run.
    const named = fromBackup === undefined ? {} : { named: withOverTrash(await readNamedBackup(fromBackup, uids[0]!, settings.cwd), overRecentlyDeleted) };
    const json = args.format === 'json';
    // Ctrl-C stops starting new restores and reaches the requests in flight; a second one quits at once, naming the restore
    // whose writes Grafana has not answered.
    const inFlight = new WritesInFlight<RestoreWork>();
    const ended = new Map<string, { kind: RestoreWork['kind']; outcome: string; count: number }>();
    // Every uid asked for that neither ended nor has a write out: only reads of it went out, or nothing.
    const earlyEnd = () => {
      const unknown = inFlight.sent();
      const settled = new Set([...inFlight.ended(), ...unknown].map((work) => work.uid));
      const notStarted = [...new Set(uids)].filter((uid) => !settled.has(uid));
      return { unknown, notStarted, early: { ended: [...ended.values()], inFlight: unknown.map(({ kind, uid }) => ({ kind, uid, title: null, label: 'restore' })), notStarted: notStarted.length } };
    };
    const interrupt = abortOnInterrupt(io.stderr, settings.interruptGraceMs, undefined, () => {
      const { unknown, notStarted, early } = earlyEnd();
      if (json) io.stdout.write(renderQuitLine(early, EXIT_INTERRUPTED, { notStartedUids: notStarted }));
      const line = renderRestoreQuit(unknown, notStarted, runSelection, rerun);
      return line && escapeText(line);
    });
    // Counted as apply counts them: JSON has a line per retry and the result's `retried`; text a note on stderr at the end.
    const retries = new RetryCount();
    let jsonStarted = false;
    const grafana = await createCliGrafana(settings, io, {
      signal: interrupt.signal,
      onRetry: (event) => {
        retries.record(event);
        if (json && jsonStarted) io.stdout.write(renderRetryLine(event));
      },
    }).catch((error: unknown) => {
      interrupt.dispose();
      throw error;
    });
    // Its readers and each take-back share one listing of "Recently deleted", kept as the run's own writes change it.
    grafana.keepRecentlyDeleted();
    let failed = false;
    // Once the restores start, a failure is theirs to tell (renderRestoreStop); before, nothing was written.
    let restoring = false;
    const restored: RestoredUid[] = [];
    // Dashboards neither a backup nor "Recently deleted" holds: a file of the tree that holds one is named after the restores.
    const foundNowhere: string[] = [];
    const tally = newRestoreTally();
    const print = (line: RestoreLine) => {
      (line.error ? io.stderr : io.stdout).write(`${escapeText(line.text)}\n`);
      failed ||= line.error;
    };
    // Once stdout has a JSON line (jsonStarted), its last line is a result line, whatever stops the run.
    const shownDir = shorten(settings.backupDir, settings.cwd);
    try {
      const source = await restoreSourceOf(grafana, backupSource);
      const others = envLayout ? otherEnvironmentBackupDirs(settings) : [];
      // A named backup is restored whatever Grafana it was taken from: its lines name that one.
      const shownSource = named.named === undefined ? source.shown : describeBackupSource({ origin: sourceOrigin(named.named.backup.source.url), orgId: named.named.backup.source.orgId ?? null });
      if (json) {
        io.stdout.write(renderRestoreStartLine({ uids, all: bulk !== null, dryRun, source: shownSource, backupDir: shownDir, backupDirMissing: configDirMissing, fromBackup: fromBackup ?? null }));
        jsonStarted = true;
      }
      // Read before anything is written, by the dry run too: it names where each uid would go.
      const into = folder === undefined ? undefined : await findRestoreFolder(grafana, folder);
      // Each uid a dry run previews, in text or JSON; its closing line follows.
      // Whether the folder each would go back into is gone, and what the run would do then (with --folder, it goes there).
      // One read of the tree's folders, at the first folder uid asked for, by the dry run and the run alike.
      const treeFolder = treeFolderLookup(settings.root, settings.cwd);
      const folderPlace = { grafana, backupDir: settings.backupDir, source: source.match, root: settings.root, cwd: settings.cwd, selection: runSelection };
      // As the run refuses it: a backup where "Recently deleted" may hide a newer copy from these credentials.
      const markPreviews = async (unmarked: readonly UidPreview[], trash: TrashForPreview) =>
        markHiddenTrash(grafana, await markGoneFolders(grafana, unmarked, { trash, into, treeFolder }), trash, overRecentlyDeleted);
      const printPreviews = async (previews: readonly UidPreview[], trash: TrashForPreview = null) => {
        const notFound = previews.filter((preview) => preview.verdict === 'not-found').map((preview) => preview.uid);
        const recreates = await describeTreeRecreates(notFound, settings, runSelection);
        // As the run says them after its error: the uids the backups name as folders.
        const folderNotes = await describeFolderUids(notFound, folderPlace);
        const explained = [...recreates.flatMap((line) => line.uids), ...folderNotes.map((note) => note.uid)];
        const context = { source: shownSource, backupDir: shownDir, cwd: settings.cwd, selection: runSelection, into, backupSource: shownBackupSource, treeHeld: new Set(explained) };
        for (const preview of previews) {
          const line = renderUidPreview(preview, context);
          io.stdout.write(json ? renderWouldRestoreLine(preview, line, settings.cwd, into) : `${escapeText(line)}\n`);
        }
        for (const line of recreates) io.stdout.write(json ? renderRestoreWarningLine(line.uids, line.text) : `${escapeText(line.text)}\n`);
        for (const note of folderNotes) io.stdout.write(json ? renderRestoreWarningLine([note.uid], note.text) : `${escapeText(note.text)}\n`);
        // Another environment's prune that would delete a restored dashboard again is said before anything is restored.
        for (const line of await describeTreeHolds(wouldRestore(previews, into, trash), settings, into, runSelection, 'pruned-by-others')) {
          io.stdout.write(json ? renderNoFileLine(line.uids, line.text, line.prunedBy) : `${escapeText(line.text)}\n`);
        }
        const end = renderDryRunEnd(countUidPreviews(previews));
        if (!json) io.stdout.write(`${end}\n`);
        return { text: end, shown: previews };
      };
      if (bulk === null && dryRun) {
        const { previews, trash } = await previewRestores(uids, { grafana, dirs: { own: settings.backupDir, others, cwd: settings.cwd }, source: source.match, into, concurrency: settings.concurrency, ...named });
        const { text, shown } = await printPreviews(await markPreviews(previews, trash), trash);
        // As the run itself would: a uid it would not restore fails it, unless Grafana holds it (nothing to restore).
        const exitCode = shown.some(refusesUid) ? EXIT_ERROR : EXIT_OK;
        if (exitCode !== EXIT_OK && configDirMissing && !json) io.stderr.write(`${escapeText(describeMissingBackupDir(shownDir, configuredBackupDir(settings)))}\n`);
        if (json) io.stdout.write(renderRestoreResultLine(tally, null, { dryRun: true, text, retried: retries.summary(settings.timeoutMs), exitCode }));
        else io.stderr.write(retries.note(settings.timeoutMs));
        return exitCode;
      }
      if (bulk !== null) {
        // One listing of Grafana for every environment's directory; a library panel's name judged where --folder puts it, as the run does.
        const selection = await listBackedUpUids({ own: settings.backupDir, others, cwd: settings.cwd }, grafana, source.match, bulk.since, { into, concurrency: settings.concurrency });
        const inOthers = groupByOtherEnvironment(selection.absent, settings.cwd);
        // "Recently deleted" is listed once per run, for the previews and the note of the tree's dashboards in it alike; its
        // deleters are named for a dry run's lines only.
        let trashRead: Promise<TrashForPreview> | undefined;
        const readTrash = () => (trashRead ??= readTrashForPreview(grafana, true, { dated: bulk.dryRun }));
        const backupsOverHiddenTrash = async (absent: readonly BackedUpUid[], trash: TrashForPreview) => {
          const previewed = absent.map((entry): UidPreview => ({ uid: entry.uid, kind: entry.kind, verdict: 'would', entry, from: previewSource(entry, trash) }));
          const marked = await markHiddenTrash(grafana, previewed, trash, overRecentlyDeleted);
          return absent.filter((_, index) => {
            const preview = marked[index];
            return preview?.verdict === 'would' && preview.from?.kind === 'backup' && preview.from.trashHidden !== undefined;
          });
        };
        const hasDashboards = selection.absent.some((entry) => entry.kind === 'dashboard');
        // A dry run reads what it previews before its header, which counts only the uids the run would restore.
        let previews: readonly UidPreview[] = [];
        if (bulk.dryRun) {
          const trash = hasDashboards ? await readTrash() : null;
          previews = await markPreviews(
            selection.absent.map((entry) => ({ uid: entry.uid, kind: entry.kind, verdict: 'would' as const, entry, from: previewSource(entry, trash) })),
            trash,
          );
        }
        // The run itself refuses, before any write, the backups it would put over a "Recently deleted" it cannot read: its header counts them apart too.
        const notRead = !bulk.dryRun && hasDashboards ? await trashNotReadBy(grafana) : null;
        const overTrash = selection.absent.filter((entry) => refusedOverUnreadTrash({ uid: entry.uid, kind: entry.kind, verdict: 'would', entry, from: previewSource(entry, notRead) }) !== null);
        // And those it would put where "Recently deleted" may hide a newer copy from these credentials (trash-hidden), unless
        // --over-recently-deleted puts them back all the same.
        const overHidden = !bulk.dryRun && hasDashboards && notRead === null && !overRecentlyDeleted ? await backupsOverHiddenTrash(selection.absent, await readTrash()) : [];
        const refused = new Set([...previews.filter(refusesUid), ...overTrash, ...overHidden].map(backedUpKey));
        // No backup read at all: what the directory holds instead (an environment's directory, one level down?).
        const subdirectories = noBackupRead(selection) ? (await subdirectoriesOf(settings.backupDir)).filter((name) => name !== LIBRARY_PANELS) : [];
        const environments = otherEnvironmentsBySource(settings);
        const defaultBackupDirs = new Map([...environments.values()].flat().map((name) => [name, shorten(defaultBackupDir(settings.cwd, name), settings.cwd)]));
        const otherEnvironmentSources = { environments, selection: runSelection, backupDirRead: shownDir, defaultBackupDirs };
        const lines = renderBulkSelection(selection, { source: source.shown, backupDir: shownDir, since: bulk.sinceText, otherEnvironments: inOthers, subdirectories, refused, otherEnvironmentSources, configDirMissing: configDirMissing ? configuredBackupDir(settings) : undefined, ...(runSelection.backupDir === undefined && { fromArtifact: renderNextCommand(runSelection, ['restore', '--all', '--backup-dir', 'DIR']) }) });
        // Dashboards deleted in Grafana (not by a prune) have no backup: named, or "nothing to restore" would be the takeaway.
        const inTrash = renderTreeDashboardsInTrash(await findTreeDashboardsInTrash(settings, async () => heldInTrash(await readTrash()), new Set(selection.absent.map((entry) => entry.uid))), runSelection);
        if (inTrash !== null) lines.push(inTrash);
        if (json) io.stdout.write(renderRestoreSelectionLine(selection, bulk.sinceText, lines, inOthers, refused));
        else for (const line of lines) io.stdout.write(`${escapeText(line)}\n`);
        const dryRunEnd = bulk.dryRun ? (await printPreviews(previews)).text : '';
        if (bulk.dryRun || selection.absent.length === 0) {
          const text = bulk.dryRun ? dryRunEnd : lines[0]!;
          // Backups exist, but none of this Grafana and org: a CI undo step must not pass having restored nothing. A dry run
          // exits as the run would: a uid it would not restore fails it.
          // Nor one whose configured backup directory is not on this machine: it restored nothing.
          const exitCode = noneFromSource(selection) || refused.size > 0 || configDirMissing ? EXIT_ERROR : EXIT_OK;
          if (json) io.stdout.write(renderRestoreResultLine(tally, null, { dryRun: bulk.dryRun, text, retried: retries.summary(settings.timeoutMs), exitCode }));
          else io.stderr.write(retries.note(settings.timeoutMs));
          return exitCode;
        }
        uids.push(...selection.absent.map((entry) => entry.uid));
      }
      const git = await readGitInfo(settings.cwd, io.env);
      const message = renderCommitMessage(`${settings.message} (restore)`, git);
      // One Grafana org split by environment directories: another environment's prune backed up what it deleted of this one's.
      const targets = await planRestores(uids, { grafana, backupDir: settings.backupDir, otherBackupDirs: others, source, cwd: settings.cwd, ...named });
      restoring = true;
      const result = await runRestores(targets, {
        grafana,
        backupDir: settings.backupDir,
        otherBackupDirs: others,
        message,
        into,
        source,
        selection: runSelection,
        cwd: settings.cwd,
        treeFolder,
        ...(overRecentlyDeleted && { overTrash: true as const }),
        // A library panel restored is noted as an apply's push is (git is asked where, once, only when one is restored).
        libraryPulls: createLibraryPullRecord(settings.root, grafana, libraryPullsOutsideGit(settings.root, settings.cwd)),
        signal: interrupt.signal,
        inFlight,
        onEvent: (event) => {
          const line = describeRestoreEvent(event, settings.cwd, runSelection, rerun, shownBackupSource);
          if (json) {
            io.stdout.write(renderRestoreEventLine(event, { cwd: settings.cwd, source: shownSource, selection: runSelection, rerun, backupSource: shownBackupSource }));
            failed ||= line.error;
          } else print(line);
          countRestoreEvent(tally, event);
          countEnded(ended, event);
          const back = restoredUid(event, into);
          if (back) restored.push(back);
          if (event.kind === 'dashboard' && event.outcome.kind === 'not-found') foundNowhere.push(event.outcome.uid);
        },
      });
      // Said once, after the restores, as apply says it: which saves went without the content note that names their pusher, and why.
      const unnoted = findUnnotedSaves(restored, grafana);
      if (unnoted !== null) {
        if (json) io.stdout.write(renderRestoreWarningLine(unnoted.uids, unnoted.text));
        else io.stderr.write(`${escapeText(`warning: ${unnoted.text}`)}\n`);
      }
      for (const line of await describeTreeHolds(restored, settings, into, runSelection)) {
        if (json) io.stdout.write(renderNoFileLine(line.uids, line.text, line.prunedBy));
        else print({ text: line.text, error: false });
      }
      for (const line of await describeTreeRecreates(foundNowhere, settings, runSelection)) {
        if (json) io.stdout.write(renderRestoreWarningLine(line.uids, line.text));
        else print({ text: line.text, error: false });
      }
      // A uid found nowhere that the backups name as a folder: what restore can do for a folder (walk-66 L2).
      for (const { uid, text } of await describeFolderUids(foundNowhere, folderPlace)) {
        if (json) io.stdout.write(renderRestoreWarningLine([uid], text));
        else print({ text, error: false });
      }
      for (const line of renderRestoreStop(result, runSelection, rerun)) io.stderr.write(`${escapeText(line)}\n`);
      const exitCode = failed || result.stoppedBy !== null ? EXIT_ERROR : EXIT_OK;
      if (exitCode !== EXIT_OK && configDirMissing && !json) io.stderr.write(`${escapeText(describeMissingBackupDir(shownDir, configuredBackupDir(settings)))}\n`);
      const summary = result.stoppedBy !== null ? renderRestoreSummary(result) : targets.length > 1 || bulk !== null || json ? renderRestoreCount(tally) : null;
      if (json) io.stdout.write(renderRestoreResultLine(tally, result, { dryRun: false, text: summary, retried: retries.summary(settings.timeoutMs), exitCode }));
      else {
        if (summary !== null) io.stdout.write(`${escapeText(summary)}\n`);
        io.stderr.write(retries.note(settings.timeoutMs));
      }
      return exitCode;
    } catch (error) {
      // Ctrl-C ended a read before the first restore started (the folder, the backups' kinds); any failure then wrote nothing.
      const thrown = error instanceof RequestInterruptedError ? new InterruptedError('interrupted before the first write; nothing was restored') : restoring ? error : markNothingApplied(error, 'restored');
      if (json && jsonStarted) {
        const described = describeError(thrown, 'cli');
        io.stdout.write(renderErrorLine(described.line + (described.hint ?? ''), earlyEnd().early, described.exitCode, { notStartedUids: earlyEnd().notStarted }));
      }
      throw thrown;
    } finally {
      interrupt.settle();
      await grafana.close();
      interrupt.dispose();
    }
  },
};

/** `--folder F --backup-source URL`: the flags of this run that its advice repeats. */
function rerunFlags(folder: string | undefined, backupSource: string | PastedWord | undefined): (string | PastedWord)[] {
  return [...(folder === undefined ? [] : ['--folder', folder]), ...(backupSource === undefined ? [] : ['--backup-source', backupSource])];
}

/** --all and what goes with it; null for a run naming uids. */
function checkBulkArgs(args: RestoreArgs, usage: (words: string) => string): { since: Date | null; sinceText: string | null; dryRun: boolean } | null {
  const given = (args.uids ?? []).length > 0;
  if (!args.all) {
    if (args.deletedSince !== undefined) throw new UsageError(`--deleted-since goes with --all: ${usage('restore --all --deleted-since TIME')}; nothing was restored`);
    if (!given) throw new UsageError(`name at least one uid to restore: ${usage('restore <uid…>')} (or --all: every uid backed up and absent in Grafana)`);
    return null;
  }
  if (given) throw new UsageError('give uids or --all, not both: --all takes every uid backed up and absent in Grafana; nothing was restored');
  const since = args.deletedSince === undefined ? null : readDeletedSince(String(args.deletedSince));
  // The header names the instant as read, in UTC as every time dashsync prints: a shifted window shows before anything is restored.
  const sinceText = since === null ? null : since.toISOString();
  return { since, sinceText, dryRun: args.dryRun === true };
}

/**
 * --deleted-since as an instant: ISO 8601, a date and time (to minutes, seconds or fractions; "T" or a space) or a date alone.
 * Without a zone it is UTC, as dashsync prints every time (backups, apply's closing line), never the machine's local time.
 */
function readDeletedSince(text: string): Date {
  // A backup file's name carries its time with `-` for `:` and `.` (2026-12-07T04-31-12-702Z): the one time a downloaded artifact shows.
  const stamp = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z$/i.exec(text.trim());
  if (stamp !== null) {
    const [, day, hours, minutes, seconds, ms] = stamp;
    const at = new Date(`${day}T${hours}:${minutes}:${seconds}.${ms ?? '000'}Z`);
    if (!Number.isNaN(at.getTime())) return at;
  }
  const parts = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text.trim());
  const since = parts === null ? null : new Date(`${parts[1]}T${parts[2] ?? '00:00'}${(parts[3] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
  if (since === null || Number.isNaN(since.getTime())) {
    throw new UsageError(`--deleted-since ${JSON.stringify(text)} is not a time: give it as ISO 8601 (2026-12-03T09:20:00Z, or as apply's line or a backup file's name gives it; without a zone it is UTC); nothing was restored`);
  }
  return since;
}

/** --backup-source as an http(s) URL. */
function checkBackupSource(url: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // Refused below.
  }
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError('--backup-source takes the URL of the Grafana the backups were taken from (http:// or https://, as that run had it); nothing was restored');
  }
  // No run sends a URL with user:password@ (parseGrafanaUrl refuses it), so no backup records one: it can match nothing, and would be repeated in advice.
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UsageError('--backup-source must not contain credentials (user:password@): give the URL as the run that took the backups had it; nothing was restored');
  }
  return url;
}

/** The "no file" lines, the uids one commit removed as one line (and those removed alike, not committed); its directory named only where checking it out brings back exactly those files. */
async function renderUnheldLines(unheld: UnheldUid[], cwd: string, selection: RunSelection): Promise<UnheldLine[]> {
  const lines: UnheldLine[] = [];
  for (const item of groupByRemoval(unheld)) {
    if ('uid' in item) {
      lines.push({ uids: [item.uid], text: renderUnheld(item, selection), ...(item.prunedBy && { prunedBy: item.prunedBy.environment }) });
      continue;
    }
    if ('removal' in item) {
      lines.push({ uids: item.unheld.map((entry) => entry.uid), text: renderUncommittedGroup(item) });
      continue;
    }
    lines.push({ uids: item.unheld.map((entry) => entry.uid), text: renderRemovalGroup(item, item.dir !== null && (await removedWholeDirectory(cwd, item.commit, item.dir))) });
  }
  return lines;
}

/** The uids --all takes from another environment's directory, by environment (its directory as shown). */
function groupByOtherEnvironment(absent: BackedUpSelection['absent'], cwd: string): OtherEnvironmentUids[] {
  const groups = new Map<string, OtherEnvironmentUids & { uids: string[] }>();
  for (const { uid, otherEnvironment } of absent) {
    if (otherEnvironment === undefined) continue;
    const group = groups.get(otherEnvironment.environment) ?? { environment: otherEnvironment.environment, backupDir: shorten(otherEnvironment.backupDir, cwd), uids: [] };
    if (!group.uids.includes(uid)) group.uids.push(uid);
    groups.set(otherEnvironment.environment, group);
  }
  return [...groups.values()];
}

/** What ended so far, by kind and outcome (a quit's or an error's last JSON line counts it). */
function countEnded(ended: Map<string, { kind: RestoreWork['kind']; outcome: string; count: number }>, event: RestoreEvent): void {
  const kind = event.kind === 'failed' || event.kind === 'unknown' ? event.work.kind : event.kind;
  const outcome = event.kind === 'failed' || event.kind === 'unknown' ? event.kind : event.outcome.kind;
  const key = `${kind}\u0000${outcome}`;
  const seen = ended.get(key);
  if (seen) seen.count += 1;
  else ended.set(key, { kind, outcome, count: 1 });
}

/** Whether `commit` left nothing under `dir` (it removed all of it) and nothing is there now. */
async function removedWholeDirectory(cwd: string, commit: string, dir: string): Promise<boolean> {
  const there = await access(resolve(cwd, dir)).then(
    () => true,
    () => false,
  );
  if (there) return false;
  const listed = await runGit(cwd, ['--literal-pathspecs', 'ls-tree', '-r', '--name-only', commit, '--', dir], 60_000);
  return listed.ok && listed.stdout.trim() === '';
}

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

interface RestoredUid {
  uid: string;
  kind: 'dashboard' | 'library-panel';
  /** The folder --folder put a dashboard into; absent for General or without --folder. */
  folderUid?: string;
  /** A dashboard's title (a library panel's name) and the folder it is in now (null = General), where the restore said: who prunes it again. */
  now?: { folderUid: string | null } & ({ title: string | null } | { name: string });
}

/** The restored dashboards whose save went without its content note (GrafanaPort.unnotedSaves), and apply's warning for them; null when none. */
function findUnnotedSaves(restored: readonly RestoredUid[], grafana: Pick<GrafanaPort, 'unnotedSaves' | 'identityFailure'>): { uids: string[]; text: string } | null {
  const unnoted = grafana.unnotedSaves();
  const uids = [...new Set(restored.filter((item) => item.kind === 'dashboard' && unnoted.has(item.uid)).map((item) => item.uid))].sort();
  const text = describeUnnotedSaves(uids, grafana.identityFailure());
  return text === null ? null : { uids, text };
}

/**
 * The dashboards a dry run would restore, each where it would go (as restoredUid has the run's): --folder's, else its backup's
 * folder, or for one only "Recently deleted" holds (no backup: `entry` null), the folder it was deleted from (`trash`; its
 * title is not listed there).
 */
function wouldRestore(previews: readonly UidPreview[], into: RestoreFolder | undefined, trash: TrashForPreview): RestoredUid[] {
  const deletedFrom = heldInTrash(trash);
  return previews.flatMap((preview): RestoredUid[] => {
    if (preview.verdict !== 'would' || preview.kind !== 'dashboard' || refusedOverUnreadTrash(preview) !== null || failedTrashList(preview) !== null) return [];
    if (preview.entry === null) {
      const folderUid = into === undefined ? deletedFrom?.get(preview.uid) : (into?.uid ?? null);
      if (folderUid === undefined) return [];
      return [{ uid: preview.uid, kind: 'dashboard', ...(into?.uid === undefined ? {} : { folderUid: into.uid }), now: { title: null, folderUid } }];
    }
    const folder = into === undefined ? preview.entry.folder : into;
    if (folder === null && into === undefined) return [];
    const folderUid = folder?.uid ?? null;
    return [{ uid: preview.uid, kind: 'dashboard', ...(into?.uid === undefined ? {} : { folderUid: into.uid }), now: { title: preview.entry.title, folderUid } }];
  });
}

function restoredUid(event: RestoreEvent, into: RestoreFolder | undefined): RestoredUid | null {
  if (event.kind === 'dashboard' && (event.outcome.kind === 'restored-from-trash' || event.outcome.kind === 'restored-from-backup')) {
    // Only a folder --folder chose: a dashboard back in its old folder goes where its file was (pull writes that directory again).
    const folderUid = into?.uid;
    const { title, folder } = event.outcome;
    const now = folder === undefined ? {} : { now: { title, folderUid: folder?.uid ?? null } };
    return { uid: event.outcome.uid, kind: 'dashboard', ...(folderUid == null ? {} : { folderUid }), ...now };
  }
  if (event.kind === 'library-panel' && event.outcome.kind === 'restored') {
    const { uid, name, folder } = event.outcome;
    return { uid, kind: 'library-panel', now: { name, folderUid: folder?.uid ?? null } };
  }
  return null;
}

/** A line of restore's "no file" advice and the uids it is about; `prunedBy`: the environment of this Grafana org whose prune deletes its uid again. */
interface UnheldLine {
  uids: string[];
  text: string;
  prunedBy?: string;
}

/**
 * What the tree says of the restored uids, read after the restores so that no tree, or a tree that cannot be read, never
 * stands in the way of one: the lines of those no file holds (findUnheld); nothing without a tree (restore runs anywhere: no
 * root directory is no tree). Where the tree cannot be read (a link prune cannot see behind, a file that names no uid),
 * whether a file holds them cannot be told, and one line says so rather than nothing (review-53b R5).
 */
async function describeTreeHolds(
  restored: RestoredUid[],
  settings: Pick<Settings, 'root' | 'cwd' | 'externalLibraryPanels'> & OrgSettings,
  into: RestoreFolder | undefined,
  selection: RunSelection,
  only?: 'pruned-by-others',
): Promise<UnheldLine[]> {
  const external = new Set(settings.externalLibraryPanels);
  const pruned = restored.filter(({ uid, kind }) => kind === 'dashboard' || !external.has(uid));
  if (pruned.length === 0) return [];
  const read = await readTreeUidsOf(settings.root, settings.cwd);
  if (read.kind === 'no-tree') return [];
  if (read.kind === 'unreadable') {
    if (only !== undefined) return [];
    const uids = [...new Set(pruned.map(({ uid }) => uid))];
    const them = uids.length === 1 ? 'it' : 'them';
    const { file, line, col, message } = read.problem;
    const problem = file === undefined ? message : `${file}${line === undefined ? '' : `:${line}:${col ?? 1}`}: ${message}`;
    return [{ uids, text: `whether a file of the tree holds ${uids.join(', ')} cannot be told (${problem}): if none does, a prune that covers ${them} deletes ${them} again` }];
  }
  const unheld = await findUnheld(pruned, read.uids, settings, into);
  const marked = markWhatComesNext(unheld, restored, read.uids, settings);
  return renderUnheldLines(only === undefined ? marked : marked.filter((line) => line.prunedBy !== undefined), settings.cwd, selection);
}

type OrgSettings = Pick<Settings, 'environment' | 'environmentsSharingOrg' | 'environmentSelections' | 'include' | 'exclude' | 'selectionFrom'>;

/**
 * What comes next for the unheld dashboards and library panels back in their folders: those no plan of this Grafana org
 * deletes again (in a folder an environment of the org deploys with prune off, which every one that prunes leaves to it:
 * findUnprunedRestores) name that environment; those whose file pull would not write, as this run's selection leaves it
 * out (findUnpullableRestores), name that file and why instead of a pull that skips it.
 */
function markWhatComesNext(unheld: UnheldUid[], restored: readonly RestoredUid[], held: TreeUids, settings: Pick<Settings, 'root' | 'cwd'> & OrgSettings): UnheldUid[] {
  const { environment } = settings;
  if (held.folders === null) return unheld;
  const rootPath = (shown: string) => toSlashes(relative(settings.root, resolve(settings.cwd, shown)));
  const nowOf = new Map(restored.flatMap((item) => (item.now === undefined ? [] : [[`${item.kind} ${item.uid}`, item.now] as const])));
  // Each orphan is its line's: a dashboard and a library panel may share a uid.
  const orphanOf = new Map(
    unheld.flatMap((line) => {
      const now = line.foreignFolder === undefined ? nowOf.get(`${line.kind} ${line.uid}`) : undefined;
      return now === undefined ? [] : [[line, { uid: line.uid, ...now, ...(line.removed === undefined ? {} : { removedFile: rootPath(line.removed.path) }) }] as const];
    }),
  );
  const orphans = [...orphanOf.values()];
  if (orphans.length === 0) return unheld;
  const treeFiles = [...held.dashboards.values(), ...[...(held.moreDashboardHolders?.values() ?? [])].flat(), ...held.libraryPanels.values()].map(rootPath);
  const treeDirs = new Map([...held.folders].map(([uid, dir]) => [uid, rootPath(dir.replace(/\/$/, ''))] as const));
  const org = orgEnvironmentsOf(settings);
  const unpruned = findUnprunedRestores(orphans, org, { treeDirs, treeFiles });
  // Another environment of the org whose prune takes a restored dashboard: its next apply deletes it again.
  const dashboards = orphans.flatMap((orphan) => ('title' in orphan && !unpruned.has(orphan) ? [orphan] : []));
  const removedFiles = new Map(dashboards.flatMap((orphan) => (orphan.removedFile === undefined ? [] : [[orphan.uid, orphan.removedFile] as const])));
  // The first in config order stands for them all: each deletes it again.
  const prunedBy = new Map([...findPrunedByOthers({ dashboards }, org, environment, { treeDirs, treeFiles, removedFiles: { dashboards: removedFiles } }).dashboards].map(([orphan, by]) => [orphan.uid, by[0]!] as const));
  const plain = orphans.filter((orphan) => orphan.removedFile === undefined);
  const unpullable = findUnpullableRestores(plain, treeDirs, { include: settings.include, exclude: settings.exclude, ...(settings.selectionFrom && { from: settings.selectionFrom }) });
  return unheld.map((line) => {
    const orphan = orphanOf.get(line);
    const leftTo = orphan && unpruned.get(orphan);
    const pruner = orphan && line.kind === 'dashboard' ? prunedBy.get(orphan.uid) : undefined;
    const skipped = orphan && unpullable.get(orphan);
    const pullSkips = skipped && { file: toSlashes(relative(settings.cwd, resolve(settings.root, skipped.file))), why: skipped.why };
    return { ...line, ...(leftTo && { leftTo }), ...(pruner && { prunedBy: pruner }), ...(pullSkips && { pullSkips }) };
  });
}

/**
 * The restored uids no file of the tree (`held`) holds: a prune that covers them deletes them again. Nothing about library
 * panels prune never deletes (externalLibraryPanels). A dashboard's file that was removed (by a commit, or not committed
 * yet) is named, as the user's shell reaches it from `cwd`.
 */
async function findUnheld(
  restored: RestoredUid[],
  held: TreeUids,
  settings: Pick<Settings, 'root' | 'cwd' | 'externalLibraryPanels'>,
  into: RestoreFolder | undefined,
): Promise<UnheldUid[]> {
  const external = new Set(settings.externalLibraryPanels);
  const unheld = restored.filter(({ uid, kind }) => (kind === 'dashboard' ? !held.dashboards.has(uid) : !held.libraryPanels.has(uid) && !external.has(uid)));
  // A library panel and a dashboard may share a uid: one line says it of both (the dashboard's file names it).
  const lines = new Map<string, UnheldUid>();
  for (const { uid, kind, folderUid } of unheld) {
    // A folder no directory of the tree holds: the file pull would write claims that folder for the tree.
    const foreign = folderUid !== undefined && held.folders !== null && !held.folders.has(folderUid) ? folderUid : undefined;
    const seen = lines.get(uid);
    if (!seen || foreign !== undefined || kind === 'dashboard') lines.set(uid, { uid, kind, ...(foreign === undefined ? {} : { foreignFolder: foreign }) });
  }
  // A dashboard back in its old folder (or a library panel) whose file was removed (committed or not): the way back to that file, as it was.
  const plain = [...lines.values()].filter((line) => line.foreignFolder === undefined);
  const removed = await findRemovedTreeFiles(settings.root, {
    dashboards: plain.filter((line) => line.kind === 'dashboard').map((line) => line.uid),
    libraryPanels: plain.filter((line) => line.kind === 'library-panel').map((line) => line.uid),
  });
  const shown = (path: string) => toSlashes(relative(settings.cwd, resolve(settings.root, path)));
  const fileOf = (line: UnheldUid) => {
    const file = line.foreignFolder === undefined ? (line.kind === 'dashboard' ? removed.dashboards : removed.libraryPanels).get(line.uid) : undefined;
    // A path something else takes now: the git command would put the old file in its place. --folder put the dashboard where it
    // chose: the old file fits only a General dashboard's at the root (a folder's directory is not checked: no line).
    return file === undefined || file.taken || (into !== undefined && (into !== null || file.path.includes('/'))) ? undefined : file;
  };
  // The commit that removed a dashboard's file removed its folder's _folder.json too (a prune of a whole folder): without it, the
  // file comes back into a derived folder, and the next plan moves the dashboard out of the folder it was restored into.
  const folderNow = new Map(restored.flatMap((item) => (item.kind === 'dashboard' && item.now?.folderUid ? [[item.uid, item.now.folderUid] as const] : [])));
  const withFolder = [...lines.values()].flatMap((line) => {
    const file = line.kind === 'dashboard' ? fileOf(line) : undefined;
    const folderUid = folderNow.get(line.uid);
    return file?.removal.kind === 'commit' && folderUid !== undefined ? [{ path: file.path, commit: file.removal.commit, folderUid }] : [];
  });
  const folderFiles = await findRemovedFolderFiles(settings.root, withFolder);
  return [...lines.values()].map((line) => {
    const file = fileOf(line);
    if (file === undefined) return line;
    const folders = line.kind === 'dashboard' ? folderFiles.get(file.path) : undefined;
    return { ...line, removed: { path: shown(file.path), removal: file.removal, ...(folders !== undefined && { folderFiles: folders.map(shown) }) } };
  });
}

/** The config's other environments by the source their backups name (describeBackupSource of the url and orgId the file gives them). */
function otherEnvironmentsBySource(settings: Pick<Settings, 'environment' | 'environmentTargets'>): Map<string, string[]> {
  const others = Object.entries(settings.environmentTargets ?? {}).filter(([name]) => name !== settings.environment);
  return groupBy(others, ([, target]) => describeBackupSource({ origin: sourceOrigin(target.url), orgId: target.orgId }), ([name]) => name);
}

/**
 * A backup directory named by --backup-dir must exist: a mistyped one would read as "nothing to restore" (exit 0), which in
 * an incident reads as "all back". The default one may be missing (no apply backed up here yet), and so may the config's
 * `backupDir`: backups are usually git-ignored, so a fresh clone or a CI runner has none, while "Recently deleted" and
 * --from-backup need no backup directory. True when the config's is missing: a run that restores nothing says so and fails.
 */
async function checkBackupDirNamed(settings: Settings, byFlag: boolean, fromBackup: boolean): Promise<boolean> {
  if (fromBackup || settings.backupDir === defaultBackupDir(settings.cwd, settings.environment)) return false;
  const named = byFlag ? '--backup-dir' : configuredBackupDir(settings);
  const found = await stat(settings.backupDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    // There, but out of reach (a loop of links, a directory above it not to be entered): no backup here would read as "nothing to restore".
    throw new UsageError(`backup directory ${shorten(settings.backupDir, settings.cwd)} cannot be read ${describeDirectoryUnread(settings.backupDir, error, settings.cwd)} (check ${named}); nothing was restored`);
  });
  if (found?.isDirectory() === true) return false;
  if (found === null && !byFlag) return true;
  throw new UsageError(`backup directory ${shorten(settings.backupDir, settings.cwd)} ${found === null ? 'does not exist' : 'is not a directory'} (check ${named}); nothing was restored`);
}

/** Why a run that needed a backup found none, where the config's backupDir is missing on this machine. */
function describeMissingBackupDir(shownDir: string, from: string): string {
  return `note: ${shownDir} (${from}) does not exist on this machine: no apply has backed up a delete here, so there is no backup here to restore from`;
}

/** `"backupDir" in dashsync.config.json:4:3` (the key's place, where the file's text was read). */
function configuredBackupDir(settings: Pick<Settings, 'backupDirFrom' | 'configFile'>): string {
  return settings.backupDirFrom ?? `"backupDir" in ${settings.configFile}`;
}

/** The named backup, with --over-recently-deleted where it is a dashboard's (restoreDashboard's newerTrashEntry then not asked). */
function withOverTrash(named: NamedBackup, overTrash: boolean): NamedBackup {
  return overTrash && named.kind === 'dashboard' ? { ...named, overTrash: true } : named;
}

