import type { InstanceDatasource, NameCollation } from './migration/instance-datasources.js';
import type { GrafanaVersion, SandboxFeature } from './types.js';
import type { DashboardStorage } from './apis/dashboard-view.js';

/**
 * What the release serves under `/apis` (grafana-api.md §9, §12; src/sandbox/README.md names the source of each).
 * Absent for 11.2: without the kubernetesDashboards / grafanaAPIServerWithExperimentalAPIs toggles `/apis` is a 404.
 */
export interface ApisRules {
  /** dashboard.grafana.app versions in priority order (the first is preferred): without / with dashboardNewLayouts. */
  readonly dashboardVersions: { readonly classic: readonly string[]; readonly newLayouts: readonly string[] };
  /** folder.grafana.app versions in priority order. */
  readonly folderVersions: readonly string[];
  /** The schemaVersion v1-family writes migrate to (migrateSpecOnWrite). */
  readonly latestSchemaVersion: number;
  /**
   * `migration.Migrate` runs the frontend-defaults passes before the steps and the cleanup after them (migration/frontend-defaults.ts),
   * so every v1-family write, and every v0alpha1 dashboard read at a v1-family or v2 version, gets Grafana's defaults
   * (PR #110525; PR #112475, opened and approved 2025-10-15, stopped it deleting `preload`). 12.3.0 (2025-11-19) on, by
   * date: #112475 came five weeks before it and three after 12.2.0 (2025-09-23), no `[release-12.x]` backport of it or of
   * #110525 was found; #110525's work reached main as a72e02f88a on 2025-09-24, the day after 12.2.0, so 12.0–12.2 run
   * the steps alone (settled in migrate-54). src/sandbox/README.md "Schema migration".
   */
  readonly frontendDefaultsOnMigrate: boolean;
  /**
   * With `frontendDefaultsOnMigrate`: the cleanup runs before the steps (commit 6c4e990f, a branch state of PR #110525),
   * not after them as in every main-line `migrate.go` read from 2025-09-24 on (a72e02f88a; the bmchelix b1c048fb and
   * fieldsphere 35d4b12d copies of the 13.0 cycle), which 12.3+ and 13 were cut from: false for every release; true only
   * through SandboxOptions.cleanupBeforeSteps. src/sandbox/README.md "Schema migration".
   */
  readonly cleanupBeforeSteps: boolean;
  /**
   * The cleanup renames the Angular types of a collapsed row's panels too, not only of top-level ones (PR #109037, merged
   * after its review of 2025-11-12: "We wrongly assumed the nested panels shouldn't be cleaned up", which drops
   * cleanupPanelForSaveWithContext's `if !isNested`): 12.4 on and 13, by date; 12.3 (released 2025-11-19): UNCONFIRMED,
   * emulated without. src/sandbox/README.md "Schema migration".
   */
  readonly nestedPanelsAutoMigrate: boolean;
  /**
   * The steps V17–V22, V24, V26 and V35 reach a collapsed row's panels too, not only top-level ones (PR #128476, opened
   * 2026-07-15: their Go ports iterated `dashboard["panels"]` alone; each now also walks a row's `panels`, as v34.go did).
   * 13.2 on (13.2.0, 2026-08-18), by date: 13.1.0 (2026-06-22) came before the PR was opened and no `[release-13.x]`
   * backport was found, nor is it in 13.2.1's or 13.2.2's notes: 13.2.0 or 13.3.0, which is UNCONFIRMED. The sandbox emulates all of those steps
   * (migration/early-panel-steps.ts, v35.ts; V24 since migrate-58b). src/sandbox/README.md "Schema migration".
   */
  readonly collapsedRowSteps: boolean;
  /**
   * V27 and the cleanup's cleanupPanels drop a repeated copy only where `repeatPanelId`/`repeatByRow`/`repeatedByRow` is
   * truthy, as the frontend tests it, not wherever the key is present (PR #129284, opened 2026-07-27, merged: a panel with
   * `repeatPanelId: 0` or `repeatByRow: false` is kept). 13.2 on (13.2.0, 2026-08-18), by date: on main by 2026-09-09 and
   * in neither 13.2.1's nor 13.2.2's notes, so 13.2.0 or 13.3.0; which is UNCONFIRMED. src/sandbox/README.md "Schema migration".
   */
  readonly truthyRepeats: boolean;
  /** The instance's data sources, every org's (SandboxOptions.datasources, set at start); none when absent. */
  readonly datasources?: readonly InstanceDatasource[];
  /**
   * V33/V36 resolve a string and find the default among every org's data sources, not the namespace's org's: 12.0–12.2.
   * Before PR #110447 (opened 2025-09-02, the context argument of `migration.Migrate` and the org-aware provider) the
   * steps' provider read `GetAllDataSources(context.Background())` (pkg/registry/apis/dashboard, index file 440828114),
   * every org's rows by name; 12.3.0 (2025-11-19) on, the namespace's org's. migration/instance-datasources.ts;
   * src/sandbox/README.md "Schema migration".
   */
  readonly datasourcesOfEveryOrg: boolean;
  /**
   * With `datasourcesOfEveryOrg`: how the database orders those data sources by name (SandboxOptions.database, set at
   * start): 'unicode-ci' on MySQL, else 'binary'. migration/instance-datasources.ts.
   */
  readonly datasourceNameCollation?: NameCollation;
  /**
   * The conversion of a classic dashboard to v2 hands a panel's Angular-era keys (the ones outside the v2 Panel schema)
   * to the editor in `options.__angularMigration`, and an Angular panel type becomes its replacement (PR #115368, opened
   * 2025-12-15, merged; documented in 13.0.1's apps/dashboard/pkg/migration/README.md): 12.4 on (12.4.0, 2026-02-24) and
   * 13, by date. apis/convert/v1-to-v2.ts vizConfigOf; src/sandbox/README.md "v2 and conversion".
   */
  readonly angularMigrationInV2: boolean;
  /**
   * The conversion of a classic dashboard to v2 names the data source type of a query variable whose classic
   * `datasource` gives none (absent, null, `{}`, a name string) by the namespace's org's default data source's type,
   * `"grafana"` where none is the default; a uid without a type by that data source's type; and gives a datasource
   * variable without a string `query` that default type as its `pluginId` (v1beta1_to_v2alpha1.go buildQueryVariable,
   * buildDatasourceVariable, getDefaultDatasourceType, getDatasourceTypeByUID). 12.4 on and 13, by date: the backend's
   * v1 → v2 conversion (PR #109037, still in review on 2025-11-07) and the fix of its hard-coded `"DataQuery"` kind
   * (PR #113876, opened 2025-11-13) both came after 12.3.0's cut (released 2025-11-19). Without it the group is the
   * reference's own type ("" for none): what 12.0–12.3 answer there is UNCONFIRMED. apis/convert/v1-to-v2-controls.ts.
   */
  readonly variableDefaultDatasourceType: boolean;
  /** Reading a v2-stored dashboard at a v1-family version: 'not-implemented' (fails, 12.x) or 'convert' (lossy, 13). */
  readonly v2ToV1: 'not-implemented' | 'convert';
  /** A classic-JSON write whose spec has `elements`/`layout` is refused as "in v2 format" (13). */
  readonly refuseV2LookingSpec: boolean;
  /** metadata.generateName suffix: k8s SimpleNameGenerator (5 chars) or Grafana's ShortUIDNameGenerator. */
  readonly generateName: 'k8s' | 'shortuid';
  /** The v2 version the dynamic-dashboards editor saves at. */
  readonly uiV2Version: string;
  /**
   * A write may not change the manager's kind or identity (403; a Terraform id only from its User-Agent form to a stable
   * one), and an org Admin may drop a `repo` manager: `checkManagerPropertiesOnUpdateSpec` after PR #120521 (opened
   * 2026-03-17; "Current code blocks ANY identity change" on main by 2026-04-15) and PR #122719 (2026-04-15, merged by
   * 2026-04-16), both on main more than nine weeks before 13.1.0 (2026-06-22): 13.1 on, by date. 12: the older rules
   * (the 12-era managed.go). 13.0.x: UNCONFIRMED (#122719 came after 13.0.0 and is in no 13.0.x notes found; whether
   * #120521's one-message form made the 13.0 cut is not known), emulated as 12. src/sandbox/README.md "Ownership".
   */
  readonly lockManagerIdentity: boolean;
  /**
   * A folder PUT that changes the parent meets the folder admission's `validateOnUpdate` (access, cycle, depth) before
   * any storage (13: apis/folder-move-admission.ts). 12: left to the storage (legacy: MoveLegacy's 500); whether
   * 12.3 has the admission's cycle check (PR #113595, merged 2025-11-07, twelve days before 12.3.0) is UNCONFIRMED.
   */
  readonly folderMoveAdmission: boolean;
  /**
   * A dashboard update that changes the folder meets the validating admission's `verifyFolderAccessPermissions` (Edit on
   * the destination) before any storage, which refuses with the plain `dashboards.ErrFolderAccessDenied`: a 500 Status without
   * reason, `access denied to folder` (12: `validateUpdate`, pkg/registry/apis/dashboard/register.go, both 12-era
   * copies read). 13 keeps it (PR #121816, April 2026: "the existing permission check already present in
   * validateUpdate"; PR #124612, backported to 13.0.2 as #124942, reworks the method for "the dashboard folder-move
   * (update) path"), so the storage's `checkFolderMovePermissions` message is never reached for such a move.
   */
  readonly dashboardMoveAdmission: boolean;
  /**
   * A create into a folder meets the same admission check (`validateCreate` → `verifyFolderAccessPermissions`, PR #121816,
   * merged before PR #124612 of 2026-05-11 names it) before the storage's bare 403: 13.1 on (13.1.0, 2026-06-22, more than five weeks
   * after both were on main). Whether 13.0.x has it is UNCONFIRMED (no `[release-13.0…]` backport of #121816 found; the
   * 13.0.2 backport of #124612 copies the original description): the 13 family (13.0.2) keeps the storage's 403.
   */
  readonly dashboardCreateAdmission: boolean;
  /**
   * 12.0–12.2: the dashboard API's authorizer (`authorizeDashboard`, pkg/registry/apis/dashboard/authorizer.go) refuses
   * with its reasons (`can not view dashboard`, …) and resolves `dashboards:uid:<name>` for a caller without an org Admin's
   * `dashboards:*`, so a name no live dashboard has is its 500 (`could not resolve …: Dashboard not found`). PR #111571
   * (12.3) replaced it with `grafanaauthorizer.NewServiceAuthorizer()` ("authorization happens in storage"): the resource
   * server's `read`, `newEvent` and `delete` refuse with a 403 Status without message, and a missing name is its 404
   * (PR #121621, the 12.2.x backport: "12.3+ is not affected").
   */
  readonly rbacDashboardAuthorizer: boolean;
  /**
   * The trash list (`grafana.app/get-trash=true`) shows an entry only to whoever deleted the dashboard (the deletion marker's
   * `updatedBy`) and to those who may set its permissions: `server.List`'s second checker with `utils.VerbSetPermissions`
   * and `isTrashItemAuthorized` (PR #106767, opened 2025-06-16, no `[release-12.0…]` backport found): 12.1 (2025-07-23) on.
   * 12.0.x (12.0.0 of 2025-05-05) checks a trash entry with the list's one `VerbGet` checker, as it checks a live dashboard:
   * every entry of a folder the caller may read, to a Viewer, an Editor and an Admin alike. apis/apis-trash.ts;
   * src/sandbox/README.md "Recently deleted".
   */
  readonly trashListsOwnEntries: boolean;
  /**
   * The page size of a dashboard LIST that names no `limit` (`server.List`: `if req.Limit < 1`, pkg/storage/unified/resource/server.go),
   * on legacy and unified storage alike: 500 since PR #110356 ("Storage: Set default list limit to 500", merged 2025-09-01),
   * 50 before. 12.3 on and 13 by date; 12.2.0 (2025-09-23) came three weeks after the merge and no `[release-12.2…]` backport
   * was found: 12.0–12.2 are emulated with 50 (12.2: UNCONFIRMED). apis/list-pages.ts; src/sandbox/README.md "List, history, trash".
   */
  readonly listDefaultLimit: number;
}

/** Every behaviour that differs between the emulated release families, in one place (grafana-api.md §0). */
export interface EraRules {
  /** Reported by /api/health. */
  readonly versionString: string;
  /** `/api` saves keep a dashboard's number text as posted (11.2: simplejson UseNumber; 12+ store float64s). number-texts.ts. */
  readonly keepsNumberText: boolean;
  /** 11.2: slug-unique dashboard titles per folder (412 name-exists, overwrite takes the other over). */
  readonly uniqueTitles: boolean;
  /** 11.x: the soft delete behind the dashboardRestore toggle (DELETE moves to Recently deleted; /trash routes). See hasLegacyTrash. */
  readonly trash: boolean;
  /** The release's feature toggles and their defaults (grafana.ini `[feature_toggles]`; see SandboxFeature). */
  readonly features: FeatureSet;
  /**
   * GET /api/dashboards/uid/:uid/versions (pkg/api/dashboard.go GetDashboardVersions, dashverimpl List): `sql-array` (11.2–11.5)
   * a bare array of SQL rows, `data` their stored JSON; `sql-object` (11.6) the same rows wrapped as
   * `{continueToken, versions}` (PR #99327, `DashboardVersionResponseMeta`) whose token stays "" (its SQL branch sets none); both
   * page by `start` (an offset). `history` (12, 13): `{continueToken, versions}` from the k8s history, paged by the token.
   */
  readonly versionsList: 'sql-array' | 'sql-object' | 'history';
  /**
   * `POST /api/dashboards/db`: 'legacy' = §1.5, the dashboard service (eras A–C: 11.2, 12 and 13.0.x), 'k8s' = §1.6,
   * `saveDashboardViaK8s` (era D: 13.1 on). PR #122027 ("Dashboards: Skip service for /api/dashboard/db") reached main
   * after the 13.0 branch was cut and no `[release-13.0…]` backport was found; it was reverted on main on 2026-05-14
   * (PR #124908) and applied again on 2026-06-08 (PR #125950). So 13.0.x keeps the service path (settled by date, era-65:
   * src/sandbox/README.md "The conflict words per release"); 13.2.0 (2026-08-18) on has era D; 13.1.0 (2026-06-22, two
   * weeks after the reapply) is UNCONFIRMED and emulated as era D (narrowed in sbx-66: no toggle gates the handler, 13.1.0's
   * notes hold a feature opened after the reapply, and main's builds still said 13.1.0 after it).
   */
  readonly saveLogic: 'legacy' | 'k8s';
  /** POST message longer than 500 characters is refused (12+). */
  readonly messageLimit: boolean;
  /** Search hits leave `slug` empty (era C makeQueryResult). */
  readonly emptySearchSlug: boolean;
  /** Generated uid style (an era C `/api` dashboard save, 12 and 13.0.x, always generates a UUID: save-dashboard-legacy.ts). */
  readonly uidStyle: 'shortid' | 'uuid' | 'generate-name';
  /** Folders and dashboards share one uid space (legacy SQL table). */
  readonly sharedUidSpace: boolean;
  /** Folder uid with illegal characters: message. */
  readonly folderBadUidMessage: string;
  /** DELETE /api/folders/:uid body: legacy `{id,message,title}` or newest `{message}`. */
  readonly folderDeleteBody: 'legacy' | 'short';
  /**
   * `apierrors.ToFolderErrorResponse`'s 500 for an error it has no case for: `Folder API error` (11.2, 12), or with the
   * error's own text after it, `Folder API error: <err>` (13: PR #111831 "improve api error handling for dashboards
   * and folders", opened 2025-09-30; every 13.x copy of `pkg/api/apierrors/folder.go` read ends in
   * `fmt.Sprintf("Folder API error: %s", err.Error())`). Whether 12.3 has it too is UNCONFIRMED.
   */
  readonly folderApiErrorDetail: boolean;
  /** meta.apiVersion on GET (12+); also the version `/api` saves are stored at. */
  readonly metaApiVersion?: string;
  /**
   * GET /api/library-elements/:uid/connections: 11.2 lists the connection rows as stored; 12 keeps the
   * row ids but reports the element's created/createdBy (PR #107088); 13 derives the id from a hash.
   */
  readonly libraryConnections: 'rows' | 'element-meta' | 'hashed';
  /**
   * A v2 dashboard's `LibraryPanel` elements connect it to those library panels. 12.3: no — ConnectLibraryPanelsForDashboard
   * (pkg/services/librarypanels/librarypanels.go) reads only the v1 `panels` (issue #113874; fixed by PR #114504, merged
   * December 2025 after 12.3.0, so 12.4 on); 13: yes. Absent (11.2): there are no v2 dashboards.
   */
  readonly v2LibraryPanelConnections?: boolean;
  /**
   * `DELETE /api/library-elements/:uid` first drops the connection rows of dashboards the dashboard service's
   * `FindDashboards` does not find, and its store filters `deleted IS NULL`: a dashboard in 11.x's "Recently deleted"
   * then no longer blocks the delete (PR #99612, `deleteLibraryElement`, `pkg/services/libraryelements/database.go`;
   * opened 2025-01-27, the day before 11.5.0, no `[release-11.5.x]` backport found: 11.6.0 on). Before it, PR #50519's
   * `deleteInvalidConnections` compared with `SELECT id FROM dashboard`, trashed rows included. 12 and 13 have it (their
   * deletes disconnect anyway).
   */
  readonly libraryDeleteSkipsTrashed: boolean;
  /**
   * A posted numeric `dashboard.id` is looked up through search (12: GetDashboardUIDByID → searchDashboardsThroughK8s;
   * 13: resolveLegacyInternalID, the same call), so a dashboard the index does not show yet (`searchMisses`) is not
   * found by id; 11.2 looks it up in SQL.
   */
  readonly idLookupBySearch: boolean;
  /**
   * POST /api/dashboards/uid/:uid/restore of a version whose data equals the current dashboard's (id, uid and version
   * aside) is refused: 400 "Current dashboard is identical to the specified version" (PR #102665, March 2025: 12.0+).
   */
  readonly refuseIdenticalRestore: boolean;
  /**
   * The `/api/dashboards/uid/:uid` routes (GET, DELETE, `/versions…`, `/restore`) check their action on the dashboard's
   * scope in the route (12, 13: PR #102314 "RBAC: Remove dashboard guardians pt 1" scoped the routes and dropped the
   * handlers' guardians; PR #102815 made the middleware answer a dashboard it cannot find with a 404), not unscoped with
   * the handler's guardian after its lookup (11.2). See dashboard-route-check.ts.
   */
  readonly dashboardRoutesScoped: boolean;
  /**
   * Which column of the preference GET /api/dashboards/home follows (GetHomeDashboard, pkg/api/dashboard.go): the
   * dashboard id (11.2 and 12.0: GetDashboardUIDByID) or its uid (12.1+, PR #106666: GetDashboard by uid in the org).
   */
  readonly homePreferenceBy: 'id' | 'uid';
  /**
   * Where dashboards live by default (SandboxOptions.storage): 11.2 and 12 in the legacy SQL tables; 13 in unified
   * storage — 13 migrates folders and dashboards at startup and enforces dual-writer mode 5 for them
   * (pkg/setting/setting_unified_storage.go MigratedUnifiedResources, applyMigrationEnforcements; PR #118715
   * "Enable folder/dashboard migrations by default for OSS", PR #121807 "In G13, dashboards, folders, and playlists
   * all are required to be in unistore"). 12.4 migrates only instances with few dashboards and folders: autoMigrationThreshold.
   */
  readonly defaultStorage: 'legacy' | 'unified';
  /**
   * 12.4 on (PR #115619, December 2025; Grafana's 12.4 release notes): an instance whose `dashboard` table holds at most
   * this many dashboards and at most this many folders, every org counted, has its folders and dashboards migrated to
   * unified storage at startup (dual-writer mode 5): `shouldAutoMigrate` in pkg/storage/unified/migrations
   * (`setting.DefaultAutoMigrationThreshold` 10, used where no `[unified_storage.*]` section sets `autoMigrationThreshold`).
   * startup-storage.ts applies it; absent: no auto migration.
   */
  readonly autoMigrationThreshold?: number;
  /**
   * What `/api` shows as a service account's saves in `meta.createdBy`/`updatedBy` and the versions' `createdBy`
   * (identity-ref.ts legacySaverName): 11.2 `Anonymous` (getUserLogin → user GetByID, whose query leaves service
   * accounts out: issue #88400); 11.6, 12 and 13 its name (getIdentityName, PR #98719, opened 2025-01-09; read in an
   * 11.6.2 fork). 11.3–11.5 are emulated as 11.2: which of them first has it is UNCONFIRMED (src/sandbox/README.md).
   */
  readonly serviceAccountSaver: 'Anonymous' | 'name';
  /**
   * 12.0–12.2 on legacy SQL storage: a service account's dashboard save, through either API, is stored as user id -1, as
   * file provisioning's is. Legacy storage's `buildSaveDashboardCommand` (pkg/registry/apis/dashboard/legacy/sql_dashboards.go,
   * both stored pre-fix copies, 0232b1fb and 9bdd1e7d) sets `UserID` only for `claims.TypeUser` callers, and the store's
   * `saveDashboard` turns 0 into -1; PR #112300 ("Dashboard History: Fix service account parsing", merged 2025-10-10,
   * no `[release-12.x]` backport found) takes service accounts too: 12.3.0 on, by date. So `/api` names such a save
   * `Anonymous` and `/apis` reads it back as `provisioning:` (getUserID). Unified storage stores the caller's typed id.
   */
  readonly serviceAccountSavedAsProvisioning: boolean;
  /**
   * The `uid` GET /api/user answers for a service account. 12 and 13: `service-account:<internal numeric id>`
   * (`pkg/api/user.go` GetSignedInUser answers a non-user identity with `UID: c.SignedInUser.GetID()`;
   * `pkg/services/user/identity.go` GetID → getTypeAndID → `strconv.FormatInt(u.UserID, 10)`), not the string uid
   * histories record. 11.2: the service account's string uid (older GetSignedInUser reads the account's user row
   * through getUserUserProfile) — UNCONFIRMED, as is the first release with the non-user branch.
   */
  readonly serviceAccountSignedInUid: 'uid' | 'internal-id';
  /**
   * How `pkg/api/user.go` `getUserID` refuses a service account (GET /api/user/orgs and other user-only routes):
   * 403 `{"message":"Endpoint only available for users"}` in the `GetNamespacedID` form (a third party's live check on
   * 11.2), `304 Not Modified` with no body in the authlib `claims.TypeUser` form (`response.Error(http.StatusNotModified, …)`),
   * taken for 12 and 13; the release that switched is UNCONFIRMED.
   */
  readonly userOnlyRefusal: 403 | 304;
  readonly apis?: ApisRules;
}

const rules: Record<GrafanaVersion, EraRules> = {
  '11.2': {
    versionString: '11.2.10',
    keepsNumberText: true,
    uniqueTitles: true,
    trash: true,
    versionsList: 'sql-array',
    saveLogic: 'legacy',
    messageLimit: false,
    emptySearchSlug: false,
    uidStyle: 'shortid',
    sharedUidSpace: true,
    folderBadUidMessage: 'uid contains illegal characters',
    folderDeleteBody: 'legacy',
    folderApiErrorDetail: false,
    libraryConnections: 'rows',
    libraryDeleteSkipsTrashed: false,
    idLookupBySearch: false,
    refuseIdenticalRestore: false,
    dashboardRoutesScoped: false,
    homePreferenceBy: 'id',
    defaultStorage: 'legacy',
    serviceAccountSaver: 'Anonymous',
    serviceAccountSavedAsProvisioning: false,
    serviceAccountSignedInUid: 'uid',
    userOnlyRefusal: 403,
    // Off in a stock 11.2 (an experimental toggle, pkg/services/featuremgmt/registry.go): `--feature dashboardRestore` turns
    // the trash on. The test suite turns it on for 11.2 unless a test says otherwise (test/helpers/sandbox.ts).
    features: { dashboardRestore: false },
  },
  '12': {
    versionString: '12.3.2',
    keepsNumberText: false,
    uniqueTitles: false,
    trash: false,
    versionsList: 'history',
    saveLogic: 'legacy',
    messageLimit: true,
    emptySearchSlug: true,
    uidStyle: 'uuid',
    sharedUidSpace: false,
    folderBadUidMessage: 'invalid uid for folder provided',
    folderDeleteBody: 'short',
    folderApiErrorDetail: false,
    metaApiVersion: 'v0alpha1',
    libraryConnections: 'element-meta',
    v2LibraryPanelConnections: false,
    libraryDeleteSkipsTrashed: true,
    idLookupBySearch: true,
    refuseIdenticalRestore: true,
    dashboardRoutesScoped: true,
    homePreferenceBy: 'uid',
    defaultStorage: 'legacy',
    serviceAccountSaver: 'name',
    serviceAccountSavedAsProvisioning: false,
    serviceAccountSignedInUid: 'internal-id',
    userOnlyRefusal: 304,
    features: { dashboardNewLayouts: false, restoreDashboards: false },
    apis: {
      dashboardVersions: {
        classic: ['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1'],
        newLayouts: ['v2beta1', 'v2alpha1', 'v0alpha1', 'v1beta1'],
      },
      folderVersions: ['v1beta1'],
      latestSchemaVersion: 42,
      frontendDefaultsOnMigrate: true,
      cleanupBeforeSteps: false,
      nestedPanelsAutoMigrate: false,
      collapsedRowSteps: false,
      truthyRepeats: false,
      datasourcesOfEveryOrg: false,
      angularMigrationInV2: false,
      variableDefaultDatasourceType: false,
      v2ToV1: 'not-implemented',
      refuseV2LookingSpec: false,
      generateName: 'k8s',
      uiV2Version: 'v2beta1',
      lockManagerIdentity: false,
      folderMoveAdmission: false,
      dashboardMoveAdmission: true,
      dashboardCreateAdmission: false,
      rbacDashboardAuthorizer: false,
      trashListsOwnEntries: true,
      listDefaultLimit: 500,
    },
  },
  '13': {
    versionString: '13.0.2',
    keepsNumberText: false,
    uniqueTitles: false,
    trash: false,
    versionsList: 'history',
    saveLogic: 'legacy',
    messageLimit: true,
    emptySearchSlug: true,
    uidStyle: 'generate-name',
    sharedUidSpace: false,
    folderBadUidMessage: 'invalid uid for folder provided',
    folderDeleteBody: 'short',
    folderApiErrorDetail: true,
    metaApiVersion: 'v0alpha1',
    libraryConnections: 'hashed',
    v2LibraryPanelConnections: true,
    libraryDeleteSkipsTrashed: true,
    idLookupBySearch: true,
    refuseIdenticalRestore: true,
    dashboardRoutesScoped: true,
    homePreferenceBy: 'uid',
    defaultStorage: 'unified',
    serviceAccountSaver: 'name',
    serviceAccountSavedAsProvisioning: false,
    serviceAccountSignedInUid: 'internal-id',
    userOnlyRefusal: 304,
    features: { dashboardNewLayouts: true, restoreDashboards: true },
    apis: {
      dashboardVersions: {
        classic: ['v1', 'v1beta1', 'v0alpha1', 'v2', 'v2beta1', 'v2alpha1'],
        newLayouts: ['v2', 'v2beta1', 'v2alpha1', 'v0alpha1', 'v1', 'v1beta1'],
      },
      folderVersions: ['v1', 'v1beta1'],
      latestSchemaVersion: 42,
      frontendDefaultsOnMigrate: true,
      cleanupBeforeSteps: false,
      nestedPanelsAutoMigrate: true,
      collapsedRowSteps: false,
      truthyRepeats: false,
      datasourcesOfEveryOrg: false,
      angularMigrationInV2: true,
      variableDefaultDatasourceType: true,
      v2ToV1: 'convert',
      refuseV2LookingSpec: true,
      generateName: 'shortuid',
      uiV2Version: 'v2',
      lockManagerIdentity: false,
      folderMoveAdmission: true,
      dashboardMoveAdmission: true,
      dashboardCreateAdmission: false,
      rbacDashboardAuthorizer: false,
      trashListsOwnEntries: true,
      listDefaultLimit: 500,
    },
  },
};

export function eraRules(version: GrafanaVersion, release?: string): EraRules {
  const family = rules[version];
  if (!family) throw new Error(`grafanaVersion "${String(version)}" is not a Grafana the sandbox serves: give one of ${Object.keys(rules).sort((a, b) => Number(a) - Number(b)).join(', ')}`);
  if (release === undefined || release === family.versionString) return family;
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(release);
  if (!match || !inFamily(version, Number(match[1]), Number(match[2]))) {
    throw new Error(`release "${release}" is not a Grafana ${version} release (give major.minor.patch, e.g. ${family.versionString}${version === '11.2' ? '; 11.2 to 11.6 are accepted' : ''})`);
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (!family.apis) {
    const elevenSixOrLater = major === 11 && minor >= 6;
    return { ...family, versionString: release, libraryDeleteSkipsTrashed: elevenSixOrLater, ...(elevenSixOrLater && { serviceAccountSaver: 'name' as const, versionsList: 'sql-object' as const }) };
  }
  const autoMigrates = major === 12 && minor >= 4;
  return {
    ...family,
    versionString: release,
    serviceAccountSavedAsProvisioning: major === 12 && minor < 3,
    saveLogic: major > 13 || (major === 13 && minor >= 1) ? 'k8s' : 'legacy',
    apis: {
      ...family.apis,
      latestSchemaVersion: latestSchemaVersionOf(major, minor, family.apis),
      frontendDefaultsOnMigrate: !(major === 12 && minor < 3),
      nestedPanelsAutoMigrate: !(major === 12 && minor < 4),
      collapsedRowSteps: major > 13 || (major === 13 && minor >= 2),
      truthyRepeats: major > 13 || (major === 13 && minor >= 2),
      datasourcesOfEveryOrg: major === 12 && minor < 3,
      angularMigrationInV2: major > 12 || minor >= 4,
      variableDefaultDatasourceType: major > 12 || minor >= 4,
      rbacDashboardAuthorizer: major === 12 && minor < 3,
      dashboardCreateAdmission: major === 13 && minor >= 1,
      lockManagerIdentity: major > 13 || (major === 13 && minor >= 1),
      trashListsOwnEntries: !(major === 12 && minor < 1),
      listDefaultLimit: major === 12 && minor < 3 ? 50 : 500,
    },
    ...(autoMigrates ? { autoMigrationThreshold: DEFAULT_AUTO_MIGRATION_THRESHOLD } : {}),
  };
}

/** `setting.DefaultAutoMigrationThreshold` (pkg/setting/setting_unified_storage.go, the 12.4-era copy). */
const DEFAULT_AUTO_MIGRATION_THRESHOLD = 10;

/**
 * The releases a family stands for: 12 and 13 every minor of their major; the 11.2 family 11.2 to 11.6 (the releases with
 * the `dashboardRestore` trash, which 12 removed), all emulated as 11.2 but for `libraryDeleteSkipsTrashed`,
 * `serviceAccountSaver` and `versionsList` (11.6).
 */
/** The family a release `X.Y.Z` belongs to (`13.1.0` → `13`, `11.6.0` → `11.2`); undefined for one of none this emulates, or not of that form. */
export function familyOfRelease(release: string): GrafanaVersion | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(release);
  if (!match) return undefined;
  return (Object.keys(rules) as GrafanaVersion[]).find((version) => inFamily(version, Number(match[1]), Number(match[2])));
}

function inFamily(version: GrafanaVersion, major: number, minor: number): boolean {
  return version === '11.2' ? major === 11 && minor >= 2 && minor <= 6 : String(major) === version;
}

/**
 * A release's own migration target (LATEST_VERSION, apps/dashboard/pkg/migration/schemaversion/migrations.go): 42 from
 * 12.3 (V42, PR #110517) through 13.0.x, 41 before (12.0–12.2: UNCONFIRMED, src/sandbox/README.md "Versions"). Other
 * releases of a family migrate as the family's emulated one does.
 */
function latestSchemaVersionOf(major: number, minor: number, family: ApisRules): number {
  return major === 12 && minor < 3 ? 41 : family.latestSchemaVersion;
}

/** The toggles of one release that are set: only the release's own (others are absent, i.e. off). */
export type FeatureSet = Readonly<Partial<Record<SandboxFeature, boolean>>>;

export const KNOWN_FEATURES: readonly SandboxFeature[] = ['dashboardRestore', 'dashboardNewLayouts', 'restoreDashboards'];

/** The feature toggles a release has (its own; the others do not exist there). */
export function releaseFeatures(version: GrafanaVersion): SandboxFeature[] {
  return Object.keys(rules[version].features) as SandboxFeature[];
}

/** The release's default toggles with the caller's overrides on top; a toggle the release does not have is an error. */
export function resolveFeatures(era: EraRules, version: GrafanaVersion, overrides: Partial<Record<SandboxFeature, boolean>> = {}): FeatureSet {
  const own = Object.keys(era.features);
  for (const name of Object.keys(overrides)) {
    if (!KNOWN_FEATURES.includes(name as SandboxFeature)) throw new Error(`unknown feature toggle "${name}" (known: ${KNOWN_FEATURES.join(', ')})`);
    if (!own.includes(name)) throw new Error(`Grafana ${version} has no feature toggle "${name}" (its toggles: ${own.join(', ')})`);
  }
  return { ...era.features, ...overrides };
}

/** 11.x with dashboardRestore on: DELETE /api/dashboards/uid/:uid is a soft delete and the /trash routes exist (pkg/api/api.go). */
export function hasLegacyTrash(era: EraRules, features: FeatureSet): boolean {
  return era.trash && features.dashboardRestore === true;
}

/**
 * 12/13: whether a dashboard deleted through the apiserver lands in "Recently deleted" (`grafana.app/get-trash`).
 * Unified storage keeps it whatever `restoreDashboards` says (the resource server's delete writes a deletion marker into
 * the history, which the trash list reads; the toggle only shows Grafana's page); legacy storage (a stock 12.x) deletes
 * the row and its versions, so its trash list, which reads soft-deleted rows only, stays empty (src/sandbox/README.md,
 * "List, history, trash").
 */
export function keepsApisTrash(storage: DashboardStorage): boolean {
  return storage === 'unified';
}
