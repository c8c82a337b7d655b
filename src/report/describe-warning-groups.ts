import { someUids } from '../plan/decide-drift.js';
import { isNote, type PlanWarning } from '../plan/types.js';
import { describeWarningsIn } from './describe-warning.js';
import { renderNextCommand, type RunSelection } from './next-command.js';
import type { Shell } from '../describe-error.js';
import { foldAlikeNotes } from './fold-alike-notes.js';
import { foldUnverifiedFolderWarnings } from '../plan/fold-unverified-folders.js';
import { limitPerGroup } from './limit-per-group.js';
import type { UnreviewedWhy } from '../apply/types.js';
import { quoteText } from './escape-untrusted.js';

/** Past this many schema-migration notes, they are one line naming this many of them. */
const SCHEMA_MIGRATIONS_NAMED = 3;

/** Past this many drift warnings on moves that keep the content (an adopted tree's first plan), they are one line. */
const SAME_CONTENT_DRIFTS_NAMED = 10;

/** Past this many creates whose dashboards wait in "Recently deleted" (`/apis`', Grafana 11's), they are one line naming CREATES_IN_TRASH_NAMED. */
const CREATES_IN_TRASH_FOLDED = 10;
const CREATES_IN_TRASH_NAMED = 5;

/** The plan's warnings and notes as the sentences text and markdown print (unescaped), alike ones limited. */
export interface WarningSentences {
  warnings: string[];
  notes: string[];
}

/**
 * Pure: describeWarning for each warning (`driftKept`: describeWarningsIn's), except that with `linesPerGroup` (no --verbose) more than
 * SCHEMA_MIGRATIONS_NAMED schema-migration notes become one line, as do more than SAME_CONTENT_DRIFTS_NAMED drift warnings
 * whose files hold the live content (one cause: only their folders change), as do more than CREATES_IN_TRASH_FOLDED creates
 * whose dashboards wait in "Recently deleted" (a folder deleted in Grafana: one line each made hundreds; `/apis`' and Grafana 11's, which keeps
 * their uids taken, each in its own words), as do more than 10 notes alike but for the
 * dashboard they name (foldAlikeNotes), as do folders to create that a refused read could not prove absent
 * (foldUnverifiedFolderWarnings), and past `linesPerGroup` warnings of one kind print the
 * first ones and one `… and N more` line ending in `listsAll` (where to find every one). Warnings no group holds
 * (most one-off `other` warnings) are always printed.
 */
export function describeWarningGroups(
  warnings: readonly PlanWarning[],
  options: { linesPerGroup?: number; listsAll: string; selection?: RunSelection; shell?: Shell; driftKept?: UnreviewedWhy | false },
): WarningSentences {
  const describeOne = describeWarningsIn(options.selection, options.shell, options.driftKept);
  const describe = (kept: readonly PlanWarning[], noun: string) => {
    const folded =
      options.linesPerGroup === undefined
        ? kept
        : foldAlikeNotes(
            foldCreatesInKeepingTrash(foldCreatesInTrash(foldSameContentDrift(foldUnverifiedFolderWarnings(kept, options.listsAll), options.listsAll), options.listsAll, options.selection), options.listsAll, options.selection),
            options.listsAll,
          );
    const { shown, hidden } = limitPerGroup(folded, groupOf, options.linesPerGroup);
    const sentences = options.linesPerGroup === undefined ? shown.map(describeOne) : withSchemaMigrationsGrouped(shown, describeOne, options.selection);
    return [...sentences, ...[...hidden].map(([group, count]) => `… and ${count} more ${group} ${noun} (${options.listsAll})`)];
  };
  return {
    warnings: describe(
      warnings.filter((warning) => !isNote(warning)),
      'warnings',
    ),
    notes: describe(
      warnings.filter(isNote),
      'notes',
    ),
  };
}

/**
 * What makes warnings alike: the kind of a warning about one dashboard, the leading label of an `other` one
 * (`labels removed: …`, `uid clash: …`), or the rule of a tree's file diagnostic a plan repeats (`… (rule)`).
 */
function groupOf(warning: PlanWarning): string | null {
  switch (warning.kind) {
    case 'drift':
    case 'format':
    case 'provisioned':
      return warning.kind;
    case 'title-clash':
    case 'recently-deleted':
      return warning.kind.replace('-', ' ');
    case 'not-in-branch':
      return warning.anotherRepository === undefined ? 'not in this branch' : 'from another repository';
    case 'schema-migration':
      // Grouped into one line instead (withSchemaMigrationsGrouped).
      return null;
    case 'other':
    case 'note': {
      const label = /^([a-z][a-z ]*[a-z]): /.exec(warning.message)?.[1] ?? /\(([a-z0-9-]+)\)$/.exec(warning.message)?.[1];
      return label === undefined ? null : `"${label}"`;
    }
    default:
      return null;
  }
}

/**
 * More than SAME_CONTENT_DRIFTS_NAMED same-content drift warnings: one warning in the first one's place says them all. One
 * whose move may undo one made in Grafana (`pushUnknown`) keeps its own line. Those out of the folders of directories this run
 * leaves out (`liveDirectoryLeftOut`: another environment's) are folded apart, in their own words: no move of theirs is undone
 * that the tree could keep.
 */
function foldSameContentDrift(warnings: readonly PlanWarning[], listsAll: string): readonly PlanWarning[] {
  const sameContent = warnings.filter((warning): warning is Extract<PlanWarning, { kind: 'drift' }> => warning.kind === 'drift' && warning.sameContent === true && warning.resource === undefined && warning.pushUnknown !== true);
  const alike = new Set(sameContent.filter((warning) => warning.liveDirectoryLeftOut === undefined));
  const leftOut = new Set(sameContent.filter((warning) => warning.liveDirectoryLeftOut !== undefined));
  const saved = (folded: ReadonlySet<PlanWarning>) => `drift: ${someUids([...folded].map((warning) => warning.uid!))} were last saved in Grafana by others, not by dashsync, and their files hold the same content: `;
  const folded = alike.size <= SAME_CONTENT_DRIFTS_NAMED ? warnings : inFirstOnesPlace(warnings, alike, `${saved(alike)}applying changes only their folders (a move made in Grafana since is undone; ${listsAll})`);
  if (leftOut.size <= SAME_CONTENT_DRIFTS_NAMED) return folded;
  const lists = [...leftOut][0]!.liveDirectoryLeftOut!.lists;
  return inFirstOnesPlace(
    folded,
    leftOut,
    `${saved(leftOut)}applying changes only their folders: Grafana has them in folders whose directories ${lists} leaves out, and applying puts each in the folder of its file's directory ` +
      `(whether it moved in Grafana or its file moved in git; ${listsAll})`,
  );
}

/**
 * More than CREATES_IN_TRASH_FOLDED `in-recently-deleted` warnings: one warning in the first one's place with their count,
 * the first CREATES_IN_TRASH_NAMED (uid and file), where every one is listed (`listsAll`: JSON, --verbose, the Action's
 * annotations), the restore command naming every one, and how many a person deleted (an apply no one reviewed holds those).
 */
function foldCreatesInTrash(warnings: readonly PlanWarning[], listsAll: string, selection: RunSelection | undefined): readonly PlanWarning[] {
  const alike = warnings.filter((warning): warning is Extract<PlanWarning, { kind: 'in-recently-deleted' }> => warning.kind === 'in-recently-deleted');
  if (alike.length <= CREATES_IN_TRASH_FOLDED) return warnings;
  const named = alike.slice(0, CREATES_IN_TRASH_NAMED).map((warning) => `${warning.uid} (${warning.file})`);
  const byUser = alike.filter((warning) => warning.byUser === true).length;
  const held =
    byUser === 0
      ? ''
      : byUser === alike.length
        ? ' (an apply no one reviewed leaves them deleted, conflicts, unless run with --force)'
        : ` (an apply no one reviewed leaves the ${byUser} a person deleted as they are, conflicts, unless run with --force)`;
  const byDashsync = alike.filter((warning) => warning.backup !== undefined);
  const whose = byDashsync.every((warning) => warning.pruned === true) ? "dashsync's prune" : 'dashsync';
  const byPrune = byDashsync.length === 0 ? '' : byDashsync.length === alike.length ? ` (by ${whose}, each backed up first)` : ` (${byDashsync.length} of them by ${whose}, each backed up first)`;
  const maybe = alike.filter((warning) => warning.maybeBackup !== undefined).length;
  const notKnown = maybe === 0 ? '' : ` (whether dashsync's delete made ${maybe === alike.length ? 'them' : `${maybe} of them`}, each backed up within the hour before, is not known)`;
  const message =
    `recently deleted: ${alike.length} dashboards are planned as creates, but they were deleted in Grafana${byPrune}${notKnown} and are in its "Recently deleted": ` +
    `${named.join(', ')} and ${alike.length - named.length} more (${listsAll}); ` +
    // Every uid in the command, as the `restore --all` note names them (renderTreeDashboardsInTrash): `restore UID` pasted fails (rev-70b M1).
    `${renderNextCommand(selection, ['restore', ...alike.map((warning) => warning.uid)])} brings them back as they were deleted, with their ids; ` +
    `apply makes new ones from the files, and Grafana then lists the deleted ones no more${held}`;
  return inFirstOnesPlace(warnings, new Set<PlanWarning>(alike), message);
}

/**
 * More than CREATES_IN_TRASH_FOLDED `recently-deleted` warnings (creates whose uids Grafana 11's "Recently deleted" keeps
 * taken): one warning in the first one's place, in the one line's words, with their count, the first CREATES_IN_TRASH_NAMED,
 * where every one is listed (`listsAll`) and the restore command naming every one, as foldCreatesInTrash folds `/apis`' (fixt-71).
 */
function foldCreatesInKeepingTrash(warnings: readonly PlanWarning[], listsAll: string, selection: RunSelection | undefined): readonly PlanWarning[] {
  const alike = warnings.filter((warning): warning is Extract<PlanWarning, { kind: 'recently-deleted' }> => warning.kind === 'recently-deleted');
  if (alike.length <= CREATES_IN_TRASH_FOLDED) return warnings;
  const named = alike.slice(0, CREATES_IN_TRASH_NAMED).map((warning) => `${warning.uid} ${quoteText(warning.title)}`);
  const message =
    `recently deleted: ${alike.length} dashboards are planned as creates, but dashboards with their uids are in Grafana's "Recently deleted", ` +
    `which keeps the uids taken (Grafana 11): apply's creates will be refused: ${named.join(', ')} and ${alike.length - named.length} more (${listsAll}). ` +
    `Take them back with ${renderNextCommand(selection, ['restore', ...alike.map((warning) => warning.uid)])} and plan again, ` +
    `delete them for good on Grafana's "Recently deleted" page, or give the files other uids`;
  return inFirstOnesPlace(warnings, new Set<PlanWarning>(alike), message);
}

/** `warnings` with the `folded` ones replaced by one warning saying them all (`message`), in the first one's place. */
function inFirstOnesPlace(warnings: readonly PlanWarning[], folded: ReadonlySet<PlanWarning>, message: string): readonly PlanWarning[] {
  let placed = false;
  return warnings.flatMap((warning): PlanWarning[] => {
    if (!folded.has(warning)) return [warning];
    if (placed) return [];
    placed = true;
    return [{ kind: 'other', uid: null, message }];
  });
}

function withSchemaMigrationsGrouped(warnings: readonly PlanWarning[], describeOne: (warning: PlanWarning) => string, selection: RunSelection | undefined): string[] {
  const migrations = warnings.filter((warning): warning is Extract<PlanWarning, { kind: 'schema-migration' }> => warning.kind === 'schema-migration');
  if (migrations.length <= SCHEMA_MIGRATIONS_NAMED) return warnings.map(describeOne);
  const first = warnings.indexOf(migrations[0]!);
  const others = warnings.filter((warning) => warning.kind !== 'schema-migration').map(describeOne);
  return [...others.slice(0, first), describeSchemaMigrations(migrations, selection), ...others.slice(first)];
}

/** `schema migration: 5000 dashboards go through /apis, … (schemaVersion 16–39 → 42 …): a (a.json), … and 4997 more; …`. */
function describeSchemaMigrations(migrations: Extract<PlanWarning, { kind: 'schema-migration' }>[], selection: RunSelection | undefined): string {
  const froms = migrations.map((migration) => migration.from);
  const [low, high] = [Math.min(...froms), Math.max(...froms)];
  const tos = [...new Set(migrations.map((migration) => migration.to))].sort((a, b) => a - b).join('/');
  const floor = migrations.some((migration) => migration.atLeast) ? 'at least ' : '';
  const maybe = migrations.filter((migration) => migration.maybe).length;
  const migrates = maybe === 0 ? 'migrates' : maybe === migrations.length ? 'may migrate' : 'migrates or may migrate';
  const named = migrations.slice(0, SCHEMA_MIGRATIONS_NAMED).map((migration) => `${migration.uid} (${migration.file})`);
  return (
    `schema migration: ${migrations.length} dashboards go through /apis, where Grafana ${migrates} them on write ` +
    `(schemaVersion ${low === high ? low : `${low}–${high}`} → ${floor}${tos}: panels such as singlestat become stat, datasource names become references): ` +
    `${named.join(', ')} and ${migrations.length - named.length} more (${renderNextCommand(selection, ['plan', '--verbose'])} or --format json lists each); ` +
    'later plans and dashsync pull take what Grafana stores for the file (no change; the file keeps its schemaVersion)'
  );
}
