import { readFile } from 'node:fs/promises';
import { readLibraryPanelFile } from '../files/read-library-panels.js';
import { restoreFileForm } from '../files/restore-file-form.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { isInternalId } from '../grafana/save-authorship.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { libraryPanelFileText } from '../files/library-panel-file-text.js';
import { normalizeLibraryPanel } from '../normalize/normalize-library-panel.js';
import { committedHoldsPanel, committedPanelContent } from '../plan/find-library-panels-held.js';
import { decideLibraryPanelHistory, type CommittedPanelJudge, type CommittedPanelVersion } from './decide-library-panel-history.js';
import { committedInputsReader } from '../plan/find-held-in-git.js';
import { findLiteralsOverPlaceholders, type LiteralOverPlaceholder } from './find-literals-over-placeholders.js';
import { decidePullFile, type LiveAuthor, type PullFileDecision } from './decide-pull-file.js';
import { findUncarriedCommit } from './find-uncarried-commit.js';
import { findDashsyncPushNearPanel } from './find-dashsync-push-near-panel.js';
import { judgePanelSavers } from './judge-panel-savers.js';
import { otherEnvironmentsOf, saveBeforeReplacing, type PullTargetContext, type PullTargetResult } from './pull-dashboard-target.js';
import type { SavedCopy } from './save-replaced-file.js';
import type { LiveAuthorship } from './read-live-author.js';
import { ensureDirectoryInside, resolveInsideRoot, resolveWriteTarget } from './safe-path.js';
import type { LibraryPanelTarget } from './types.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { removeFile } from '../files/file-ops-in-flight.js';
import { placeNewFileInputs } from './place-new-file-inputs.js';
import { pulledContentDigest } from './library-pull-record.js';

/**
 * Brings one library panel's `_library/` file up to date with the live panel (already read by
 * the list), under pull's decision table (decidePullFile): a file that says what Grafana says is
 * left alone; one that differs is replaced only where Grafana's version is the newer one, and
 * keeps its `${DS_…}` placeholders where they still resolve to what Grafana has (restoreFileForm).
 * A new file gets this run's `${DS_…}` placeholders where a datasource is exactly one input's value, as a new
 * dashboard file does, but no `__inputs`: a library panel file has no place for them (placeNewFileInputs).
 * Who changed the panel last comes from its `updatedBy` (library panels keep no messages).
 */
export async function pullLibraryPanelTarget(target: LibraryPanelTarget, live: LiveLibraryPanel, context: PullTargetContext): Promise<PullTargetResult> {
  const content = normalizeLibraryPanel(live);
  let text = libraryPanelFileText(content);
  const absPath = resolveInsideRoot(context.realRoot, target.file);
  let adopted: (PullTargetResult & { kind: 'written' })['adopted'];
  let formLost: string | undefined;
  let newInputs: (PullTargetResult & { kind: 'written' })['newInputs'];
  let literals: LiteralOverPlaceholder[] = [];
  if (target.existingFile === null) {
    const placed = placeNewFileInputs(content.model, context.inputs, { declare: false });
    text = libraryPanelFileText({ uid: content.uid, name: content.name, model: placed.model });
    if (placed.placed.length > 0 || placed.ambiguous.length > 0) newInputs = { placed: placed.placed, ambiguous: placed.ambiguous };
  } else {
    const existingPath = resolveInsideRoot(context.realRoot, target.existingFile);
    const { parsed } = readLibraryPanelFile(existingPath, target.existingFile, context.inputs);
    if (!parsed.content || !parsed.written) throw new Error('the file changed while pull was running and is no longer valid; fix it and pull again');
    const same = canonicalJson(parsed.content) === canonicalJson(content);
    if (same && target.previousFile === null) {
      // Grafana holds what the file says: a later pull can account for this content (LibraryPullRecord).
      if (!context.dryRun && context.libraryPulls) await context.libraryPulls.note(target.uid, await readFile(existingPath, 'utf8'), live.version);
      return { kind: 'written', outcome: 'unchanged', owner: null, titleMissing: false };
    }
    // The file's ${DS_…} placeholders stay where they still resolve to what Grafana has (another environment resolves them to its own datasources).
    const form = restoreFileForm({ name: content.name, model: content.model }, { name: parsed.written.name, model: parsed.written.model }, context.inputs);
    if (form.kept) text = libraryPanelFileText({ uid: content.uid, name: form.model.name, model: form.model.model });
    formLost = form.lost;
    literals = findLiteralsOverPlaceholders({ name: parsed.written.name, model: parsed.written.model }, form.kept ? form.model : { name: content.name, model: content.model });
    if (!same) {
      const git = context.git.stateOf(target.existingFile);
      const author = authorOf(live);
      const decided = decidePullFile({ git, grafana: author.author, force: context.force });
      // Grafana's version would replace a committed file: git tells whether a commit of it is not applied yet (Grafana keeps no
      // history of a panel); --force takes Grafana's version as asked.
      const fromHistory = !context.force && decided.action === 'adopt' && context.libraryHistory
        ? decideLibraryPanelHistory(
            await context.libraryHistory(target.existingFile),
            judgeCommitted(target.existingFile, context, content, (await context.libraryPulls?.contentsOf(target.uid)) ?? new Set()),
            pushedByDashsync(live),
            // Not for a move: its folder, not a copy, is what changed (as the plan's drift check reads it).
            target.previousFile === null ? await variantHistories(context, target.uid) : [],
          )
        : null;
      const decision =
        fromHistory?.action === 'adopt' && fromHistory.reason === 'library-never-pushed'
          ? await unlessSavedByDashsync(fromHistory, context, live, target.existingFile)
          : withOwnLogin(fromHistory ?? decided, live);
      if (fromHistory === null && decision.action === 'keep' && author.author === 'dashsync' && !(await committedHoldsLive(context, target.existingFile, content))) {
        return { kind: 'left', decision, git, author: { ...author, sameLoginUnconfirmed: true }, gitUnavailable: context.git.unavailable };
      }
      if (decision.action !== 'adopt') return { kind: 'left', decision, git, author, gitUnavailable: context.git.unavailable };
      adopted = decision.reason === 'library-never-pushed' ? { ...decision, author } : decision;
    }
  }
  const dir = target.file.includes('/') ? target.file.slice(0, target.file.lastIndexOf('/')) : '';
  if (!context.dryRun) await ensureDirectoryInside(context.realRoot, dir);
  const writePath = context.dryRun ? absPath : await resolveWriteTarget(context.realRoot, absPath);
  const existing = await readFile(writePath, 'utf8').catch(() => undefined);
  let saved: SavedCopy | null = null;
  if (!context.dryRun) {
    if (adopted?.reason === 'forced') saved = await saveBeforeReplacing(context, target.existingFile!);
    if (existing !== text) await writeFileAtomic(writePath, text);
    if (target.previousFile) await removeFile(resolveInsideRoot(context.realRoot, target.previousFile));
    await context.libraryPulls?.note(target.uid, text, live.version);
  }
  const outcome = target.previousFile ? 'moved' : existing === undefined ? 'created' : existing === text ? 'unchanged' : 'updated';
  const overPlaceholders = literals.length > 0 && outcome !== 'created' && outcome !== 'unchanged' ? { literalsOverPlaceholders: { literals, otherEnvironments: otherEnvironmentsOf(context, target.file) } } : {};
  const shared = outcome === 'unchanged' ? [] : otherEnvironmentsOf(context, target.file);
  return { kind: 'written', outcome, owner: null, titleMissing: false, formLost, adopted, ...(outcome === 'created' && newInputs ? { newInputs } : {}), ...overPlaceholders, ...(saved ? { saved } : {}), ...(shared.length > 0 && { alsoDeployedBy: shared }) };
}

/**
 * Whether Grafana shows a save of the panel by dashsync (these credentials, as authorOf): its creator or its last saver.
 * null when either is not known (a deleted user, or credentials whose login is not known).
 */
function pushedByDashsync(live: LiveLibraryPanel): boolean | null {
  const saves = [live.created?.byDashsync ?? null, live.lastSave.byDashsync];
  if (saves.includes(true)) return true;
  return saves.includes(null) ? null : false;
}

/**
 * `library-never-pushed` rests on "neither the panel's creator nor its last saver is these credentials", which is no
 * evidence where dashsync applies with other credentials (a CI token applies, people pull): when the creator or the last
 * saver is an identity that pushed a dashboard using the panel for dashsync, or when that cannot be told (a dashboard that
 * cannot be read, a push's identity Grafana would not map to the panel's savers), the committed change is refused as any
 * unknown one is. The panel keeps no history, so a save by such an identity between its creator's and its last saver's
 * leaves no name (review-12 M1): the committed `file` is refused too when no push of dashsync's on those dashboards is known to
 * have carried the commit that brought its content (findUncarriedCommit: by the commit the newest push names, else by time;
 * git is asked only then). Only the pushes on dashboards deployed with the file are asked that (deployedWithPanel: an environment
 * that does not deploy the file pushes its own dashboards, from its own branch or clone, and its commit says nothing of the
 * file); every push still counts as an identity that pushes for dashsync. Where none of those dashboards holds a push of
 * dashsync's, no apply seen here carried the file's content, and no record of a pull or apply holds it (decideLibraryPanelHistory took
 * that in): the commit is refused as one no evidence accounts for (`unaccounted`, walk-71 M3).
 */
async function unlessSavedByDashsync(decision: PullFileDecision & { reason: 'library-never-pushed' }, context: PullTargetContext, live: LiveLibraryPanel, file: string): Promise<PullFileDecision> {
  const near = await findDashsyncPushNearPanel(context.grafana, live.uid);
  const uids = [...new Set(near.pushes.flatMap(({ pusher }) => (pusher.form === 'uid' && !isInternalId(pusher.saver) ? [pusher.saver] : [])))];
  const ids = uids.length === 0 ? new Map<string, number>() : ((await context.grafana.internalIdsOf?.(uids)) ?? new Map<string, number>());
  const evidence = judgePanelSavers(live.savers, near.pushes, ids);
  // A match settles it; an unreadable dashboard might have shown one.
  const deployed = context.deployedWithPanel;
  const ownPushes = deployed === undefined ? near.pushes : near.pushes.filter((push) => deployed(file, push.dashboard));
  const refusedBecause = evidence?.kind === 'pushed-with' ? evidence : near.unreadable ? { kind: 'unreadable' as const } : (evidence ?? (await findUncarriedCommit(context.realRoot, file, ownPushes, decision.commit)));
  // No push of dashsync's to have carried the file's content (the record of pulls and applies was asked before: decideLibraryPanelHistory):
  // nothing shows that Grafana had it before the change there (walk-71 M3).
  const because = refusedBecause ?? (ownPushes.length > 0 ? null : { kind: 'unaccounted' as const, record: (await context.libraryPullsShown?.()) ?? [] });
  if (!because) return decision;
  return { action: 'refuse', reason: 'library-change-unknown', commit: decision.commit, merge: { head: decision.head, ...(decision.base !== undefined && { base: decision.base }) }, saverEvidence: because };
}

/**
 * A refusal because the panel's creator or last saver is the login these credentials use (pushedByDashsync): says which
 * and that a person logged in as it saves the same way (audit-ux-12 U4).
 */
function withOwnLogin(decision: PullFileDecision, live: LiveLibraryPanel): PullFileDecision {
  if (decision.action !== 'refuse' || decision.reason !== 'library-change-unknown' || decision.saverEvidence) return decision;
  const saver = live.lastSave.byDashsync === true ? { saver: 'last saver' as const, login: live.lastSave.by } : live.created?.byDashsync === true ? { saver: 'creator' as const, login: live.created.by } : null;
  return saver ? { ...decision, saverEvidence: { kind: 'own-login', ...saver } } : decision;
}

/** The committed versions of another environment's variants of the panel's file (PullTargetContext.variantsOf), each as shown. */
async function variantHistories(context: PullTargetContext, uid: string): Promise<{ file: string; versions: readonly CommittedPanelVersion[] }[]> {
  const variants = context.variantsOf?.(uid, 'library-panel') ?? [];
  const read = await Promise.all(variants.map(async (variant) => ({ file: variant.shown, versions: (await context.libraryHistory?.(variant.file))?.versions ?? [] })));
  return read.filter((variant) => variant.versions.length > 0);
}

/** How pull judges a committed text of `file` against the live panel (`live`, normalized) and the file's other versions. */
function judgeCommitted(file: string, context: PullTargetContext, live: ReturnType<typeof normalizeLibraryPanel>, pulledContents: ReadonlySet<string>): CommittedPanelJudge {
  const renderingsOf = renderingsIn(context);
  return {
    pulled: (version) => {
      const digest = pulledContentDigest(version.text);
      return digest !== null && pulledContents.has(digest);
    },
    holdsLive: (version) => renderingsOf(version).some((inputs) => committedHoldsPanel(version.text, file, { ...context, inputs }, live)),
    holdsLiveWithOlderInputs: (version) => {
      const [then, ...now] = renderingsOf(version);
      return now.length > 0 && committedHoldsPanel(version.text, file, { ...context, inputs: then! }, live);
    },
    // As the commit deployed it.
    contentOf: (version) => committedPanelContent(version.text, file, { ...context, inputs: renderingsOf(version)[0]! }),
  };
}

/** The inputs a committed version is rendered under in this pull (committedInputsReader). */
function renderingsIn(context: PullTargetContext): (version: CommittedPanelVersion) => Record<string, string>[] {
  return committedInputsReader({ inputs: context.inputs, ...(context.environments?.environment !== undefined && { environment: context.environments.environment }) });
}

/** The panel's last change as pull's decision table sees it. */
function authorOf(live: LiveLibraryPanel): LiveAuthorship {
  const author: LiveAuthor = live.lastSave.byDashsync === null ? 'unknown' : live.lastSave.byDashsync ? 'dashsync' : 'someone-else';
  return { author, version: live.version, by: live.lastSave.by, of: 'library panel', at: live.lastSave.at || undefined };
}

/**
 * Whether a committed version of the panel's file holds the live panel: the only sign that dashsync pushed what Grafana
 * has (a library panel keeps no version messages; its `updatedBy` names a login, which people may share). One history read.
 */
async function committedHoldsLive(context: PullTargetContext, file: string, live: ReturnType<typeof normalizeLibraryPanel>): Promise<boolean> {
  const history = context.libraryHistory === undefined ? null : await context.libraryHistory(file);
  const renderingsOf = renderingsIn(context);
  return (history?.versions ?? []).some((version) => renderingsOf(version).some((inputs) => committedHoldsPanel(version.text, file, { ...context, inputs }, live)));
}
