import type { InstanceDatasource } from './migration/instance-datasources.js';

/**
 * Public contract of the sandbox server (the Grafana-compatible API server used by
 * `dashsync sandbox`, the demo, the benchmark and every test). The core of dashsync
 * never imports src/sandbox.
 */

/** Release family to emulate (grafana-api.md §0: 11.2 = era A, 12 = era C, 13 = era D). */
export type GrafanaVersion = '11.2' | '12' | '13';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/**
 * Grafana feature toggles the sandbox honours (`[feature_toggles]` in grafana.ini, `--feature` on the CLI);
 * each release has its own (era.ts), and `GET /api/frontend/settings` lists the ones on in `featureToggles`.
 * `dashboardRestore` (11.2 only): DELETE moves a dashboard to "Recently deleted" and the `/api/dashboards/uid/:uid/trash`
 * routes exist; a folder delete moves the folder's dashboards there (off by default, as in a stock 11.2).
 * `dashboardNewLayouts` (12, 13): discovery prefers the v2 dashboard API (on by default in 13, off in 12).
 * `restoreDashboards` (12, 13): Grafana's "Recently deleted" page (on by default in 13). Only listed in the settings:
 * unified storage keeps deleted dashboards in the `/apis` trash (`grafana.app/get-trash`) whether it is on or not.
 */
export type SandboxFeature = 'dashboardRestore' | 'dashboardNewLayouts' | 'restoreDashboards';

/** One scripted fault, consumed by the next matching request (before the random rates apply). */
export type ScriptedFault =
  /**
   * An answer of `status`: Grafana's JSON error (`{"message"}`, or a k8s Status under /apis). `message` replaces the
   * usual words for the status, as the JSON error of a gateway or proxy in front of Grafana says what it likes.
   */
  | {
      kind: 'status';
      status: number;
      retryAfterSeconds?: number;
      /** A Retry-After header given as an HTTP-date (`Wed, 21 Oct 2099 07:28:00 GMT`), sent as it is, in place of retryAfterSeconds. */
      retryAfterDate?: string;
      message?: string;
      /**
       * The request is handled first (what it writes stays written), and this status answers it in place of the handler's
       * answer: a step after the work that failed (a hook, a proxy's own error after passing the request on), or a 2xx
       * that never came from Grafana. Without it the status answers before anything is handled. Not Grafana behaviour.
       */
      afterHandling?: true;
      /**
       * The answer's body, sent as this JSON in place of the error shape: a success a proxy or mock in front of Grafana
       * makes up (`{"status": "success", "uid": "…"}`: it names the uid, not the version a save makes). Not Grafana behaviour.
       */
      body?: Record<string, unknown>;
      /**
       * After this answer (sent with `Connection: close`) the sandbox stops listening: every later connection to its port
       * is refused (ECONNREFUSED), as when the host behind a load balancer answering 503 shuts down. Not Grafana behaviour.
       */
      thenDown?: true;
    }
  | { kind: 'drop' }
  /**
   * The request is handled, then its answer's head (status, content-length) and half its body are sent and the
   * connection is closed, whatever the method: a write that was done, and whose answer a network fault cut off
   * mid-body. With `thenDown`, the sandbox stops listening before that half answer leaves, as `status`'s `thenDown`
   * does: a write done, its answer cut off, and Grafana gone for what comes next (its read back). Not Grafana behaviour.
   */
  | { kind: 'cut-answer'; thenDown?: true }
  | { kind: 'delay'; ms: number }
  /**
   * No answer: the request is logged as it arrives (status 0) and held until the test releases it (then it is handled
   * and answered, and its log entry gets the status), the client goes away, or the sandbox closes.
   */
  | { kind: 'hold' }
  /**
   * A 200 whose body is an HTML sign-in page instead of the answer: what an authenticating proxy in
   * front of Grafana (an SSO gateway whose session ran out) sends. Not Grafana behaviour.
   */
  | { kind: 'login-page' }
  /**
   * An answer of `status` whose body echoes the request (`{"method", "url", "headers"}`, headers sorted by name,
   * credentials included): what a request-echo service or a debugging proxy at Grafana's address sends. Not Grafana behaviour.
   * `form`: `json` (default, as JavaScript writes it); `escaped-json` (as PHP's json_encode writes it: `\/` for `/`, `\uXXXX`
   * for every character beyond ASCII); `urlencoded` (`name=value&…`, percent-encoded, `text/plain`); `html` (a page listing
   * them, basic credentials decoded, `& < > " '` as entities).
   */
  | { kind: 'echo'; status: number; form?: EchoForm }
  /**
   * Unified storage's per-namespace write queue is full: the resource server answers before running the write
   * (`runInQueue` → `HandleQueueError`, pkg/storage/unified/resource/errors.go: `NewTooManyRequestsError("tenant queue is
   * full, please try again later")`), a 429 Status of reason TooManyRequests with no details, so no Retry-After header.
   */
  | { kind: 'queue-full' };

/** How an echo fault writes the request back. */
export type EchoForm = 'json' | 'escaped-json' | 'urlencoded' | 'html';

export interface FaultConfig {
  /** Added before answering every matching request. */
  latencyMs?: number;
  /** Fraction 0..1 of matching requests answered with `errorStatus` (a Grafana-like 5xx body). */
  errorRate?: number;
  /** Default 503. */
  errorStatus?: number;
  /** Fraction 0..1 answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
  /** Fraction 0..1 whose connection is destroyed after part of the response was written. */
  dropRate?: number;
  /**
   * Seed for the rates' draws, so a run is repeatable: each request's draws come from the seed, the request (method,
   * path with query, body) and how many identical ones came before, never from the order requests arrive in.
   * Default: the time the config was set.
   */
  seed?: number;
  /** Only requests whose path starts with this are affected; default: `/api/` and `/apis` (so /api/health too). */
  pathPrefix?: string;
  /** Only these methods are affected; default all. */
  methods?: string[];
  /** Faults for the next matching requests, in order. */
  script?: ScriptedFault[];
  /**
   * Uids `/api/search` leaves out, as a search index that has not caught up with writes would
   * (unified storage's search is not read-after-write consistent; the sandbox's SQL-style search is).
   * Independent of `pathPrefix`/`methods`; the objects stay readable and writable everywhere else, except
   * that 12 and 13 do not find them by numeric id in `POST /api/dashboards/db` (that lookup is a search).
   */
  searchMisses?: string[];
  /**
   * Query parameters removed from matching requests before they are handled, as a proxy that
   * rewrites the query string would (`["page"]`: every /api/search answers its first page).
   * Not Grafana behaviour; the request log keeps the path as the client sent it.
   */
  dropQueryParams?: string[];
}

export interface SandboxOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default '12'. */
  grafanaVersion?: GrafanaVersion;
  /**
   * The exact release within the family, e.g. '12.2.0' or '13.1.0' ('11.2' takes 11.2–11.6; default: the family's own,
   * era.ts versionString): what `/api/health` and `buildInfo` report, for 12.0–12.2 the schemaVersion `/apis` writes
   * migrate to (41), from 11.6 a library element delete that lets trashed dashboards go (libraryDeleteSkipsTrashed),
   * and from 12.4 the startup migration of a small instance to unified storage (`storage`). Every other behaviour stays
   * the family's.
   */
  release?: string;
  /** Feature toggles switched away from the release's default (see SandboxFeature). */
  features?: Partial<Record<SandboxFeature, boolean>>;
  /**
   * The data sources the instance has, as far as the schema migration's V33/V36 resolve names and fill defaults against
   * them (one `isDefault`: what a panel without one gets), and v2 names the type of a variable naming none by them (the
   * default's type; 12.4 on, and the editor's v2 save). None by default, like a fresh Grafana: those steps then write
   * `datasource: null`. `GET /api/frontend/settings` lists them (`datasources`, `defaultDatasource`); no
   * `/api/datasources` routes are served. Each belongs to org `orgId` (default 1): the settings list an identity its own
   * org's, and the steps resolve against the namespace's org's (12.0–12.2: every org's, EraRules `apis.datasourcesOfEveryOrg`).
   */
  datasources?: readonly InstanceDatasource[];
  /**
   * Run the schema migration's cleanup before the steps, not after them (`/apis` v1-family writes, 12.3 on): the form of
   * commit 6c4e990f, a branch state no release read ships (src/sandbox/README.md "Schema migration"). Not Grafana
   * behaviour: for tests of dashsync's record patch, which only such a form makes needed. Default false.
   */
  cleanupBeforeSteps?: boolean;
  /** Persist state to this JSON file (atomic writes); loaded at start when it exists. */
  dataFile?: string;
  /** [dashboards] min_refresh_interval; default '5s'. */
  minRefreshInterval?: string;
  /** [dashboards] versions_to_keep; default 20. */
  versionsToKeep?: number;
  /**
   * [unified_storage] max_page_size_bytes: where a LIST page ends by the size of the stored objects in it (the resource
   * server's, in front of either storage); default (absent, 0 or less) 2 MiB, as Grafana's. src/sandbox/apis/list-pages.ts.
   */
  maxPageSizeBytes?: number;
  /**
   * Where dashboards are stored; default: the release's (11.2 and 12 'legacy', 13 'unified': era.ts defaultStorage; 12.4
   * and later 12.x 'unified' when the instance starts with at most 10 dashboards and 10 folders: startup-storage.ts).
   * 'legacy' carries a re-created name's generation on from the deleted row (last + 1) and keeps its metadata.uid;
   * 'unified' writes every create at generation 1 with a new metadata.uid and without updatedBy/updatedTimestamp
   * (apistore prepare.go prepareObjectForStorage), and keeps the generation on an `/apis` write that changes neither
   * spec nor folder (prepareObjectForUpdate). Other generation rules stay legacy's (every `/api` save bumps it).
   */
  storage?: 'legacy' | 'unified';
  /**
   * The database behind Grafana; default 'sqlite'. 'mysql' compares dashboard, folder and library element uids
   * without case (utf8mb4_unicode_ci: uid-collation.ts): `abc` finds, updates and deletes `ABC`, and a create of `abc`
   * meets `ABC` as an existing row; 12.0–12.2's schema migration takes every org's data sources ordered by name without
   * case too (`graphite` before `Prometheus`: migration/instance-datasources.ts). 'postgres' compares as 'sqlite' does.
   */
  database?: 'sqlite' | 'mysql' | 'postgres';
  /**
   * 13 only: `[folder] max_nested_folder_depth` (pkg/setting: default 4, clamped to 1..7), the most ancestors a folder may
   * have. 11.2 and 12 have no such setting (the constant MaxNestedFolderDepth = 4).
   */
  maxNestedFolderDepth?: number;
  /**
   * 13.0 before PR #121903 ("Library panel connections: Always use unistore for connection info"): `meta.connectedDashboards`
   * of `GET /api/library-elements[/:uid|/name/:name]` came from a subquery on the SQL `library_element_connection` table,
   * which the unified-storage save path does not write, while `…/:uid/connections` reads the search index: the count
   * says 0 for a panel dashboards use. Off by default: every 13.0.x release carries the fix (backports #122059 to
   * release-13.0.0, #122061 to release-13.0.1), so only a 13 build from before April 2026 answered so; 13 only.
   */
  staleConnectionCounts?: boolean;
  /**
   * `[auth.anonymous] hide_version = true`: `GET /api/health` answers `{"database": "ok"}` alone, to every caller
   * (apiHealthHandler). `/api/frontend/settings` still names the release to a signed-in caller (Grafana hides its
   * buildInfo from anonymous ones only, and the sandbox has no anonymous access). Default false.
   */
  hideVersion?: boolean;
  /** Basic-auth admin credentials; default admin/admin. */
  adminUser?: string;
  adminPassword?: string;
  faults?: FaultConfig;
  /** Serve HTTPS with this certificate (the URL becomes https://); default plain HTTP. */
  tls?: SandboxTls;
}

/** A PEM certificate (chain) and its private key, as text. */
export interface SandboxTls {
  cert: string;
  key: string;
}

/** One request as the sandbox saw it. Never holds credentials. */
export interface RequestLogEntry {
  method: string;
  /** Path with query string, e.g. `/api/search?type=dash-db&limit=5000&page=1`. */
  path: string;
  /** 0 for a request the `hold` fault never answers (logged when it arrives). */
  status: number;
  /** Org the request ran in (0 when authentication failed). */
  orgId: number;
  /** Parsed JSON body of the request, when it had one. */
  body?: unknown;
  /** The Accept header, when it asks for a conversion (`as=…`: metadata only on /apis). */
  accept?: string;
  /** Fault applied, if any. */
  fault?: 'status' | 'drop' | 'cut-answer' | 'delay' | 'latency' | 'error' | 'ratelimit' | 'hold' | 'login-page' | 'echo';
  at: string;
}

export interface SandboxHandle {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly grafanaVersion: GrafanaVersion;
  /** The release's feature toggles in effect (its defaults plus SandboxOptions.features). */
  readonly features: Readonly<Partial<Record<SandboxFeature, boolean>>>;
  /** Where folders and dashboards live: SandboxOptions.storage, else the release's (a small 12.4+ instance: unified). */
  readonly storage: 'legacy' | 'unified';
  close(): Promise<void>;
  /**
   * Grafana goes away but the port stays this sandbox's: every open connection is destroyed (held requests
   * included) and each new one is reset as soon as it is accepted, until close(). Unlike close(), no other
   * process can take the port meanwhile, so a client that keeps trying meets this sandbox, never a stranger.
   */
  goAway(): Promise<void>;
  /** Replace the fault configuration (undefined = no faults). */
  setFaults(faults: FaultConfig | undefined): void;
  /** Lets every request the `hold` fault is holding go on to be handled and answered; returns how many. */
  releaseHeld(): number;
  /** Resolves once the `hold` fault holds `count` requests at the same time (at once if it does): no polling the log. */
  whenHeld(count: number): Promise<void>;
  /** Requests to /api/* and /apis/* since start or the last clearRequests(); control calls are not logged. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Create a service account with `role` in `orgId` (default 1) and return a token for it. */
  createToken(role: OrgRole, orgId?: number): Promise<string>;
  /**
   * Store a dashboard as file provisioning would (meta.provisioned true unless allowUiUpdates).
   * For tests of "provisioned dashboards are never touched".
   */
  provisionDashboard(input: ProvisionInput): Promise<{ uid: string; version: number }>;
  /**
   * Store a dashboard as Git Sync's sync job would from file `path` of repository `repository`
   * (`grafana.app/managedBy: repo` on /apis). For tests of dashboards another tool owns.
   */
  syncFromRepository(input: RepositorySyncInput): Promise<{ uid: string; version: number }>;
}

/** A dashboard stored as file provisioning would store it (SandboxServer.provisionDashboard). */
export interface ProvisionInput {
  dashboard: Record<string, unknown>;
  folderUid?: string;
  orgId?: number;
  allowUiUpdates?: boolean;
  externalId?: string;
  /** The provider's name in the provisioning config (grafana.app/managerId on /apis); default `default`. */
  providerName?: string;
}

/** A folder stored as Git Sync's sync job would store it (`/__sandbox/git-sync` with `folder`; unified storage only). */
export interface RepositoryFolderInput {
  folder: { uid?: string; title: string; parentUid?: string };
  orgId?: number;
  /** The Repository resource's name: grafana.app/managerId. */
  repository: string;
  /** The folder's path in the repository: grafana.app/sourcePath. */
  path: string;
}

/** A dashboard stored as Git Sync's sync job would store it (SandboxServer.syncFromRepository). */
export interface RepositorySyncInput {
  dashboard: Record<string, unknown>;
  folderUid?: string;
  orgId?: number;
  /** The Repository resource's name (provisioning.grafana.app): grafana.app/managerId. */
  repository: string;
  /** The file's path in the repository: grafana.app/sourcePath. */
  path: string;
  /** The file's hash at the synced commit: grafana.app/sourceChecksum; default a digest of the body. */
  checksum?: string;
}
