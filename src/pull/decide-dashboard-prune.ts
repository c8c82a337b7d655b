import { mayReplaceFile, type GitFileState } from './decide-pull-file.js';
import { describeUnprunedFile } from './describe-left-file.js';
import type { OnlyInGit, PruneDecision } from './types.js';

export interface DashboardPruneEvidence {
  /** `pull --prune`. */
  prune: boolean;
  force: boolean;
  git: GitFileState;
  gitUnavailable: string | null;
  /** git holds a version of the file (its `uncommitted` state is a change to a committed file, not a file git never had). */
  tracked?: boolean;
  /** Its folder is missing from Grafana's folder list and reading it is refused: Grafana hides the folder's dashboards too. */
  folderHidden: boolean;
  /** Reading it (where the search may lag: Capabilities.searchMayLag) is refused: it exists, hidden from these credentials. */
  readRefused?: boolean;
  /** This run's environment and the config's others whose include/exclude select the file too (otherEnvironmentsDeploying). */
  sharedWith?: SharedWith;
}

/** A file of the tree this run's environment deploys that other environments deploy too. */
export interface SharedWith {
  environment: string;
  others: readonly string[];
  /** Of `others`, those the config file places in this run's Grafana org (environmentsSharingOrg): this pull read it without the item. */
  sameOrg?: readonly string[];
  /** Of `others`, those whose config file's `prune` is false: their apply keeps in their Grafana what they no longer deploy. */
  pruneOff?: readonly string[];
  /** Of `others`, for a file at the General level, those whose config file's `prune` is `"folders"`, which never deletes there. */
  generalLevelKept?: readonly string[];
}

/**
 * Pure: what pull does with a dashboard file whose uid Grafana does not list. --prune deletes it
 * where git holds it as it is (or with --force), and never when its folder is hidden from these
 * credentials: Grafana lists no dashboard of a folder the token cannot view, so "not listed"
 * says nothing about whether it is gone, nor when reading the dashboard itself is refused.
 * --force changes only the git rule.
 */
export function decideDashboardPrune(gone: OnlyInGit, evidence: DashboardPruneEvidence): PruneDecision {
  if (evidence.folderHidden && gone.folderUid !== null) return hiddenFolderDecision(`uid ${gone.uid}`, 'dashboards', gone.folderUid, evidence.prune);
  if (evidence.readRefused) return leftDecision(`uid ${gone.uid} is in Grafana, but these credentials cannot read it (the search leaves it out, and reading it is refused: HTTP 403)`, evidence.prune);
  if (evidence.prune && !mayReplaceFile(evidence.git, evidence.force)) return { action: 'keep', why: describeUnprunedFile('dashboard', gone.uid, evidence.git, evidence.gitUnavailable, evidence.tracked) };
  return sharedFileDecision(`uid ${gone.uid}`, evidence);
}

/**
 * Pure: --prune on a file other environments deploy too (walk-73 M1): deleting it would prune the dashboard or panel from their
 * Grafanas at their next apply, which nothing here can see. Kept, saying who deploys it; --force
 * deletes it with the same words; without --prune its only-in-git line says --prune keeps it.
 */
export function sharedFileDecision(subject: string, evidence: { prune: boolean; force: boolean; sharedWith?: SharedWith }): PruneDecision {
  const shared = evidence.sharedWith !== undefined && evidence.sharedWith.others.length > 0 ? evidence.sharedWith : undefined;
  if (!evidence.prune) return shared === undefined ? { action: 'list' } : { action: 'list', why: describeSharedFile(subject, shared, 'list'), shared: true };
  if (shared === undefined) return { action: 'delete' };
  return evidence.force ? { action: 'delete', why: describeSharedFile(subject, shared, 'delete') } : { action: 'keep', why: describeSharedFile(subject, shared, 'keep') };
}

/** Pure: why a file other environments deploy is kept (or deleted with --force, or only listed): the environments, and what to do. */
function describeSharedFile(subject: string, shared: SharedWith, as: 'keep' | 'delete' | 'list'): string {
  const groups = groupSharers(shared).map(describeSharers);
  if (as === 'list') return `${groups.map((group) => group.who).join('; ')}: --prune keeps it`;
  if (as === 'delete') return `${groups.map((group) => `${group.who}: ${group.afterDelete}`).join('; ')} (--force)`;
  // git rm removes it everywhere only where every other Grafana prunes what its environment no longer deploys.
  const gitRm = groups.every((group) => !KEEPS.includes(group.kind)) ? 'git rm it to remove it everywhere' : 'git rm it to stop deploying it anywhere';
  return (
    `${subject} is not in ${shared.environment}'s Grafana, but ${groups.map((group) => `${group.who}: ${group.ifDeleted}`).join('; ')}; not deleted. ` +
    `Leave it out of ${shared.environment}'s include, or ${gitRm} (--force deletes it)`
  );
}

/**
 * How another environment's Grafana meets a file it deploys: this run's org (`same`), another that prunes it once undeployed,
 * or one that keeps it: its prune is off (`off`), or `"folders"` and the file is at the General level (`general`).
 */
type SharerKind = 'same' | 'prunes' | 'off' | 'general';

/** The kinds whose next apply leaves the dashboard or panel in their Grafana, unmanaged, once the file is deleted. */
const KEEPS: readonly SharerKind[] = ['off', 'general'];

/** Pure: the other environments in config order, grouped by SharerKind (another Grafana that prunes first: the former wording). */
function groupSharers(shared: SharedWith): { kind: SharerKind; names: string[] }[] {
  const kindOf = (name: string): SharerKind =>
    shared.sameOrg?.includes(name) ? 'same' : shared.pruneOff?.includes(name) ? 'off' : shared.generalLevelKept?.includes(name) ? 'general' : 'prunes';
  const kinds: SharerKind[] = ['prunes', 'off', 'general', 'same'];
  return kinds.map((kind) => ({ kind, names: shared.others.filter((name) => kindOf(name) === kind) })).filter((group) => group.names.length > 0);
}

/** Pure: what a group of environments deploying the file means: who they are, what deleting the file would do, what --force's delete does. */
function describeSharers(group: { kind: SharerKind; names: string[] }): { kind: SharerKind; who: string; ifDeleted: string; afterDelete: string } {
  const one = group.names.length === 1;
  const deploy = one ? `environment ${group.names[0]} deploys this file too` : `environments ${group.names.join(', ')} deploy this file too`;
  if (group.kind === 'same') {
    return {
      kind: group.kind,
      who: `${deploy}, to this same Grafana org`,
      ifDeleted: `${one ? 'its next apply creates' : 'their next applies create'} it there again unless the file is deleted`,
      afterDelete: 'it is not there either, so nothing is left to prune',
    };
  }
  const who = `${deploy}, and ${one ? 'its Grafana' : 'their Grafanas'} may still hold it`;
  if (group.kind === 'off' || group.kind === 'general') {
    const why = group.kind === 'off' ? `${one ? 'its' : 'their'} prune is off` : `${one ? 'its' : 'their'} prune "folders" never deletes at the General level`;
    return { kind: group.kind, who, ifDeleted: `deleting the file would leave it there unmanaged (${why})`, afterDelete: `${why}: ${one ? 'its next apply leaves' : 'their next applies leave'} it there, unmanaged` };
  }
  return { kind: group.kind, who, ifDeleted: 'deleting the file would prune it there', afterDelete: one ? 'its next apply prunes it there' : 'their next applies prune it there' };
}

/** Pure: a file left because its folder cannot be read with these credentials: a `kept` line with --prune, a note without. */
export function hiddenFolderDecision(subject: string, listed: 'dashboards' | 'library panels', folderUid: string, prune: boolean): PruneDecision {
  return leftDecision(`${subject} is not among the ${listed} these credentials can see, and its folder ${folderUid} cannot be read with them: pull cannot tell whether it is gone`, prune);
}

function leftDecision(why: string, prune: boolean): PruneDecision {
  return prune ? { action: 'keep', why: `${why}; not deleted` } : { action: 'note', note: `${why}; file left as it is` };
}
