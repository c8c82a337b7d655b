export type PruneScope = false | 'folders' | 'all';
export type DeleteMode = 'soft' | 'hard';

export type GrafanaAuth =
  | { kind: 'token'; token: string }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'none' };

/** dashsync.config.json as read from disk, before validation: every key may be anything. */
export type RawConfigFile = Record<string, unknown>;

/** Flags as the CLI (or the Action) parsed them; undefined = not given. */
export interface ConfigFlags {
  config?: string;
  root?: string;
  url?: string;
  orgId?: number;
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  timeout?: number; // seconds
  prune?: PruneScope;
  deleteMode?: DeleteMode;
  maxDeletes?: number;
  message?: string;
  backupDir?: string;
  caCert?: string;
  insecure?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/** Fully resolved settings: flag > environment > config file > default. Paths are absolute. */
export interface Settings {
  cwd: string;
  root: string;
  url: string | undefined;
  orgId: number | undefined;
  auth: GrafanaAuth;
  concurrency: number;
  timeoutMs: number;
  prune: PruneScope;
  deleteMode: DeleteMode;
  maxDeletes: number;
  inputs: Record<string, string>;
  include: string[];
  exclude: string[];
  /** Commit message template with {sha}, {subject}, {actor}. */
  message: string;
  backupDir: string;
  /** Grafana's [dashboards] min_refresh_interval, so compare clamps `refresh` as the server will. */
  minRefreshInterval: string;
  caCert: string | undefined;
  insecure: boolean;
  verbose: boolean;
  color: boolean;
}
