import { findDuplicateTitles } from '../check/find-duplicate-titles.js';
import { InputError, type Diagnostic } from '../errors.js';
import { locateInFile } from '../files/locate-in-file.js';
import { sameTitleKey } from '../files/title-slug-key.js';
import type { DashboardEntry, Tree } from '../files/types.js';
import type { ServerDescription } from '../grafana/port.js';
import { findTitleHandovers } from './order-title-handovers.js';
import type { DashboardAction } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Pure: one error for each file of the tree whose title an earlier file of the same folder already has, naming both
 * files and the folder. For a Grafana that refuses a second dashboard of one title in a folder (≤ 11.2: 412
 * name-exists). Only titles it refuses for sure (equal but for case and spaces at the ends): titles whose slugs may
 * merely be equal (`CPU usage`, `cpu-usage`) stay the plan's title-clash warning, as the slug rule of a release is
 * not certain (grafana-api.md §2.1) and a false error would block a plan with no way past it.
 */
function describeDuplicateTitles(tree: Pick<Tree, 'folders' | 'dashboards'>, version: string): Omit<Diagnostic, 'line' | 'col'>[] {
  const folderTitles = new Map(tree.folders.map((folder) => [folder.uid, folder]));
  const byFile = new Map(tree.dashboards.map((entry) => [entry.file, entry]));
  return findDuplicateTitles(tree.dashboards, sameTitleKey).flatMap((duplicate) => {
    const entry = byFile.get(duplicate.file)!;
    const first = duplicate.others[0]!.file;
    // The group's first file keeps its title: the lines are about the others.
    if (tree.dashboards.indexOf(byFile.get(first)!) > tree.dashboards.indexOf(entry)) return [];
    const folder = entry.folderUid === null ? undefined : folderTitles.get(entry.folderUid);
    const where = folder === undefined ? 'the General level' : `folder ${quoteText(folder.title)}`;
    return [{
      file: duplicate.file,
      severity: 'error' as const,
      rule: 'title-duplicate-in-folder',
      message:
        `title ${quoteText(duplicate.title)} is also the title of ${first}, and both go to ${where}: this Grafana (${version}) refuses a second ` +
        'dashboard of one title in a folder, so apply would save one and fail the other; retitle one of the two files, or move one to another folder',
    }];
  });
}

/**
 * Before any write: on a Grafana whose release is known to refuse duplicate titles in a folder (≤ 11.2), two files
 * of the tree with one title in one folder stop the plan. A hidden release stays a warning (it may be 11.3 or later).
 */
export function refuseDuplicateTitles(tree: Pick<Tree, 'folders' | 'dashboards'>, server: ServerDescription): void {
  if (!server.capabilities.uniqueTitlesPerFolder || server.version === null) return;
  const found = describeDuplicateTitles(tree, server.version);
  if (found.length === 0) return;
  const entries = new Map(tree.dashboards.map((entry) => [entry.file, entry]));
  throw new InputError(found.map((diagnostic) => ({ ...diagnostic, ...locateTitle(entries.get(diagnostic.file)!) })), true);
}

/**
 * Pure: tree dashboards that would each take the title another of them holds in a folder now (a swap, or any ring of
 * retitles and moves), found by findNameHandovers as for library panels. One error per ring, naming every file.
 */
function describeTitleRings(actions: readonly DashboardAction[], version: string): Diagnostic[] {
  const byUid = new Map(actions.map((action) => [action.uid, action]));
  const { waitsFor, cycles } = findTitleHandovers(actions);
  return cycles.map((ring) => {
    const steps = ring.map((uid) => {
      const holder = byUid.get(waitsFor.get(uid)!)!;
      const where = holder.live!.folderUid === null ? 'the General level' : `folder ${quoteText(holder.live!.folderTitle)}`;
      return `${byUid.get(uid)!.file} takes ${quoteText(byUid.get(uid)!.title)} from ${holder.file} in ${where}`;
    });
    return {
      file: byUid.get(ring[0]!)!.file!,
      severity: 'error' as const,
      rule: 'title-swap',
      message:
        `dashboards ${ring.join(', ')} would take each other's title (${steps.join('; ')}), and this Grafana (${version}) refuses a title twice in a folder, ` +
        'so none of them can be saved first: retitle one of them in a commit of its own first (a title no dashboard has), apply, then give it its final title',
    };
  });
}

/** Before any write, once the live dashboards are read: on a release known to refuse duplicate titles in a folder (≤ 11.2), a ring of title hand-overs stops the plan. */
export function refuseTitleRings(actions: readonly DashboardAction[], server: ServerDescription, entries: readonly DashboardEntry[]): void {
  if (!server.capabilities.uniqueTitlesPerFolder || server.version === null) return;
  const found = describeTitleRings(actions, server.version);
  if (found.length === 0) return;
  const byFile = new Map(entries.map((entry) => [entry.file, entry]));
  throw new InputError(found.map((diagnostic) => ({ ...diagnostic, ...locateTitle(byFile.get(diagnostic.file)!) })), true);
}

function locateTitle(entry: DashboardEntry): { line?: number; col?: number } {
  if (entry.form === 'resource') return locateInFile(entry.absPath, ['spec', 'title']);
  const atTop = locateInFile(entry.absPath, ['title']);
  return atTop.line === undefined ? locateInFile(entry.absPath, ['dashboard', 'title']) : atTop;
}
