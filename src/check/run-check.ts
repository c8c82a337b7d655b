import type { Shell } from '../describe-error.js';
import { libraryPanelNamesOf } from '../files/find-stale-library-ref-names.js';
import { findExternalFoldersHeld } from '../files/find-external-folders-held.js';
import { describeEmptiedEnvironmentInCheck } from './describe-emptied-environment.js';
import { ENVIRONMENT_SELECTION_RULE, environmentsTouched, judgeEnvironmentSelections } from './judge-environment-selections.js';
import { describeUnselectedFiles } from '../files/describe-unselected-files.js';
import { listHeadPaths } from '../git/list-head-paths.js';
import { heldUidInText, readHeldUid, type HeldUidKind } from './read-held-uid.js';
import { access } from 'node:fs/promises';
import { describeReadReason } from '../files/file-error-reasons.js';
import { describeRefusingDirectory, findRefusingDirectory } from '../files/find-refusing-directory.js';
import { relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { DeclaredGrafana, Settings } from '../config/types.js';
import type { DashboardEntry, Tree } from '../files/types.js';
import { locateInFile } from '../files/locate-in-file.js';
import { describeV2Unserved, groupDeclaredAlike, V2_UNSERVED_RULE } from './describe-v2-unserved.js';
import { treeCheckJudges } from './widen-to-environment-selections.js';
import type { Diagnostic } from '../errors.js';
import { discoverSelectedTree } from '../files/discover-selected-tree.js';
import { FOLDER_FILE, isTreeFilePath } from '../files/discover-tree.js';
import { locateJsonPath } from '../files/parse-json.js';
import { readTree } from '../files/read-tree.js';
import type { PruneRun } from '../files/describe-look-alike.js';
import { describeSelection } from '../files/describe-selection.js';
import { describeEnvironmentsSelection } from './describe-environments-selection.js';
import { describeDeployedWith, environmentsDeploying, judgeDeployedTogether, type DeployedTogether } from '../files/deployed-together.js';
import { findUidSharers, type UidHolder } from '../files/find-uid-sharers.js';
import { readFirstAdditions, type FirstAdditions } from '../git/read-first-additions.js';
import { listUntrackedPaths } from '../git/list-untracked-paths.js';
import { describeUidCopy, describeUntrackedUidSharers } from './describe-uid-copy.js';
import { toSlashes } from '../files/tree-paths.js';
import { readUtf8File, readUtf8TextSync } from '../files/read-utf8-file.js';
import { findDuplicateTitles } from './find-duplicate-titles.js';
import { findDashboardsNamedLikeFolders } from './find-dashboards-named-like-folders.js';
import { findFolderTitleDuplicates } from './find-folder-title-duplicates.js';
import { findFoldersNamedLikeDashboards } from './find-folders-named-like-dashboards.js';
import { findLibraryRefProblems, type KnownLibraryPanels, type RemovedLibraryFile } from './find-library-ref-problems.js';
import type { StagedRemoval } from '../git/find-staged-removals.js';
import { fixLibraryPanelDocument } from './fix-library-panel-document.js';
import { findUnmappedInputs } from './find-unmapped-inputs.js';
import { findExpressionInputMappings } from './find-expression-input-mappings.js';
import { EXPRESSION_DATASOURCE } from '../files/grafana-own-datasources.js';
import { expressionInputUses, type ExpressionInputNames } from '../files/resolve-inputs.js';
import { gatherExpressionInputFiles } from '../files/expression-input-files.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { libraryPanelElement } from '../files/library-panel-element.js';
import { findInputsDifferingInOrg, orgDeployers, type OrgDeployersOf } from './find-inputs-differing-in-org.js';
import type { CheckedFiles } from './summarize-check.js';
import { PEER_FORM_RULES } from '../files/recognize-peer-form.js';
import { NOT_A_DASHBOARD_RULE } from '../files/recognize-not-a-dashboard.js';
import { readLibraryPanelInputs } from './read-library-panel-inputs.js';
import { findSharedUids } from './find-shared-uids.js';
import { findNonNfcNames } from './find-non-nfc-names.js';
import { findCaseCollisions } from './find-case-collisions.js';
import { describeIndexCaseCollision } from './describe-index-case-collision.js';
import { concernsFiles, findIndexCaseCollisions } from '../git/find-index-case-collisions.js';
import { findUidsDifferingInCase } from './find-uids-differing-in-case.js';
import { withInexactNumbersAsParsed } from '../files/find-inexact-number.js';
import { inspectDashboardDocument, parseDashboardDocument } from './inspect-dashboard-document.js';
import { describeNotCanonical } from './describe-not-canonical.js';
import { concernsTargets, displayPath, selectCheckTargets } from './select-check-targets.js';
import { quoteText } from '../report/escape-untrusted.js';
import { compareCodeUnits } from '../compare-code-units.js';
import { compareDiagnostics } from '../files/compare-diagnostics.js';

export interface RunCheckOptions {
  settings: Settings;
  /** As pre-commit passes them, relative to the working directory; undefined = the whole tree. */
  files?: string[];
  /**
   * The files are the ones the pre-commit hook was passed (every staged `.json` and YAML file), not named by a person: a
   * YAML file among them is judged as the tree judges it (a resource's warning; other YAML, silence), not refused.
   */
  filesFromHook?: boolean;
  /** Whose words advice takes: the CLI's flags (the default), or the Action's inputs. */
  shell?: Shell;
  /** What the commit the hook checks removes or moves (findStagedRemovals): a use of a removed panel is advised its way back. */
  removed?: readonly StagedRemoval[];
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** The files reported on: dashboards, `_folder.json` files and library panels, counted apart. */
  checked: CheckedFiles;
  /** Those files, as shown to the user, sorted. */
  files: string[];
}

/**
 * A YAML file named on the command line is one the author expects checked: not reading it is an error there (below the root,
 * the tree only warns). The `yaml-resource` warning of such a file becomes the error; a YAML file that holds no resource gets one.
 */
function refuseNamedYamlFiles(diagnostics: Diagnostic[], named: string[]): void {
  for (const file of named) {
    const said = diagnostics.findIndex((d) => d.rule === 'yaml-resource' && d.file === file);
    if (said !== -1) diagnostics[said] = { ...diagnostics[said]!, severity: 'error' };
    else diagnostics.push({ file, severity: 'error', rule: 'yaml-resource', message: 'not read: dashsync reads only .json files, and this one holds no dashboard or folder resource it could name; convert a dashboard to .json' });
  }
}

/** A finding from the tree-wide rules, positioned once its file has been read. */
interface PendingFinding {
  /** What the finding is about: the dashboard's (or `_folder.json`'s) uid or title. */
  at: 'uid' | 'title';
  diagnostic: Diagnostic;
}

const READ_CONCURRENCY = 32;

/** The rules of an error that stops a prune (readTree's, on a run that prunes). */
const PRUNE_RULES: ReadonlySet<string> = new Set(['prune-needs-uid', 'prune-behind-link']);

/**
 * Which prune this check reads the tree for (none: nothing behind a link is read): the run's own; without --env, the config's
 * environments that prune (their own prune, else the top level's), so check fails where `plan --env <it>` would, naming them.
 */
function checkPruneRun(settings: Settings, judgesEnvironments: boolean): PruneRun | undefined {
  if (!judgesEnvironments) return settings.prune !== false ? 'check' : undefined;
  // Each environment prunes as its own plan does: its own prune, else the top level's.
  const pruning = settings.environments.filter((name) => settings.environmentSelections[name]?.prune !== false);
  return pruning.length === 0 ? undefined : { environments: pruning };
}

/** The run's own include/exclude, as readTree names them where it reads the files they leave out. */
function withSelection(selection: string | null): { selection: string } | undefined {
  return selection === null ? undefined : { selection };
}

/**
 * `dashsync check`: every rule of SPEC §8, offline. readTree validates the whole tree
 * (so uniqueness holds even when only some files are listed); this adds the check-only
 * rules and keeps what concerns the listed files.
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const { settings } = options;
  const cwd = settings.cwd;
  // An environment whose every file moved out: plan prunes what it left instead of stopping, and check says so (a warning);
  // an include that never selected a file (a typo) stops, as plan does.
  const topLevel = await discoverSelectedTree(settings, options.shell);
  // A config with environments and none selected: each environment's inputs map must map the placeholders of the files it
  // deploys, not the top level's alone (findUnmappedInputs), and a uid may repeat in files no environment deploys together.
  const perEnvironment = settings.environment === undefined && settings.environments.length > 0 ? settings.environmentInputs : undefined;
  // Each environment's plan reads the files its own include/exclude select: so does this check, whatever the top level's leave out.
  const discovered = treeCheckJudges(topLevel, settings);
  const rootPath = (absPath: string): string => toSlashes(relative(settings.root, absPath));
  const treeFiles = [...discovered.dashboardFiles, ...discovered.libraryFiles].map(rootPath);
  const deployedTogether = judgeDeployedTogether(treeFiles, perEnvironment && settings.environmentSelections, settings.environmentsSharingOrg);
  const deploying = perEnvironment && environmentsDeploying(treeFiles, settings.environmentSelections);
  // The inputs maps of the environments that deploy a file: one that leaves the file out never renders it.
  const inputsOf = perEnvironment && deploying && ((absPath: string) => inputsOfDeployers(perEnvironment, deploying({ file: rootPath(absPath) })));
  // Environments of one org that each deploy a file, rendered with their own inputs (findInputsDifferingInOrg).
  const deployersOf = perEnvironment && orgDeployers(settings, treeFiles);
  const inOrg = deployersOf && ((absPath: string) => deployersOf(rootPath(absPath)));
  const emptied = describeEmptiedEnvironmentInCheck(settings, topLevel, settings.configFile, options.shell);
  // As plan reads it: when this run prunes, a file its selection leaves out must still name its uid (readUnselectedUids),
  // so `check --env prod` fails where `plan --env prod` would.
  // Without --env, an environment that prunes where the top level does not (review-53 F1) makes this check read as its plan does.
  const pruneRun = checkPruneRun(settings, perEnvironment !== undefined);
  // Without --env, a file left out is left out by every environment: it is named against the selections of those that prune.
  const unselectedUids = pruneRun === undefined ? undefined : typeof pruneRun === 'object' ? describeEnvironmentsSelection(settings.environmentSelections, pruneRun.environments) ?? undefined : withSelection(describeSelection(settings));
  const { tree, diagnostics: readDiagnostics } = await readTree({ ...settings, deployedTogether, discovered, unselectedUids, pruneRun, emptiedInclude: emptied !== null, ...(perEnvironment && { inputsPerEnvironment: true }) });
  const treeDiagnostics = (perEnvironment ? readDiagnostics.filter((d) => d.rule !== 'input-unmapped') : readDiagnostics)
    .map((d) => (typeof pruneRun === 'object' && PRUNE_RULES.has(d.rule) ? { ...d, environments: [...pruneRun.environments] } : d));
  // A listed config file (pre-commit passes every staged .json) changes what every file is judged by: the whole tree is checked.
  const listed = options.files?.some((file) => resolve(cwd, file) === resolve(cwd, settings.configFile)) ? undefined : options.files;
  const targets = selectCheckTargets(discovered, cwd, listed);
  const targetSet = new Set([...targets.dashboardFiles, ...targets.folderFiles, ...targets.libraryFiles, ...targets.lookAlikes, ...targets.skippedLinks.map((link) => link.absPath), ...targets.linkedDirs.map((link) => link.absPath), ...targets.yamlFiles]);
  const diagnostics =
    listed === undefined ? [...treeDiagnostics] : treeDiagnostics.filter((d) => concernsTargets(d.file, cwd, targetSet));
  if (options.files !== undefined && options.filesFromHook !== true) refuseNamedYamlFiles(diagnostics, selectCheckTargets(discovered, cwd, options.files).yamlFiles.map((absPath) => displayPath(cwd, absPath)));
  diagnostics.push(...(await findMissingFiles(options.files ?? [], cwd, new Set(diagnostics.map((d) => d.file)))));
  if (emptied !== null) diagnostics.push(emptied);
  // The config against the tree: said when the whole tree is checked (a pre-commit run of files alone names files of the tree).
  if (listed === undefined) diagnostics.push(...findExternalFoldersHeld(tree, settings));
  const everyFile = [...treeFiles, ...[...(discovered.unselected?.dashboardFiles ?? []), ...(discovered.unselected?.libraryFiles ?? [])].map(rootPath)];
  // Listed files (the hook's): the environments their change can have emptied or left a glob matching nothing; a config
  // problem that is no change's of these files waits for the whole tree's check, as the other files' findings do.
  const checkedFiles = [...targets.dashboardFiles, ...targets.libraryFiles].map(rootPath);
  if (perEnvironment) {
    const judged = listed === undefined ? settings.environments : environmentsTouched(settings.environmentSelections, [...checkedFiles, ...(await findRemovedSinceHead(settings.root, everyFile))]);
    const said = new Set(diagnostics.map((d) => d.message));
    diagnostics.push(...(await judgeEnvironmentSelections(settings, everyFile, judged, discovered.linkedDirs.map((link) => rootPath(link.absPath)), options.shell)).filter((d) => !said.has(d.message)));
  }
  // Which files an environment whose include/exclude is refused selects cannot be told: said once it is mended (one finding per cause).
  const unselected = diagnostics.some((d) => d.rule === ENVIRONMENT_SELECTION_RULE) ? null : describeUnselectedFiles(settings, everyFile, listed === undefined ? everyFile : checkedFiles);
  if (unselected) diagnostics.push(unselected);
  diagnostics.push(...findV2Unserved(tree.dashboards.filter((entry) => entry.schema === 'v2' && targetSet.has(entry.absPath)), settings, deploying, rootPath));
  const showDir = (dir: string) => displayPath(cwd, resolve(settings.root, dir));
  for (const found of findCaseCollisions(tree, showDir)) {
    if (listed === undefined || concernsTargets(found.path, cwd, targetSet) || concernsTargets(found.otherPath, cwd, targetSet)) diagnostics.push({ file: found.path, severity: 'warning', rule: found.rule, message: found.message });
  }
  // A case-insensitive checkout holds one of two names git's index holds, which the disk alone cannot tell: said as the plan says it,
  // of the whole tree, or (the hook's listed files) where a listed file is one of the two names or lies in one of the two directories.
  const listedFiles = listed === undefined ? null : new Set(checkedFiles.map((file) => file.toLowerCase()));
  if (listedFiles === null || listedFiles.size > 0) {
    const indexed = new Set(everyFile.map((file) => file.toLowerCase()));
    for (const found of await findIndexCaseCollisions(settings.root, indexed)) {
      if (listedFiles === null || concernsFiles(found, listedFiles)) diagnostics.push({ severity: 'warning', ...describeIndexCaseCollision(found, showDir) });
    }
  }
  for (const name of findNonNfcNames(settings.root, [...targets.dashboardFiles, ...targets.folderFiles, ...targets.libraryFiles], discovered.folderFiles)) {
    diagnostics.push({ file: displayPath(cwd, name.absPath), severity: 'warning', rule: 'name-not-nfc', message: name.message });
  }

  const pending = new Map<string, PendingFinding[]>();
  const addPending = (absPath: string, finding: PendingFinding): void => {
    pending.set(absPath, [...(pending.get(absPath) ?? []), finding]);
  };
  const reported = new Set(treeDiagnostics.map((d) => `${d.rule}\u0000${d.file}`));
  const display = (absPath: string): string => displayPath(cwd, absPath);
  for (const shared of findSharedUids({
    tree,
    targets: targetSet,
    alreadyReported: (absPath, rule) => reported.has(`${rule}\u0000${display(absPath)}`),
    display,
    together: deployedTogether,
  })) {
    const file = display(shared.absPath);
    addPending(shared.absPath, { at: 'uid', diagnostic: { file, severity: 'error', rule: shared.rule, message: shared.message, uid: shared.uid, ...(shared.environments && { environments: shared.environments }) } });
  }
  for (const clash of findUidsDifferingInCase(tree, display, deployedTogether)) {
    if (!targetSet.has(clash.absPath)) continue;
    addPending(clash.absPath, { at: 'uid', diagnostic: { file: display(clash.absPath), severity: 'warning', rule: 'uid-differs-in-case', message: clash.message } });
  }
  const absPathByFile = new Map(tree.dashboards.map((d) => [d.file, d.absPath]));
  const fileOf = (dashboard: { absPath: string }) => ({ file: rootPath(dashboard.absPath) });
  const dashboardsTogether = (a: { absPath: string }, b: { absPath: string }) => deployedTogether(fileOf(a), fileOf(b));
  const withFolder = (dashboard: { absPath: string }, folder: { dir: string }) => deployedTogether(fileOf(dashboard), { dir: folder.dir });
  // Only Grafana 11.2 and older refuse it: not said where the config names a later release for every Grafana it deploys to (walk-64 L4).
  for (const duplicate of allDeclaredAfter112(settings) ? [] : findDuplicateTitles(tree.dashboards, undefined, dashboardsTogether)) {
    const absPath = absPathByFile.get(duplicate.file)!;
    if (!targetSet.has(absPath)) continue;
    addPending(absPath, {
      at: 'title',
      diagnostic: {
        file: duplicate.file,
        severity: 'warning',
        rule: 'title-duplicate-in-folder',
        message: `title ${quoteText(duplicate.title)} is also used by ${duplicate.others.map((other) => describeDeployedWith(other.file, other.environments)).join(', ')} in the same folder: Grafana 11.2 and older refuse that (later releases allow it); give one of them another title where this tree deploys to one of those`,
      },
    });
  }
  for (const duplicate of findFolderTitleDuplicates(tree.folders, (dir, otherDir) => deployedTogether({ dir }, { dir: otherDir }))) {
    const absPath = resolve(settings.root, duplicate.dir, '_folder.json');
    if (!targetSet.has(absPath)) continue;
    addPending(absPath, { at: 'title', diagnostic: { file: display(absPath), severity: 'warning', rule: 'folder-title-duplicate', message: duplicate.message } });
  }
  // A folder and a dashboard beside it of one title are one clash: said once, on the _folder.json, where that is reported.
  const saidOnFolder = new Set<string>();
  for (const clash of findFoldersNamedLikeDashboards(tree.folders, tree.dashboards, (folder, dashboard) => withFolder(dashboard, folder))) {
    const absPath = resolve(settings.root, clash.dir, '_folder.json');
    if (!targetSet.has(absPath)) continue;
    saidOnFolder.add(`${clash.dir}\u0000${clash.dashboardFile}`);
    addPending(absPath, { at: 'title', diagnostic: { file: display(absPath), severity: 'warning', rule: 'folder-title-like-dashboard', message: clash.message } });
  }
  for (const clash of findDashboardsNamedLikeFolders(tree.folders, tree.dashboards, withFolder)) {
    const absPath = absPathByFile.get(clash.file)!;
    if (!targetSet.has(absPath) || saidOnFolder.has(`${clash.folderDir}\u0000${clash.file}`)) continue;
    addPending(absPath, { at: 'title', diagnostic: { file: clash.file, severity: 'warning', rule: 'dashboard-title-like-folder', message: clash.message } });
  }

  const limit = pLimit(READ_CONCURRENCY);
  const libraryInputs = inputsOf
    ? await readLibraryPanelInputs(discovered.libraryFiles, { display, inputsOf, configFile: settings.configFile, limit, orgDeployersOf: inOrg })
    : undefined;
  for (const absPath of targets.libraryFiles) diagnostics.push(...(libraryInputs?.diagnostics.get(absPath) ?? []));
  // A panel whose file this run's include/exclude leave out is still the tree's: a reference to it is not missing.
  const outsideSelection = tree.libraryPanelsOutsideSelection?.files.keys() ?? [];
  const knownLibraryPanels: KnownLibraryPanels = {
    uids: new Set([...tree.libraryPanels.map((panel) => panel.uid), ...outsideSelection, ...(libraryInputs?.uids ?? []), ...settings.externalLibraryPanels]),
    names: libraryPanelNamesOf(tree.libraryPanels),
    removedByCommit: removedLibraryFiles(options.removed ?? [], (path) => display(resolve(settings.root, path))),
  };
  const expressionInputs = gatherExpressionInputFiles();
  const noteExpressionInputs = expressionInputs.note;
  const found = await Promise.all([
    ...targets.dashboardFiles.map((absPath) =>
      limit(() =>
        inspectDashboardFile(absPath, display(absPath), pending.get(absPath) ?? [], inputsOf && { inputs: inputsOf(absPath), configFile: settings.configFile, orgDeployers: inOrg?.(absPath) ?? [] }, knownLibraryPanels, settings.configFile, noteExpressionInputs),
      ),
    ),
    ...targets.folderFiles
      .filter((absPath) => pending.has(absPath))
      .map((absPath) => limit(() => positionFindings(absPath, pending.get(absPath)!))),
    ...targets.libraryFiles.map((absPath) => limit(() => inspectLibraryPanelFile(absPath, display(absPath), noteExpressionInputs))),
  ]);
  for (const list of found) diagnostics.push(...list);
  const outsideCommit = options.filesFromHook === true && listed !== undefined ? await findStaleNamesOutsideCommit(tree, targets.libraryFiles, targetSet, knownLibraryPanels, { display, limit, configFile: settings.configFile }) : [];
  diagnostics.push(...outsideCommit);
  // The dashboards the commit does not stage that those warnings are about: reported on, so counted and listed (apart).
  const unstagedDashboards = [...new Set(outsideCommit.map((d) => d.file))];
  const expressionInputFiles = expressionInputs.files();
  if (expressionInputFiles) {
    diagnostics.push(...findExpressionInputMappings(expressionInputFiles, perEnvironment ? Object.entries(perEnvironment) : [[settings.environment, settings.inputs]], settings));
  }
  // A _library/ file refused (misplaced, a library variable, broken) is no library panel of the tree.
  const libraryPanelFiles = new Set([...tree.libraryPanels.map((panel) => panel.absPath), ...(libraryInputs?.files ?? [])]);
  const libraryPanels = targets.libraryFiles.filter((absPath) => libraryPanelFiles.has(absPath)).length;
  // The whole tree: every folder its directories make, with or without a _folder.json. Listed files: the _folder.json files listed.
  const folders = listed === undefined ? tree.folders.length : targets.folderFiles.length;
  const folderFiles = listed === undefined ? tree.folders.filter((folder) => folder.source === 'folder-file').length : targets.folderFiles.length;
  // A folder, library element or operator resource in a .json file gets its one error from the tree reading, another tool's
  // file (package.json) its one warning: no dashboard.
  const otherFormFiles = new Set(treeDiagnostics.filter((d) => PEER_FORM_RULES.has(d.rule) || d.rule === NOT_A_DASHBOARD_RULE).map((d) => d.file));
  const otherForms = targets.dashboardFiles.filter((absPath) => otherFormFiles.has(display(absPath))).length;
  // dashsync's own plan file is counted nowhere, as the config file is not.
  const planFiles = targets.dashboardFiles.filter((absPath) => tree.planFiles?.includes(absPath)).length;
  const checked = { dashboards: targets.dashboardFiles.length - otherForms - planFiles, otherForms, folders, folderFiles, libraryPanels, unstagedDashboards: unstagedDashboards.length };
  // The uid a file holds, for findings whose rule did not name one (a uid-missing file holds none).
  const uidByFile = new Map<string, string>([
    ...tree.dashboards.map((d) => [d.file, d.uid] as const),
    ...tree.libraryPanels.map((panel) => [panel.file, panel.uid] as const),
    ...tree.folders.filter((folder) => folder.source === 'folder-file').map((folder) => [display(resolve(settings.root, folder.dir, '_folder.json')), folder.uid] as const),
  ]);
  // A file the tree reading refused (an error) holds no entry: its uid is read from the file as written.
  const kindOf = new Map<string, HeldUidKind>([
    ...targets.dashboardFiles.map((absPath) => [absPath, 'dashboard'] as const),
    ...targets.libraryFiles.map((absPath) => [absPath, 'library-panel'] as const),
    ...targets.folderFiles.map((absPath) => [absPath, 'folder'] as const),
  ]);
  const unread = new Set(diagnostics.filter((d) => d.uid === undefined && !uidByFile.has(d.file)).map((d) => resolve(cwd, d.file)).filter((absPath) => kindOf.has(absPath)));
  await Promise.all([...unread].map((absPath) => limit(async () => {
    const uid = await readHeldUid(absPath, display(absPath), kindOf.get(absPath)!);
    if (uid !== undefined) uidByFile.set(display(absPath), uid);
  })));
  const withUids = diagnostics.map((d) => (d.uid !== undefined || !uidByFile.has(d.file) ? d : { ...d, uid: uidByFile.get(d.file)! }));
  const withCopies = await noteUidCopies(withUids, tree.dashboards.map((d) => ({ uid: d.uid, file: d.file, rootPath: rootPath(d.absPath) })), deployedTogether, settings, options.shell, options.filesFromHook === true);
  const files = [...[...targets.dashboardFiles, ...targets.folderFiles, ...targets.libraryFiles].map(display), ...unstagedDashboards].sort(compareCodeUnits);
  return { diagnostics: withCopies.sort(compareDiagnostics), checked, files };
}

/**
 * The v2 files a Grafana the config describes cannot take (describeV2Unserved), one error (a warning where it likely cannot) each at the file's `apiVersion`:
 * with environments and none chosen, each environment judges the files its include/exclude select (`deploying`), else the
 * run's Grafana judges them all. Environments the config gives the same `api` and `grafanaVersion` from the same places
 * (the top level's) meet one problem: one line naming them all, not one each.
 */
/** Whether the config names, for this run's Grafana or every environment's, a release later than 11.2 (`grafanaVersion`). */
function allDeclaredAfter112(settings: Settings): boolean {
  const declared = settings.environmentGrafanas !== undefined && Object.keys(settings.environmentGrafanas).length > 0 ? Object.values(settings.environmentGrafanas) : [settings.declaredGrafana];
  return declared.every((grafana) => {
    // `"12"` names a family (every 12.x): only its major counts; `"11"` takes 11.2 in.
    const release = /^v?(\d+)(?:\.(\d+))?/.exec(grafana?.release ?? '');
    return release !== null && (Number(release[1]) > 11 || (Number(release[1]) === 11 && Number(release[2] ?? 0) > 2));
  });
}

function findV2Unserved(v2Files: readonly DashboardEntry[], settings: Settings, deploying: ((place: { file: string }) => string[]) | undefined, rootPath: (absPath: string) => string): Diagnostic[] {
  const judges = deploying ? groupDeclaredAlike(Object.entries(settings.environmentGrafanas ?? {})) : settings.declaredGrafana ? [{ declared: settings.declaredGrafana, environments: settings.environment === undefined ? [] : [settings.environment] }] : [];
  return v2Files.flatMap((entry) => {
    const deployers = deploying?.({ file: rootPath(entry.absPath) });
    return judges.flatMap(({ declared, environments }): Diagnostic[] => {
      const judged = deployers === undefined ? environments : environments.filter((name) => deployers.includes(name));
      if (deployers !== undefined && judged.length === 0) return [];
      const unserved = describeV2Unserved(entry, judged, declared);
      return unserved === null ? [] : [{ file: entry.file, ...locateInFile(entry.absPath, ['apiVersion']), ...unserved, rule: V2_UNSERVED_RULE, uid: entry.uid, ...(deployers !== undefined && { environments: judged }) }];
    });
  });
}

/** Pure: the inputs maps of the environments that deploy a file (`deployers`), in the config's order. */
function inputsOfDeployers(inputsByEnvironment: Record<string, Record<string, string>>, deployers: readonly string[]): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(inputsByEnvironment).filter(([name]) => deployers.includes(name)));
}

/**
 * Each dashboard's `uid-duplicate` line says which file sharing the uid is the copy to change: the one git added later, or
 * not yet (describeUidCopy). Two git processes side by side (readFirstAdditions), only when there is such a line. Under the
 * hook (`fromHook`), a third asks which files git does not hold: a clash that only such files make (the line's file, or
 * every file it shares the uid with) is in no commit, so a warning naming them (describeUntrackedUidSharers).
 */
async function noteUidCopies(diagnostics: Diagnostic[], dashboards: UidHolder[], together: DeployedTogether, where: { root: string; cwd: string }, shell: Shell | undefined, fromHook: boolean): Promise<Diagnostic[]> {
  const sharers = findUidSharers(dashboards, together);
  const noted = diagnostics.filter((d) => d.rule === 'uid-duplicate' && sharers.has(d.file));
  if (noted.length === 0) return diagnostics;
  const rootPathOf = new Map(dashboards.map((d) => [d.file, d.rootPath]));
  const files = [...new Set(noted.flatMap((d) => [d.file, ...sharers.get(d.file)!.map((other) => other.file)]))];
  const uidOf = new Map(dashboards.map((d) => [d.rootPath, d.uid]));
  const [byRootPath, untrackedPaths] = await Promise.all([
    readFirstAdditions(where.root, files.map((file) => rootPathOf.get(file)!), { of: uidOf, inText: (text, path) => heldUidInText(text, path, 'dashboard') }),
    // The hook's commit holds no file git does not hold: a clash with such a file alone does not stop it (walk-73 M3).
    fromHook ? listUntrackedPaths(where.root, files.map((file) => rootPathOf.get(file)!)) : null,
  ]);
  const untracked = new Set(files.filter((file) => untrackedPaths?.has(rootPathOf.get(file)!)));
  const treeShown = displayPath(where.cwd, where.root);
  const outsideCommit = (d: Diagnostic) => untracked.has(d.file) || sharers.get(d.file)!.every((other) => untracked.has(other.file));
  const shown = (rootPath: string) => displayPath(where.cwd, resolve(where.root, rootPath));
  const found: FirstAdditions = byRootPath.ok
    ? {
        ok: true,
        added: new Map(files.flatMap((file) => {
          const addition = byRootPath.added.get(rootPathOf.get(file)!);
          return addition === undefined ? [] : [[file, addition.moved === undefined ? addition : { ...addition, moved: { ...addition.moved, from: shown(addition.moved.from) } }] as const];
        })),
      }
    : byRootPath;
  return diagnostics.map((d) => {
    if (!noted.includes(d)) return d;
    const others = sharers.get(d.file)!.map((other) => other.file);
    if (outsideCommit(d)) return { ...d, severity: 'warning' as const, message: describeUntrackedUidSharers(d.uid ?? uidOf.get(rootPathOf.get(d.file)!)!, d.file, others, untracked, treeShown) };
    return { ...d, message: `${d.message}${describeUidCopy(d.file, others, found, shell)}` };
  });
}

/**
 * The dashboard and library panel files (root-relative) HEAD holds that the tree no longer does: a move's or a delete's
 * old path, which pre-commit does not pass. One `git ls-tree`; none without git.
 */
async function findRemovedSinceHead(root: string, treeFiles: readonly string[]): Promise<string[]> {
  const now = new Set(treeFiles);
  return ((await listHeadPaths(root)) ?? []).filter((path) => isTreeFilePath(path) && !path.endsWith(`/${FOLDER_FILE}`) && path !== FOLDER_FILE && !now.has(path));
}

/**
 * A listed path that does not exist is an error (a typo must not pass as "0 files"); so is one there that cannot be reached
 * (a loop of links, a name too long, a directory on the way not to be entered), in the file error table's words, unless the
 * tree's read has its line already (`said`: a symlink in a loop of links is the tree's warning, as in a check of the whole tree).
 */
async function findMissingFiles(files: string[], cwd: string, said: ReadonlySet<string>): Promise<Diagnostic[]> {
  const missing: Diagnostic[] = [];
  const failureOf = (path: string) => access(resolve(cwd, path)).then(() => null, (error: NodeJS.ErrnoException) => error);
  const exists = async (path: string) => (await failureOf(path)) === null;
  for (const file of files) {
    const failure = await failureOf(file);
    if (failure === null) continue;
    if (failure.code !== 'ENOENT' && failure.code !== 'ENOTDIR') {
      if (said.has(file)) continue;
      const refusedBy = failure.code === 'EACCES' ? findRefusingDirectory(resolve(cwd, file)) : undefined;
      const why = refusedBy === undefined ? describeReadReason(failure.code) : describeRefusingDirectory(displayPath(cwd, refusedBy) || '.');
      missing.push({ file, severity: 'error', rule: 'file-unreadable', message: `cannot read it (${failure.code ?? failure.message})${why === undefined ? '' : `: ${why}`}` });
      continue;
    }
    // On Linux and macOS a "\\" is part of a file name: a path pasted from a Windows shell names another file.
    const slashed = file.split('\\').join('/');
    const message = slashed === file
      ? 'no such file or directory'
      : (await exists(slashed))
        ? `no such file or directory: here "\\" is part of a file name, not a directory separator; did you mean ${slashed}?`
        : 'no such file or directory (here "\\" is part of a file name, not a directory separator: use "/")';
    missing.push({ file, severity: 'error', rule: 'file-not-found', message });
  }
  return missing;
}

async function inspectDashboardFile(
  absPath: string,
  file: string,
  findings: PendingFinding[],
  inputsByEnvironment: { inputs: Record<string, Record<string, string>>; configFile: string; orgDeployers: ReturnType<OrgDeployersOf> } | undefined,
  knownLibraryPanels: KnownLibraryPanels,
  configFile: string,
  noteExpressionInputs: (file: string, uses: ExpressionInputNames) => void,
): Promise<Diagnostic[]> {
  const { text } = readUtf8TextSync(absPath, file);
  if (text === undefined) return findings.map((f) => f.diagnostic); // readTree reported why it cannot be read
  const document = parseDashboardDocument(text, file);
  if (!document) return findings.map((f) => f.diagnostic);
  const site = document.parts.spec && { text, model: document.parts.spec, modelPath: document.parts.specPath };
  const uid = typeof document.parts.uid === 'string' ? document.parts.uid.trim() : undefined;
  // A file Grafana exported with expressions declares a DS_EXPRESSION input (findExpressionInputMappings).
  if (site && text.includes(EXPRESSION_DATASOURCE)) noteExpressionInputs(file, expressionInputUses(site.model));
  return [
    ...positionIn(text, findings, (at) => (at === 'uid' ? document.parts.uidPath : [...document.parts.specPath, 'title'])),
    ...inspectDashboardDocument(document, file),
    ...findLibraryRefProblems(document, file, knownLibraryPanels, configFile),
    ...(inputsByEnvironment && site ? findUnmappedInputs(site, file, inputsByEnvironment.inputs, inputsByEnvironment.configFile) : []),
    ...(inputsByEnvironment && site ? findInputsDifferingInOrg(site, file, uid || undefined, inputsByEnvironment.orgDeployers, inputsByEnvironment.configFile) : []),
  ];
}

/**
 * The hook's staged `_library/` files (`staged`): the dashboards of the tree the commit does not stage (`listed`) whose
 * references to those panels name them as they were (a panel renamed in a commit that stages its file alone): their
 * `library-panel-name-stale` warnings, which the hook reports though it checks only the staged files, and which its
 * `--fix` leaves, as it rewrites only the staged files (the hook's note names them: describeHookAdvice) (walk-70).
 */
async function findStaleNamesOutsideCommit(
  tree: Pick<Tree, 'dashboards' | 'libraryPanels'>,
  staged: readonly string[],
  listed: ReadonlySet<string>,
  known: KnownLibraryPanels,
  context: { display: (absPath: string) => string; limit: ReturnType<typeof pLimit>; configFile: string },
): Promise<Diagnostic[]> {
  const stagedPaths = new Set(staged);
  const panels = new Set(tree.libraryPanels.filter((panel) => stagedPaths.has(panel.absPath)).map((panel) => panel.uid));
  if (panels.size === 0) return [];
  const users = tree.dashboards.filter((dashboard) => !listed.has(dashboard.absPath) && dashboard.libraryPanels.some((uid) => panels.has(uid)));
  const names = new Map([...known.names].filter(([uid]) => panels.has(uid)));
  const found = await Promise.all(
    users.map((dashboard) =>
      context.limit(async () => {
        const file = context.display(dashboard.absPath);
        const { text } = await readUtf8File(dashboard.absPath, file);
        const document = text === undefined ? undefined : parseDashboardDocument(text, file);
        if (!document) return [];
        return findLibraryRefProblems(document, file, { ...known, names }, context.configFile).filter((d) => d.rule === 'library-panel-name-stale');
      }),
    ),
  );
  return found.flat();
}

/**
 * A library panel file that --fix would only reformat (its other findings come from readTree); one that writes an input as
 * an expression query's uid is noted (findExpressionInputMappings).
 */
async function inspectLibraryPanelFile(absPath: string, file: string, noteExpressionInputs: (file: string, uses: ExpressionInputNames) => void): Promise<Diagnostic[]> {
  const { text } = await readUtf8File(absPath, file);
  if (text === undefined) return [];
  if (text.includes(EXPRESSION_DATASOURCE)) {
    const model = parsedLibraryModel(text);
    if (model) noteExpressionInputs(file, expressionInputUses(model));
  }
  const fixed = fixLibraryPanelDocument(text, file, () => '');
  if (!fixed || fixed.changes.some((change) => change !== 'reformatted') || fixed.text === withInexactNumbersAsParsed(text, JSON.parse(text))) return [];
  return [{ file, ...describeNotCanonical(text, fixed.text), severity: 'warning', rule: 'not-canonical' }];
}

/** The `model` of a library panel file's text, when it is JSON of that form (readTree reports any other). */
function parsedLibraryModel(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const model = isPlainObject(parsed) ? libraryPanelElement(parsed).element.model : undefined;
  return isPlainObject(model) ? model : undefined;
}

async function positionFindings(absPath: string, findings: PendingFinding[]): Promise<Diagnostic[]> {
  const { text } = await readUtf8File(absPath, absPath);
  return text === undefined ? findings.map((f) => f.diagnostic) : positionIn(text, findings, (at) => [at]);
}

function positionIn(text: string, findings: PendingFinding[], pathOf: (at: PendingFinding['at']) => string[]): Diagnostic[] {
  return findings.map(({ at, diagnostic }) => ({ ...diagnostic, ...locateJsonPath(text, pathOf(at)) }));
}

/** The removed or moved-out `_library/` files by the uid HEAD gives them, as shown. */
function removedLibraryFiles(removed: readonly StagedRemoval[], show: (path: string) => string): Map<string, RemovedLibraryFile> {
  return new Map(removed.flatMap(({ path, libraryUid, movedTo, movedOutTo }) =>
    libraryUid === undefined || movedTo !== undefined ? [] : [[libraryUid, { file: show(path), ...(movedOutTo !== undefined && { movedOutTo: show(movedOutTo) }) }] as const]));
}
