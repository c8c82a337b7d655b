import { schemaVersionOf } from '../files/schema-version.js';
import type { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import type { LibraryPanelName } from '../files/find-stale-library-ref-names.js';
import { describeLiveNumber } from '../diff/describe-live-number.js';
import { diffConverted } from '../diff/drop-conversion-artifacts.js';
import { withDatasourceCurrentAsLive } from './datasource-current-as-live.js';
import type { UnsureDefault, VariableDefaultDatasource } from '../diff/drop-conversion-defaults.js';
import type { FieldChange } from '../diff/types.js';
import type { DashboardEntry, DesiredContent } from '../files/types.js';
import { describeOwner, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { ConvertedForm, DashboardHead, DatasourceRef, LiveDashboard, UserMetadata, WriteTarget } from '../grafana/port.js';
import { contentDigest } from '../normalize/content-digest.js';
import { holdsUserMetadata, keepsUserMetadata, metadataDigest } from '../grafana/user-metadata.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { actionId, type DashboardAction, type LiveDashboardState, type PlanWarning } from './types.js';
import { diffWithLive } from './diff-with-live.js';
import { migratedFileSchemaVersion } from './drop-migrated-schema-version.js';
import { quoteText } from '../report/escape-untrusted.js';
import { renderFolderName } from '../report/folder-names.js';
import { plural } from '../plural.js';

export interface DashboardDecision {
  action: DashboardAction;
  /** Set when the owner rule kept a difference from being applied, or the live dashboard is stored in the other schema. */
  warning: PlanWarning | null;
  /**
   * The live content differs, but dashsync's record says its last push was exactly this file's
   * content: when that push is still the newest save (decidePlan asks the history), the
   * difference is Grafana's own rewrite (schema migration, defaults), not a change.
   */
  rewriteCandidate: boolean;
  /**
   * A rewrite candidate whose record is still at the live generation: the spec is what that push left
   * (unified storage moves the generation on any spec change), whoever changed labels or annotations since.
   */
  specAsPushed?: true;
  /**
   * The file's content digest, for a live dashboard read through `/apis` that differs and carries
   * no push record: on legacy SQL storage (which keeps no annotation) the newest version's message
   * may name it (content-note.ts), and then the difference is Grafana's rewrite of that push.
   */
  unrecordedSha256?: string;
  /**
   * Grafana's storage keeps no labels or annotations (LiveDashboard.metadataNotKept) and the file's differ from
   * the none it holds: not shown as changes (no write could settle them), one note says so (decidePlan).
   */
  metadataNotKept?: true;
  /** The file's labels and annotations, when it has some and the dashboard is written and read through `/api`, which keeps none (Grafana 11, `--api legacy`). */
  metadataDropped?: UserMetadata;
  /**
   * The `schemaVersion` of a classic file written through `/apis` (a create, update or move), as Grafana reads it
   * (GetSchemaVersion: a number truncated, a numeric string parsed, else 0): decidePlan notes a write that Grafana's
   * migration will rewrite (Capabilities.apisSchemaVersion).
   */
  fileSchemaVersion?: number;
  /** Grafana holds the dashboard at a higher schemaVersion than the file's: an earlier write through `/apis` migrated it (no new note). */
  migratedBefore?: true;
  /**
   * The file holds exactly the author's labels and annotations Grafana keeps for the live dashboard (unified storage): a
   * labels edit made in Grafana (LastSave.metadataEdited) is in the file already, e.g. pulled, and no drift (decidePlan).
   */
  metadataAsLive?: true;
  /** A dashboard Grafana stores in the other schema family than its file: whether its field changes come from Grafana's conversion, or are not shown (a note). */
  conversionNote?: PlanWarning;
}

/** What decideDashboard knows besides the file and the live dashboard. */
export interface DashboardDecisionContext {
  /** A live dashboard stored in the other schema family, as Grafana converts it into the file's (normalized), or why it could not. */
  conversion?: ConvertedForm;
  libraryPanelNames?: ReadonlyMap<string, LibraryPanelName>;
  /** This run's selection, for the commands notes advise. */
  selection?: RunSelection;
  /** The config's other environments that deploy this file too (otherEnvironmentsDeploying): the format warning names them. */
  sharedWith?: string[];
  /** Why some of `sharedWith` cannot take Grafana's v2 form of the file (PlanWarning format `unserved`). */
  sharedUnserved?: string;
  /** Grafana's default data source, where known and the file's schemaVersion is below 36 (V36 gives it to a panel naming none). */
  defaultDatasource?: DatasourceRef;
  /** Grafana's data sources by name and uid, where known and the file's schemaVersion is below 36 (V33 and V36 resolve a string naming one). */
  namedDatasources?: DatasourceIndex;
  /** With `conversion` into a classic file: the data source Grafana's v2 gives a variable naming none, where known (variableDefaultDatasourceOf). */
  variableDefaultDatasource?: VariableDefaultDatasource;
  /** The tree's folders' titles by uid: a move the owner rule keeps from being applied names the file's folder. */
  folderTitles?: ReadonlyMap<string, string>;
}

/**
 * Pure: what apply must do to make one live dashboard match its file. `desired.spec` and
 * `live.model` are both normalized; `desired.hash` is the digest of the file, recorded for apply;
 * `write` is where apply will write it. A dashboard its owner does not let others save stays as
 * it is, with a warning naming what was not applied. A live dashboard stored in the other schema
 * (v2 where the file is classic, or the reverse) is compared as Grafana converts it into the file's
 * (`context.conversion`), without what the conversion makes up; a note says so, or that it could not be.
 */
export function decideDashboard(
  entry: DashboardEntry,
  desired: DesiredContent & { hash: string },
  live: LiveDashboard | null,
  write: WriteTarget,
  context: DashboardDecisionContext = {},
): DashboardDecision {
  const { conversion, libraryPanelNames } = context;
  const fileSchemaVersion = migratedFileSchemaVersion(write, desired);
  if (!live) return decideCreate(entry, desired, write, fileSchemaVersion);
  const dependsOn = entry.folderUid === null ? [] : [actionId('folder', entry.folderUid)];
  const dropped = write.apiVersion === null && live.apiVersion === null && holdsMetadata(desired) ? { metadataDropped: desired.metadata } : {};

  const state = toLiveState(live);
  const otherSchema = live.schema !== desired.schema;
  const keepsNone = !keepsUserMetadata(live);
  const liveMetadata = keepsNone ? desired.metadata : live.metadata;
  // A datasource variable's pick is no change here either (withDatasourceCurrentAsLive), as diffWithLive has it.
  const converted =
    otherSchema && conversion !== undefined && 'model' in conversion
      ? diffConverted(
          { schema: desired.schema, spec: conversion.model, metadata: liveMetadata },
          { ...desired, spec: withDatasourceCurrentAsLive(desired.spec, conversion.model) },
          context.variableDefaultDatasource,
        )
      : undefined;
  const changes = otherSchema
    ? [formatChange(live, desired), ...(converted?.changes ?? [])]
    : diffWithLive(live, desired, { libraryPanelNames, defaultDatasource: context.defaultDatasource, namedDatasources: context.namedDatasources });
  const moved = state.folderUid !== entry.folderUid;
  const differs = moved || changes.length > 0;
  if (differs && ownerBlocksUpdates(live.owner)) {
    const owner = live.owner!;
    const why =
      owner.manager === 'provisioning'
        ? 'is provisioned in Grafana from a file that does not allow UI updates'
        : `is ${describeOwner(owner)}, which dashsync never writes over`;
    // Named as Grafana shows it: the file's title may be the very difference not applied.
    const named = state.title === entry.title || state.title === '' ? `${quoteText(entry.title)} (${entry.file})` : `${quoteText(state.title)} (${entry.file}, titled ${quoteText(entry.title)} there)`;
    return {
      action: dashboardAction(entry, desired.hash, undefined, { action: 'noop', live: state, changes: [], dependsOn: [] }),
      warning: {
        kind: 'provisioned',
        uid: entry.uid,
        title: state.title || entry.title,
        message: `${entry.uid} ${named} ${why}; dashsync leaves it untouched (${describeNotApplied(moved ? { from: state, to: entry } : undefined, changes.length, context.folderTitles)})`,
        manager: owner.manager,
        ...(moved ? { moveNotApplied: { fromFolderUid: state.folderUid, toFolderUid: entry.folderUid } } : {}),
      },
      rewriteCandidate: false,
    };
  }
  const action = moved ? 'move' : changes.length > 0 ? 'update' : 'noop';
  const rewriteCandidate = !otherSchema && changes.length > 0 && live.pushed !== null && live.pushed.bound && live.pushed.sha256 === contentDigest(desired);
  const warning: PlanWarning | null = otherSchema
    ? {
        kind: 'format',
        uid: entry.uid,
        title: entry.title,
        stored: live.schema === 'v2' ? live.apiVersion! : CLASSIC_STORED,
        file: desired.schema === 'v2' ? desired.apiVersion! : 'a classic dashboard model',
        ...(context.sharedWith?.length ? { sharedWith: context.sharedWith } : {}),
        ...(context.sharedWith?.length && context.sharedUnserved ? { unserved: context.sharedUnserved } : {}),
      }
    : action !== 'noop' && live.inexactNumber
      ? roundedByWrite(entry, action, live.inexactNumber)
      : null;
  return {
    action:
      action === 'noop'
        ? dashboardAction(entry, desired.hash, undefined, { action, live: state, changes, dependsOn: [] })
        : dashboardAction(entry, desired.hash, write, { action, live: state, changes, dependsOn }),
    warning,
    rewriteCandidate,
    ...(rewriteCandidate && live.pushed!.generation === live.version ? { specAsPushed: true as const } : {}),
    ...(!otherSchema && changes.length > 0 && live.pushed === null && live.apiVersion !== null ? { unrecordedSha256: contentDigest(desired) } : {}),
    ...(live.metadataNotKept && !sameMetadata(desired.metadata, live.metadata) ? { metadataNotKept: true as const } : {}),
    ...(!keepsNone && sameMetadata(desired.metadata, live.metadata) ? { metadataAsLive: true as const } : {}),
    ...dropped,
    ...(action === 'noop' || fileSchemaVersion === undefined ? {} : { fileSchemaVersion }),
    // Grafana stores it migrated past the file's schemaVersion already (an earlier write migrated it): this one changes
    // nothing more for the user, and the note is not given again on every update (walk-69 L6).
    ...(fileSchemaVersion !== undefined && live.schema === 'v1' && schemaVersionOf(live.model) > fileSchemaVersion ? { migratedBefore: true as const } : {}),
    ...(otherSchema ? { conversionNote: describeConversion(entry, live, desired, conversion, context.selection, converted?.unsureDefaults ?? []) } : {}),
  };
}

/**
 * What the owner rule keeps from being applied: `3 differences`, and a move among them by its folders (a move alone is no
 * difference of the content): `its move from "Ops" to "Infrastructure" and 1 difference`, `its move from General to "Team"`.
 */
function describeNotApplied(move: { from: LiveDashboardState; to: DashboardEntry } | undefined, differences: number, folderTitles: ReadonlyMap<string, string> | undefined): string {
  const counted = `${plural(differences, 'difference')} not applied`;
  if (move === undefined) return counted;
  const from = folderName(move.from.folderUid, move.from.folderTitle);
  const to = folderName(move.to.folderUid, move.to.folderUid === null ? undefined : folderTitles?.get(move.to.folderUid));
  return `its move from ${from} to ${to}${differences === 0 ? ' not applied' : ` and ${counted}`}`;
}

function folderName(uid: string | null, title: string | undefined): string {
  return renderFolderName(uid === null ? { kind: 'general' } : title ? { kind: 'titled', title, qualifier: null, uid, dir: null } : { kind: 'unknown', uid });
}

/** How the format warning names a live dashboard stored in the classic model (v0alpha1, v1beta1, v1, or read through `/api`). */
export const CLASSIC_STORED = 'a classic dashboard';

/**
 * The note on a dashboard Grafana stores in the other schema family than its file: the field changes shown come from
 * Grafana's conversion of it into the file's (to the classic model: lossy; to v2: 13, and 12 since PR #109037), or
 * cannot be shown (12.x has no conversion to the classic model).
 */
function describeConversion(
  entry: DashboardEntry,
  live: LiveDashboard,
  desired: DesiredContent,
  conversion: ConvertedForm | undefined,
  selection: RunSelection | undefined,
  unsureDefaults: readonly UnsureDefault[],
): PlanWarning {
  const toV2 = desired.schema === 'v2';
  const stored = toV2 ? 'classic' : (live.apiVersion?.slice(live.apiVersion.indexOf('/') + 1) ?? 'v2');
  const into = toV2 ? desired.apiVersion!.slice(desired.apiVersion!.indexOf('/') + 1) : 'the classic model';
  const pull = `${renderNextCommand(selection, `pull ${entry.uid}`)} && git diff`;
  const named = `${entry.uid} ${quoteText(entry.title)} (${entry.file})`;
  if (conversion !== undefined && 'model' in conversion) {
    const left = toV2
      ? 'its empty values are not shown'
      : "lossy: tabs become rows, conditional rendering is dropped; empty values, the row ids it numbers anew, the schemaVersion it sets and the defaults it writes where the file has none are not shown";
    const unsure = unsureDefaults.map(({ field, value }) => {
      const pair = `${JSON.stringify(field)}: ${JSON.stringify(value)}`;
      return `; ${field} ${JSON.stringify(value)}, one of those defaults, may also be someone's choice in Grafana's UI: to keep it, add ${pair} to the file`;
    });
    return {
      kind: 'note',
      code: toV2 ? 'classic-content-converted' : 'v2-content-converted',
      uid: entry.uid,
      message: `${named}: Grafana stores this dashboard in another schema (${stored}); its field changes compare the file with Grafana's conversion of it to ${into} (${left}); ${pull} shows Grafana's own form${unsure.join('')}`,
    };
  }
  const why = conversion === undefined ? '' : ` (Grafana's conversion to ${into} failed: ${conversion.failed})`;
  return {
    kind: 'note',
    code: toV2 ? 'classic-content-not-shown' : 'v2-content-not-shown',
    uid: entry.uid,
    message: `${named}: content differences not shown: Grafana stores this dashboard in another schema (${stored})${why}; ${pull} shows them`,
  };
}

/**
 * Pure: the create of a dashboard Grafana does not hold. It needs only the file's digest and metadata (no model), so a
 * plan takes them from the tree pass's read of the file (`file` = the entry's contentHash and metadata) instead of reading
 * it again: apply sends only bytes with that digest. `fileSchemaVersion`: a classic file written through `/apis`
 * (DashboardDecision), which does need the model.
 */
export function decideCreate(entry: DashboardEntry, file: { hash: string; metadata: UserMetadata }, write: WriteTarget, fileSchemaVersion?: number): DashboardDecision {
  const dependsOn = entry.folderUid === null ? [] : [actionId('folder', entry.folderUid)];
  const dropped = write.apiVersion === null && holdsMetadata(file) ? { metadataDropped: file.metadata } : {};
  return {
    action: dashboardAction(entry, file.hash, write, { action: 'create', live: null, changes: [], dependsOn }),
    warning: null,
    rewriteCandidate: false,
    ...dropped,
    ...(fileSchemaVersion === undefined ? {} : { fileSchemaVersion }),
  };
}

/** Whether two sets of labels and annotations hold the same entries. Pure. */
function sameMetadata(a: UserMetadata, b: UserMetadata): boolean {
  return sameEntries(a.labels, b.labels) && sameEntries(a.annotations, b.annotations);
}

function sameEntries(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function holdsMetadata(content: Pick<DesiredContent, 'metadata'>): boolean {
  return Object.keys(content.metadata.labels).length > 0 || Object.keys(content.metadata.annotations).length > 0;
}

/**
 * Grafana 11 holds a number as its text (simplejson), one a 64-bit float cannot hold; no file can hold it (check
 * refuses it: number-inexact) and the diff compares floats, so the write would round it unseen: said here.
 */
function roundedByWrite(entry: DashboardEntry, action: 'update' | 'move', inexact: NonNullable<LiveDashboard['inexactNumber']>): PlanWarning {
  const { shown, where, asFloat } = describeLiveNumber(inexact);
  return {
    kind: 'other',
    uid: entry.uid,
    message:
      `${entry.uid} ${quoteText(entry.title)} (${entry.file}): Grafana holds the number ${shown} at ${where} exactly, which no file can (a 64-bit float cannot hold it), ` +
      `so this ${action} writes ${asFloat} there`,
  };
}

type Decided = Pick<DashboardAction, 'action' | 'live' | 'changes' | 'dependsOn'>;

/**
 * The action, written out key by key in the plan file's order (`write` only where apply writes):
 * on Node 20 a literal that adds keys after a spread (`{ ...base, action, … }`) costs about
 * 10 µs, a fifth of what comparing a changed dashboard with its file costs.
 */
function dashboardAction(entry: DashboardEntry, contentHash: string, write: WriteTarget | undefined, decided: Decided): DashboardAction {
  const { uid, title, file, folderUid } = entry;
  const { action, live, changes, dependsOn } = decided;
  if (write === undefined) return { kind: 'dashboard', uid, title, file, folderUid, contentHash, action, live, changes, dependsOn };
  return { kind: 'dashboard', uid, title, file, folderUid, contentHash, write, action, live, changes, dependsOn };
}

/** The first change shown for a dashboard stored in the other schema: which version Grafana holds, which the file (a classic one as such, whatever its version). */
function formatChange(live: LiveDashboard, desired: DesiredContent): FieldChange {
  return { path: 'apiVersion', kind: 'changed', before: live.schema === 'v2' ? live.apiVersion! : 'classic dashboard', after: desired.schema === 'v2' ? desired.apiVersion! : 'classic dashboard model' };
}

/** What a plan records of a live dashboard (no model). Pure. */
export function toLiveState(live: LiveDashboard): LiveDashboardState {
  const title = live.model.title;
  return headState(live, typeof title === 'string' ? title.trim() : '');
}

/** What a plan records of a live dashboard known by its head, with its title. Pure. */
export function headState(live: DashboardHead, title: string): LiveDashboardState {
  return {
    revision: live.revision,
    version: live.version,
    folderUid: live.folderUid,
    folderTitle: live.folderTitle,
    title,
    updated: live.lastSave.at,
    updatedBy: live.lastSave.by,
    owner: live.owner,
    ...(live.apiVersion === null ? {} : { apiVersion: live.apiVersion }),
    ...(live.internalId === null ? {} : { internalId: live.internalId }),
    ...(!keepsUserMetadata(live) || !holdsUserMetadata(live.metadata) ? {} : { metadataDigest: metadataDigest(live.metadata) }),
  };
}
