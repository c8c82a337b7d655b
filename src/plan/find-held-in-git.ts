import { posix, resolve } from 'node:path';
import { inputsOfCommittedConfig, sameInputs } from '../config/inputs-at-commit.js';
import type { Settings } from '../config/types.js';
import { diffContent, type LiveInstance } from '../diff/diff-content.js';
import type { FieldChange } from '../diff/types.js';
import { RequestInterruptedError } from '../errors.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { parseDashboardText } from '../files/parse-dashboard-text.js';
import { mayHoldDsPlaceholder, placeholdersAsText } from '../files/resolve-inputs.js';
import type { DesiredContent } from '../files/types.js';
import { readCommittedVersions, type CommittedVersion, type CommittedVersions } from '../git/read-committed-versions.js';
import { readConfigHistory } from '../git/read-config-history.js';
import type { GrafanaPort } from '../grafana/port.js';
import { normalizeContent } from '../normalize/normalize-content.js';
import { findLibraryPanelsHeld, folderDirOf, isLibraryPanelMove, type LibraryPanelDriftCandidate } from './find-library-panels-held.js';
import { folderAtCommit, folderFileOf } from './folder-at-commit.js';
import { liveInstanceForAny } from './read-instance-datasources.js';
import { withDatasourceCurrentAsLive } from './datasource-current-as-live.js';
import { migratedSchemaVersionOf } from './drop-migrated-schema-version.js';
import { normalizeLive } from './normalize-live.js';
import type { VariantFile, VariantFiles } from './find-variant-files.js';

/** How many commits touching a file are compared (an update's file, and a pruned one's before its removal): a bootstrap pull, and the edits committed on top of it since. */
export const COMMITS_COMPARED = 5;

/** A dashboard the plan updates whose newest live save dashsync did not make. */
export interface DriftCandidate {
  uid: string;
  /** Its file, relative to the working directory. */
  file: string;
  /** The file's folder (null = General). */
  folderUid: string | null;
  /** Grafana's folder for it at plan time: another than the file's in a move. */
  liveFolderUid: string | null;
  /** The live version the plan compared (a save since then is new drift: not looked at). */
  version: number;
  /**
   * That save restored an older version in Grafana (a rollback, say during an incident): only
   * HEAD's version settles it, as a pull after the restore would have committed it. Matching an
   * older commit would hide that someone rolled Grafana back.
   */
  restored: boolean;
  /**
   * Grafana's folder is that of a directory this run's selection leaves out (leftOutFolderUids: another environment's): the
   * file's directory decides the folder, so a version of the file anywhere holds the live dashboard, as for an update.
   */
  liveFolderLeftOut?: true;
}

/** The newest commit of HEAD's history whose version of a file equals the live dashboard. */
export interface HeldCommit {
  commit: string;
  /** Absent for the version just before a move into the tree (readFileHistories). */
  subject?: string;
  /**
   * The file was added holding the live version, and every commit since that held it still did (a pull that adopted the
   * dashboard, committed; a later layout-only commit): no edit was made in Grafana after the file began.
   */
  imported?: true;
  /** For movedOnly: the folder the version's directory stood for in its commit (null: General). */
  folderUid?: string | null;
  /**
   * Not the file's own version: that of another file holding the uid, one this run's selection leaves out (another
   * environment's variant, as shown), which the file was copied from and changed in git (VariantFiles).
   */
  variantFile?: string;
}

export interface HeldInGit {
  /** The candidates whose live content equals a committed version of their file (uid → that version's commit): git already holds that edit. */
  held: Map<string, HeldCommit>;
  /**
   * Moves not held whose live content a committed version of their file holds in a directory that stood for another folder
   * than Grafana's (uid → the newest such commit): the edit made in Grafana is the move alone.
   */
  movedOnly?: Map<string, HeldCommit>;
  /** The same for library panels (by uid). */
  libraryPanels: Set<string>;
  /** git had the repository's history cut short (a shallow clone): an older commit might have held more of them. */
  shallow: boolean;
  /** git gave up detecting renames in a change of too many files: a version under an earlier name might have held more of them. */
  renamesSkipped?: boolean;
  /** The rename limit git was given (the plan's note names it). */
  renameLimit?: number;
}

type Settled = Pick<Settings, 'cwd' | 'root' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Which drift candidates (dashboards and library panels) git already holds: reads the last
 * COMMITS_COMPARED committed versions of their files, under earlier names too, renamed in a
 * commit or not yet (five git processes in all, for both kinds; three more read the config's recent mappings:
 * readConfigHistory), compares the library panels with the elements the plan's listing read, then, for the dashboards git has any of, reads the live
 * dashboards again (the plan keeps no model; one bulk read), and compares the two as the plan
 * compares a file with Grafana (same normalization, same diff). A move (Grafana has it in another
 * folder than the file) is held only by a version committed in a directory that stood for
 * Grafana's folder in that commit (its `_folder.json` there, else the uid derived from the path:
 * folderAtCommit; also a directory today's tree no longer has): the file moved in git, not the
 * dashboard in Grafana. Without git evidence nothing is held; a failed read holds nothing either: the warning stays.
 * `variants` (a run of one environment): where none of the file's own versions holds the live one, those of the files this
 * run leaves out that hold the same uid (another environment's directory) are compared too, for an update (not a move, not a
 * restore): a file copied there in git and changed in the same commit began as that variant, whose content git holds.
 */
export async function findHeldInGit(
  candidates: { dashboards: DriftCandidate[]; libraryPanels: LibraryPanelDriftCandidate[] },
  grafana: Pick<GrafanaPort, 'readDashboards' | 'defaultDatasource' | 'namedDatasources' | 'describeServer' | 'writeTargetFor'>,
  settings: Settled,
  folderOfDir: (dir: string) => string | null | undefined,
  signal?: AbortSignal,
  variants?: VariantFiles,
): Promise<HeldInGit> {
  const none: HeldInGit = { held: new Map(), libraryPanels: new Set(), shallow: false };
  const absolute = (file: string) => resolve(settings.cwd, file);
  const dashboardVariants = new Map(candidates.dashboards.flatMap((candidate) => (variants === undefined || isMove(candidate) || candidate.restored ? [] : [[candidate.uid, variants(candidate.uid, 'dashboard')] as const])));
  const panelVariants = new Map(candidates.libraryPanels.flatMap((candidate) => (variants === undefined || isLibraryPanelMove(candidate) ? [] : [[absolute(candidate.file), variants(candidate.uid, 'library-panel')] as const])));
  const variantPaths = [...dashboardVariants.values(), ...panelVariants.values()].flat().map((variant) => variant.absPath);
  const files = [...new Set([...[...candidates.dashboards, ...candidates.libraryPanels].map((candidate) => absolute(candidate.file)), ...variantPaths])];
  if (files.length === 0) return none;
  // A move's versions come with the `_folder.json` their commit had beside them: which folder their directory stood for then.
  const moved = new Set([
    ...candidates.dashboards.filter(isMove).map((candidate) => absolute(candidate.file)),
    ...candidates.libraryPanels.filter(isLibraryPanelMove).map((candidate) => absolute(candidate.file)),
  ]);
  const libraryFiles = new Set([...candidates.libraryPanels.map((candidate) => absolute(candidate.file)), ...[...panelVariants.values()].flat().map((variant) => variant.absPath)]);
  // The config's own history first: the paths it had before a `git mv` are where the versions' commits hold it.
  const { inputs: configured, formerPaths } = await readConfiguredInputs(settings);
  const committed = await readComparedVersions(files, { moved, libraryFiles, formerPaths }, settings);
  if (committed === null) return none;
  const versionsOf = (file: string) => committed.versions.get(absolute(file));
  const versionsOfVariants = (files: readonly VariantFile[] | undefined) => (files ?? []).flatMap((variant) => (committed.versions.get(variant.absPath) ?? []).map((version) => ({ version, file: variant.file })));
  // A library panel's live element came with the plan's listing: no request. (Its variants' versions count as its own: the
  // answer is only whether git holds the live panel.)
  const panelVersionsOf = (file: string) => {
    const own = versionsOf(file);
    const others = versionsOfVariants(panelVariants.get(absolute(file))).map(({ version }) => version);
    return others.length === 0 ? own : [...(own ?? []), ...others];
  };
  const libraryPanels = findLibraryPanelsHeld(candidates.libraryPanels, panelVersionsOf, settings, folderOfDir, committedInputsReader(settings, configured));
  const { held, movedOnly } = await findDashboardsHeld(candidates.dashboards, versionsOf, grafana, settings, folderOfDir, signal, configured, (candidate) => versionsOfVariants(dashboardVariants.get(candidate.uid)));
  return { held, movedOnly, libraryPanels, shallow: committed.shallow, renamesSkipped: committed.renamesSkipped, renameLimit: committed.renameLimit };
}

/**
 * The committed versions findHeldInGit compares for `files` (absolute): the last COMMITS_COMPARED of each, under earlier names
 * too, with the config each commit deployed with (`formerPaths`: readConfiguredInputs'), and for a file of `moved` the
 * `_folder.json` its commit had beside it (a library panel's, of `libraryFiles`, one directory up). git is asked where the
 * tree is (`--root` may name a repository the working directory is not in). Null without git evidence.
 */
export function readComparedVersions(
  files: string[],
  of: { moved: ReadonlySet<string>; libraryFiles: ReadonlySet<string>; formerPaths: readonly string[] },
  settings: Pick<Settled, 'cwd' | 'root'> & Partial<Pick<Settled, 'configFile'>>,
): Promise<CommittedVersions | null> {
  const companionOf = (file: string, path: string) => (of.moved.has(file) ? folderFileOf(folderDirOf(path, of.libraryFiles.has(file))) : null);
  return readCommittedVersions(files, { cwd: settings.root, depth: COMMITS_COMPARED, tree: settings.root, companionOf, ...configFileOf(settings), configFormerPaths: of.formerPaths });
}

export async function findDashboardsHeld(
  candidates: DriftCandidate[],
  versionsOf: (file: string) => CommittedVersion[] | undefined,
  grafana: Pick<GrafanaPort, 'readDashboards' | 'defaultDatasource' | 'namedDatasources' | 'describeServer' | 'writeTargetFor'>,
  settings: Settled,
  folderOfDir: (dir: string) => string | null | undefined,
  signal?: AbortSignal,
  configured: readonly Record<string, string>[] = [],
  /** The versions of the candidate's variants (findHeldInGit's `variants`), each with its file as shown; compared after the file's own. */
  variantVersionsOf: (candidate: DriftCandidate) => readonly { version: CommittedVersion; file: string }[] = () => [],
): Promise<Required<Pick<HeldInGit, 'held' | 'movedOnly'>>> {
  const renderingsOf = committedInputsReader(settings, configured);
  const byUid = new Map(candidates.flatMap((candidate) => {
    const moved = isMove(candidate);
    const all = versionsOf(candidate.file) ?? [];
    // A move: only versions from a directory that stood for Grafana's folder in their commit hold it; the others, only its content.
    const folderOf = (version: CommittedVersion) => folderAtCommit(folderDirOf(version.path, false), version, folderOfDir);
    const versions = all.filter((version) => !moved || folderOf(version) === candidate.liveFolderUid);
    const elsewhere = all.filter((version) => !versions.includes(version));
    const variants = variantVersionsOf(candidate);
    return all.length > 0 || variants.length > 0 ? [[candidate.uid, { candidate, versions, elsewhere, folderOf, variants }] as const] : [];
  }));
  const held = new Map<string, HeldCommit>();
  const movedOnly = new Map<string, HeldCommit>();
  if (byUid.size === 0) return { held, movedOnly };
  try {
    // The port's bulk read (`/apis`: list pages, when that is cheaper than one GET each), models held one page at a time.
    for await (const { uid, live } of grafana.readDashboards([...byUid.keys()], { concurrency: settings.concurrency, signal })) {
      const { candidate, versions, elsewhere, folderOf, variants } = byUid.get(uid)!;
      const all = [...versions, ...elsewhere];
      if (live === null || live.version !== candidate.version || live.folderUid !== candidate.liveFolderUid) continue;
      const normalized = { schema: live.schema, spec: normalizeLive(live, settings.minRefreshInterval), metadata: live.metadata, onApi: live.apiVersion === null };
      const compared = candidate.restored ? versions.slice(0, 1) : versions;
      const otherFolders = candidate.restored ? [] : elsewhere;
      // Each version under the inputs its commit deployed with, those of the file's other commits, and this run's (an
      // environment's inputs changed since).
      // And with its placeholders left as text: Grafana holds an export imported without its inputs that way (walk-69 M2),
      // which is the version pull commits; the update that maps them is no edit made in Grafana.
      const renderings = (version: CommittedVersion) => {
        const each = renderingsOf(version, all);
        return mayHoldDsPlaceholder(version.text) ? [...each, placeholdersAsText(each)] : each;
      };
      const parsed = new Map([...compared, ...otherFolders, ...variants.map(({ version }) => version)].map((version) => [version, renderings(version).map((inputs) => parseCommitted(version.text, candidate.file, { ...settings, inputs }))] as const));
      const instance = await liveInstanceForAny(grafana, [...parsed.values()].flat());
      // The schemaVersion Grafana's migration stores where apply writes a version through /apis is no difference, as the plan says.
      const noChange = new Map(await Promise.all([...parsed.values()].flat().map(async (content) => [content, await migratedSchemaVersionOf(grafana, content)] as const)));
      const holds = (version: CommittedVersion) => (parsed.get(version) ?? []).some((content) => holdsLive(content, normalized, instance, noChange.get(content)));
      const at = compared.findIndex(holds);
      if (at === -1) {
        const content = otherFolders.find(holds);
        const folder = content === undefined ? undefined : folderOf(content);
        if (content !== undefined) movedOnly.set(uid, { commit: content.commit, ...(content.subject === undefined ? {} : { subject: content.subject }), ...(folder !== undefined && { folderUid: folder }) });
        // A copy of another environment's variant, changed in git: git holds the live version as that variant's.
        const variant = content === undefined ? variants.find(({ version }) => holds(version)) : undefined;
        if (variant !== undefined) held.set(uid, { commit: variant.version.commit, ...(variant.version.subject === undefined ? {} : { subject: variant.version.subject }), variantFile: variant.file });
        continue;
      }
      // The commit that brought the live version in: the oldest of the newest run holding it (a later commit of that run
      // changed only what the plan does not compare, an apiVersion or the layout, and holds no edit: walk-69 M3).
      let first = at;
      while (first + 1 < compared.length && holds(compared[first + 1]!)) first += 1;
      const holding = compared[first]!;
      held.set(uid, { commit: holding.commit, ...(holding.subject === undefined ? {} : { subject: holding.subject }), ...(beganHolding(compared, at, holds) ? { imported: true as const } : {}) });
    }
  } catch (error) {
    // Ctrl-C ends the plan as everywhere else; any other failure leaves the warnings not yet settled as they were.
    if (error instanceof RequestInterruptedError) throw error;
  }
  return { held, movedOnly };
}

/** Whether Grafana has the dashboard in another folder than its file's, one the file's directory does not decide (liveFolderLeftOut). */
function isMove(candidate: Pick<DriftCandidate, 'folderUid' | 'liveFolderUid' | 'liveFolderLeftOut'>): boolean {
  return candidate.liveFolderUid !== candidate.folderUid && candidate.liveFolderLeftOut !== true;
}

/**
 * Whether the versions from `at` (newest first) back to the one that added the file all hold the live dashboard: the file
 * began as it (a pull that adopted it, or an export), so its live version is no edit made in Grafana since.
 */
function beganHolding(versions: readonly CommittedVersion[], at: number, holds: (version: CommittedVersion) => boolean): boolean {
  for (let index = at; index < versions.length; index += 1) {
    const version = versions[index]!;
    if (index > at && !holds(version)) return false;
    if (version.added) return true;
  }
  return false;
}

/**
 * Pure: whether a committed version of the file is the live dashboard, as the plan decides "no change" (decideDashboard):
 * same schema, no field of diffContent, given what is known of the instance (its default data source, for V36), a
 * datasource variable's `current` taken as Grafana's (withDatasourceCurrentAsLive: a pick is no edit). Read
 * through `/api`, Grafana keeps no labels or annotations, so the file's are not a difference there. `noChange`: a field
 * change that is none for this file (the schemaVersion a write through `/apis` gets: changesWritten).
 */
export function holdsLive(
  committed: DesiredContent | null,
  live: Pick<DesiredContent, 'schema' | 'spec' | 'metadata'> & { onApi: boolean },
  instance: LiveInstance = {},
  noChange: (change: FieldChange) => boolean = () => false,
): boolean {
  if (committed === null || committed.schema !== live.schema) return false;
  const compared = { ...committed, spec: withDatasourceCurrentAsLive(committed.spec, live.spec) };
  return diffContent({ schema: live.schema, spec: live.spec, metadata: live.onApi ? committed.metadata : live.metadata }, compared, instance).every(noChange);
}

/** The inputs the config's recent commits gave this run's environment, newest first, and the other paths (from the repository's top) it had in them. */
export interface ConfiguredInputs {
  inputs: Record<string, string>[];
  formerPaths: string[];
}

/**
 * The inputs the config's recent commits gave this run's environment (readConfigHistory, renames followed), and the other paths
 * it had in them (where an older commit holds it); none without a config file.
 */
export async function readConfiguredInputs(settings: Pick<Settled, 'cwd' | 'root'> & Partial<Pick<Settled, 'configFile' | 'environment'>>): Promise<ConfiguredInputs> {
  const { configFile } = configFileOf(settings);
  if (configFile === undefined) return { inputs: [], formerPaths: [] };
  const history = await readConfigHistory(settings.root, configFile);
  return { inputs: history.texts.map((text) => inputsOfCommittedConfig(text, settings.environment)).filter((inputs) => inputs !== null), formerPaths: history.formerPaths };
}

/** The config file whose committed text gives each version's inputs (readCommittedVersions' `configFile`); none without a config file. */
export function configFileOf(settings: Pick<Settled, 'cwd'> & Partial<Pick<Settled, 'configFile'>>): { configFile?: string } {
  return settings.configFile === undefined ? {} : { configFile: resolve(settings.cwd, settings.configFile) };
}

/**
 * The inputs a committed version is rendered under: those its own commit's config gave this run's environment (what a run at
 * that commit deployed), then those the configs of the file's `other` versions' commits gave it (an edit made in Grafana
 * under an earlier mapping, which git took after the inputs changed: review-66a M1), then `configured` (those of the
 * config's own recent commits: a mapping deployed between, review-66a L4), then this run's; each mapping once, and
 * this run's alone where those configs tell nothing.
 */
export function committedInputsReader(
  settings: Pick<Settled, 'inputs'> & Partial<Pick<Settled, 'environment'>>,
  /** The inputs the config's recent commits gave the environment (readConfigHistory): a mapping deployed between the file's commit and now (review-66a L4). */
  configured: readonly Record<string, string>[] = [],
): (version: Pick<CommittedVersion, 'config'>, other?: readonly Pick<CommittedVersion, 'config'>[]) => Record<string, string>[] {
  const cache = new Map<string, Record<string, string> | null>();
  const inputsOf = (config: string | null | undefined) => {
    if (typeof config !== 'string') return null;
    if (!cache.has(config)) cache.set(config, inputsOfCommittedConfig(config, settings.environment));
    return cache.get(config) ?? null;
  };
  return (version, other = []) => {
    const renderings: Record<string, string>[] = [];
    for (const then of [...[version, ...other].map((each) => inputsOf(each.config)), ...configured]) {
      if (then !== null && ![...renderings, settings.inputs].some((seen) => sameInputs(seen, then))) renderings.push(then);
    }
    return [...renderings, settings.inputs];
  };
}

/** A committed text in the plan's canonical form (inputs as this run resolves them); null when it is no usable dashboard. */
export function parseCommitted(text: string, file: string, settings: Pick<Settled, 'inputs' | 'minRefreshInterval' | 'configFile' | 'environment'>): DesiredContent | null {
  const parsed = parseDashboardText(text, file, settings.inputs, { duplicateKeys: false, inputsHome: inputsHomeOf(settings) });
  if (!parsed.content || parsed.diagnostics.some((d) => d.severity === 'error')) return null;
  return normalizeContent(parsed.content, { minRefreshInterval: settings.minRefreshInterval });
}
