import type { Diagnostic } from '../errors.js';
import type { DashboardSchema, ModelText, UserMetadata } from '../grafana/port.js';
import type { ExpressionInputFiles } from './expression-input-files.js';

/** A directory of the tree = a Grafana folder. */
export interface FolderEntry {
  /** Directory relative to the root, forward slashes, e.g. `platform/kubernetes`. */
  dir: string;
  uid: string;
  title: string;
  /** null = a top-level folder (parent is the General level). */
  parentUid: string | null;
  /** Where uid/title came from: a `_folder.json`, or derived from the directory path. */
  source: 'folder-file' | 'derived';
  /**
   * The directory holds nothing of its own, only its `_folder.json` and subdirectories (no dashboard or library panel
   * file, in or outside the run's selection): its folder is managed only where git history shows it held one (decideManagedFolders).
   */
  passThrough?: true;
  /** Its `_folder.json` says `"parentOnly": true`: held only as the parent of the folders below it (decideManagedFolders: never managed). */
  parentOnly?: true;
}

/**
 * How a file holds its dashboard: `model` = the bare classic model (or the `{dashboard, meta}`
 * wrapper of the legacy API); `resource` = a Kubernetes-style object
 * `{apiVersion: "dashboard.grafana.app/<v>", kind: "Dashboard", metadata: {name, …}, spec}`.
 */
export type DashboardFileForm = 'model' | 'resource';

/**
 * What one dashboard file asks Grafana to hold, inputs (`${DS_…}`) resolved. Returned by
 * readDesired (normalized) and parseDashboardText (as written, unnormalized).
 */
export interface DesiredContent {
  /** The identity: a model's `uid`, a resource's `metadata.name` ('' when the file has none: a diagnostic says so). */
  uid: string;
  schema: DashboardSchema;
  /** The file's `apiVersion` (`dashboard.grafana.app/v2beta1`…); null for model files. */
  apiVersion: string | null;
  /**
   * v1: the classic model exactly as a model file holds it, `uid` included — for a v1 resource
   * file, its `spec` with `uid` = `metadata.name` (so a model file and the same dashboard as a
   * v1 resource compare equal). v2: the resource's `spec` (no uid: `metadata.name` is the identity).
   */
  spec: Record<string, unknown>;
  metadata: UserMetadata;
}

/**
 * One dashboard file, validated. Holds only what planning needs to index the tree;
 * the model itself is read again (readDashboardFile) when it is compared, unless the plan can
 * tell from `contentHash` that the file holds the live model (desiredFromLive), so memory stays
 * bounded for large trees.
 */
export interface DashboardEntry {
  /** Path shown to users: relative to the working directory, forward slashes. */
  file: string;
  absPath: string;
  /** Directory relative to the root ('' = root level). */
  dir: string;
  /** Target folder uid; null = General (root level). */
  folderUid: string | null;
  /** The dashboard's identity: a model's `uid`, a resource's `metadata.name` (trimmed). */
  uid: string;
  /** The title as Grafana lists it (trimmed): a model's `title`, a resource's `spec.title`. */
  title: string;
  /** `sha256:` of the file's bytes, to detect a file edited between reading the tree, planning and applying. */
  contentHash: string;
  form: DashboardFileForm;
  schema: DashboardSchema;
  /** The file's `apiVersion` for resource files (e.g. `dashboard.grafana.app/v2beta1`); null for model files. */
  apiVersion: string | null;
  /** The author's labels and annotations (resource files; empty for model files). */
  metadata: UserMetadata;
  /** Uids of the library panels it uses (findLibraryPanelRefs), sorted. */
  libraryPanels: string[];
  /** How Grafana's `/api` would answer with this file's model, to know it without parsing (classic model files read with readTree's describeModels; else null). */
  modelText: ModelText | null;
  /** A classic file's `schemaVersion` as Grafana's migration reads it (schemaVersionOf): a create through `/apis` is planned without reading the file again. Absent for v2. */
  schemaVersion?: number;
}

/** One library panel file (`<dir>/_library/<name>.json`), validated; its model is read again when compared. */
export interface LibraryPanelEntry {
  /** Path shown to users: relative to the working directory, forward slashes. */
  file: string;
  absPath: string;
  /** The directory that holds its `_library/`, relative to the root ('' = root). */
  dir: string;
  /** The folder of `dir`; null = General. */
  folderUid: string | null;
  uid: string;
  name: string;
  /** `sha256:` of the file's bytes. */
  contentHash: string;
}

export interface Tree {
  root: string;
  /** Directories holding dashboards (directly or below): Grafana folders. */
  folders: FolderEntry[];
  /** Directories holding a `_folder.json` and no dashboard: no folder is made for them, but they are still the tree's (prune). */
  idleFolders: FolderEntry[];
  dashboards: DashboardEntry[];
  libraryPanels: LibraryPanelEntry[];
  /** Directories (relative to the root) that hold only files the tree does not read (discoverTree's `lookAlikes`): still there, no folder. */
  dirsWithoutDashboards?: string[];
  /** Dashboard uids the tree's YAML files name (readYamlResources), each with the file as shown: dashsync does not read them, and prune never deletes them. */
  yamlDashboardUids?: ReadonlyMap<string, string>;
  /** Dashboard uids the files below a symlinked directory name (discoverTree's `linkedDirs`; read only for prune), each with the file as shown: not followed, never pruned. */
  linkedDashboardUids?: ReadonlyMap<string, string>;
  /** Library panel uids the `_library/` files below a symlinked directory name (read only for prune), each with the file as shown: never pruned. */
  linkedLibraryPanelUids?: ReadonlyMap<string, string>;
  /** Folder uids the `_folder.json` files below a symlinked directory name (read only for prune), each with the file as shown: prune keeps them as external folders. */
  linkedFolderUids?: ReadonlyMap<string, string>;
  /** Folder uids the tree's YAML files name (Folder, GrafanaFolder resources), each with the file as shown: prune keeps them as external folders. */
  yamlFolderUids?: ReadonlyMap<string, string>;
  /** dashsync's own saved plan files in the tree (`plan --out plan.json` with `"root": "."`), absolute paths: no dashboards, said nowhere. */
  planFiles?: string[];
  /** The uids the files outside this run's include/exclude hold (read only for prune): never pruned. */
  outsideSelection?: OutsideSelection;
  /**
   * The `_library/` files this run's include/exclude leave out (uid → file as shown), read for
   * their uid whenever a selection leaves one out, and the lists that leave them out: a dashboard's
   * reference to one is to a panel the tree holds, not a missing one.
   */
  libraryPanelsOutsideSelection?: { files: ReadonlyMap<string, string>; selection: string };
  /** The files that use inputs as server-side expressions (plan's input-expression-mapped warning); absent when none does. */
  expressionInputs?: ExpressionInputFiles;
}

export interface ReadTreeResult {
  tree: Tree;
  /** Every problem in every file; the caller refuses to go on when any is an error. */
  diagnostics: Diagnostic[];
}

/** What the tree's files outside a run's selection claim: prune never deletes these. */
export interface OutsideSelection {
  /** Dashboard uids held by dashboard files the selection leaves out. */
  dashboardUids: Set<string>;
  /** The files (absolute paths, tree order) that hold each of `dashboardUids`: which environments deploy them (setApartDeployedElsewhere). */
  dashboardFiles?: Map<string, string[]>;
  /** Library panel uids held by `_library/` files the selection leaves out. */
  libraryPanelUids: Set<string>;
}
