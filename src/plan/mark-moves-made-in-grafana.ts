import pLimit from 'p-limit';
import { readOrWhyNot } from '../errors.js';
import type { GrafanaPort, PastVersion } from '../grafana/port.js';
import { contentDigest } from '../normalize/content-digest.js';
import { normalizeContent } from '../normalize/normalize-content.js';
import type { HeldCommit } from './find-held-in-git.js';
import { dashboardActions, type DashboardAction, type Plan, type PlanWarning } from './types.js';
import type { SavedHead } from './read-saved-commits.js';
import type { PushBelow, SincePushReader } from './read-since-push.js';

type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/** What the look down one move's history found: PushBelow, or why it could not be read (the failure's line). */
type MoveLook = PushBelow | { unread: string };

/**
 * What tells, for a dashboard dashsync never pushed, that Grafana moved it after git adopted it (walk-66 M2): a commit of its
 * file holding the live content in the directory the file is in now, and a version older than the live one that Grafana had
 * in that folder with that content (a bootstrap pull's commit, moved in the UI since).
 */
export interface AdoptionEvidence {
  /** findHeldInGit's movedOnly: the newest commit of each file holding the live content in a directory that stood for another folder than Grafana's. */
  movedOnly: ReadonlyMap<string, HeldCommit>;
  grafana: Pick<GrafanaPort, 'readVersionsBetween'>;
  minRefreshInterval: string;
  /** Where the file goes to stand for Grafana's folder (moveToLiveFolder): the way to keep Grafana's folder. */
  moveTo: (file: string, liveFolderUid: string | null) => string | undefined;
}

/**
 * The plan an apply no one reviews applies: a same-content move of a dashboard dashsync had placed (a push of its own lies under
 * the save that left it in another folder, or, where Grafana's history no longer reaches that far, dashsync's push record names
 * it) undoes a move made in Grafana since, an edit like any other, so its warning is plain drift, which that apply keeps
 * (driftByAction). So is one of a dashboard dashsync never pushed whose file a commit holds as Grafana had it, in the folder
 * Grafana had it in then, before a later version moved it (`adoption`: a bootstrap pull, moved in the UI since; the file's
 * directory unchanged since that commit, so the move back is no change of the tree's author): its warning names that commit
 * (`movedOnlyIn`), one read of the history per such move (readVersionsBetween through `/apis`: only unified storage's history
 * gives each version's folder). Any other dashboard dashsync never pushed (a tree adopted from another tool, its directories not
 * yet the live folders) loses nothing by the move, which stays (review-54 F2). One whose history Grafana cut short with no
 * push record to tell stays too, its warning saying that whether it undoes a move made in Grafana is not known
 * (`pushUnknown`): `/api` keeps no such record, and an adopted tree's dashboards are the likelier ones to have been saved that
 * often. A move out of the folder of a directory this run's selection leaves out (`liveDirectoryLeftOut`: another environment's,
 * docs/environments.md's folder per environment) stays as it is: the file's directory decides the folder there. One whose history cannot be read is kept as that apply keeps an edit (`historyUnread`), the run going on. One look
 * down the history per such move (SincePushReader.pushBelow, shared with the plan's other checks), `concurrency` at a time.
 */
export async function markMovesMadeInGrafana(plan: Plan, pushes: SincePushReader, heads: ReadonlyMap<string, SavedHead>, concurrency: number, adoption?: AdoptionEvidence): Promise<Plan> {
  // Out of the folder of a directory this run leaves out (another environment's), the file's directory decides the folder: no
  // move the tree could keep (pull keeps the file in its place), so the move back is made, whoever moved it.
  const sameContent = plan.warnings.filter((warning): warning is DriftWarning => warning.kind === 'drift' && warning.sameContent === true && warning.resource === undefined && warning.liveDirectoryLeftOut === undefined);
  if (sameContent.length === 0) return plan;
  const limit = pLimit(concurrency);
  const moves = new Map(dashboardActions(plan).filter((action) => action.action === 'move').map((action) => [action.uid, action]));
  const looks = new Map(
    await Promise.all(
      sameContent.map((warning) =>
        limit(async () => {
          const look = await lookUnder(pushes, heads.get(warning.uid), warning.version);
          const adopted = look === 'none' || look === 'cut-short' ? await movedSinceAdoption(adoption, moves.get(warning.uid), warning.version) : null;
          return [warning, adopted ?? look] as const;
        }),
      ),
    ),
  );
  const warnings = plan.warnings.map((warning) => {
    const look = warning.kind === 'drift' ? looks.get(warning) : undefined;
    return look === undefined ? warning : markMove(warning as DriftWarning, look);
  });
  return { ...plan, warnings };
}

async function lookUnder(pushes: SincePushReader, head: SavedHead | undefined, version: number): Promise<MoveLook> {
  if (head === undefined) return 'none';
  // One history Grafana cannot give holds that one move; an interrupt, or credentials it refuses outright, end the run.
  return readOrWhyNot(() => pushes.pushBelow(head, version));
}

/** A move made in Grafana after git adopted the dashboard: the commit that holds it as Grafana had it, and where the file would keep Grafana's folder. */
interface Adopted {
  adoptedIn: string;
  liveFolderTitle: string;
  file: string;
  moveTo?: string;
}

/**
 * Whether the move back undoes one made in Grafana after a commit of the file adopted the dashboard (AdoptionEvidence): null
 * where nothing says so, or the history could not be read (the move stays as before). `version`: the live version the plan read.
 */
async function movedSinceAdoption(adoption: AdoptionEvidence | undefined, action: DashboardAction | undefined, version: number): Promise<Adopted | null> {
  if (adoption === undefined || action === undefined || action.live === null || action.file === null) return null;
  const live = action.live;
  const held = adoption.movedOnly.get(action.uid);
  // Committed in the folder the file names now: a `git mv` since that commit is the author's move, not undone here.
  if (held === undefined || held.folderUid === undefined || held.folderUid !== action.folderUid) return null;
  if (live.apiVersion === undefined || adoption.grafana.readVersionsBetween === undefined) return null;
  const versions = await adoption.grafana.readVersionsBetween(action.uid, { after: 0, before: version + 1 }, { apiVersion: live.apiVersion }).catch(() => [] as PastVersion[]);
  const current = versions.find((entry) => entry.version === version);
  if (current === undefined) return null;
  const digest = (entry: PastVersion) =>
    contentDigest(normalizeContent({ uid: action.uid, schema: entry.schema, apiVersion: entry.apiVersion, spec: entry.model, metadata: entry.metadata }, { minRefreshInterval: adoption.minRefreshInterval }));
  const now = digest(current);
  const before = versions.some((entry) => entry.version < version && entry.folderUid !== undefined && entry.folderUid === held.folderUid && digest(entry) === now);
  if (!before) return null;
  const moveTo = adoption.moveTo(action.file, live.folderUid);
  return { adoptedIn: held.commit, liveFolderTitle: live.folderTitle, file: action.file, ...(moveTo !== undefined && { moveTo }) };
}

function markMove(warning: DriftWarning, look: MoveLook | Adopted): DriftWarning {
  const { sameContent: _moved, ...edit } = warning;
  if (typeof look === 'object' && 'adoptedIn' in look) {
    const { adoptedIn, ...where } = look;
    return { ...edit, movedOnlyIn: adoptedIn, ...where };
  }
  if (typeof look === 'object') return { ...edit, historyUnread: look.unread };
  if (look === 'in-history') return edit;
  if (look === 'recorded') return { ...edit, pushBeyondHistory: true };
  if (look === 'cut-short') return { ...warning, pushUnknown: true };
  return warning;
}
