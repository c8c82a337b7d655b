import type { GrafanaVersion } from './types.js';

/** Every behaviour that differs between the emulated release families, in one place (grafana-api.md §0). */
export interface EraRules {
  /** Reported by /api/health. */
  readonly versionString: string;
  /** 11.2: slug-unique dashboard titles per folder (412 name-exists, overwrite takes the other over). */
  readonly uniqueTitles: boolean;
  /** 11.2 with the dashboardRestore toggle: DELETE moves to Recently deleted; /trash routes exist. */
  readonly trash: boolean;
  /** Versions list: bare array (11.2) or {continueToken, versions} (12, 13). */
  readonly versionsAsObject: boolean;
  /** Save decision logic: 'legacy' = §1.5 (eras A–C), 'k8s' = §1.6 (era D). */
  readonly saveLogic: 'legacy' | 'k8s';
  /** POST message longer than 500 characters is refused (12+). */
  readonly messageLimit: boolean;
  /** Search hits leave `slug` empty (era C makeQueryResult). */
  readonly emptySearchSlug: boolean;
  /** Generated dashboard uid style. */
  readonly uidStyle: 'shortid' | 'uuid' | 'generate-name';
  /** Folders and dashboards share one uid space (legacy SQL table). */
  readonly sharedUidSpace: boolean;
  /** Folder uid with illegal characters: message. */
  readonly folderBadUidMessage: string;
  /** DELETE /api/folders/:uid body: legacy `{id,message,title}` or newest `{message}`. */
  readonly folderDeleteBody: 'legacy' | 'short';
  /** meta.apiVersion on GET (12+). */
  readonly metaApiVersion?: string;
  /**
   * GET /api/library-elements/:uid/connections: 11.2 lists the connection rows as stored; 12 keeps the
   * row ids but reports the element's created/createdBy (PR #107088); 13 derives the id from a hash.
   */
  readonly libraryConnections: 'rows' | 'element-meta' | 'hashed';
}

const rules: Record<GrafanaVersion, EraRules> = {
  '11.2': {
    versionString: '11.2.10',
    uniqueTitles: true,
    trash: true,
    versionsAsObject: false,
    saveLogic: 'legacy',
    messageLimit: false,
    emptySearchSlug: false,
    uidStyle: 'shortid',
    sharedUidSpace: true,
    folderBadUidMessage: 'uid contains illegal characters',
    folderDeleteBody: 'legacy',
    libraryConnections: 'rows',
  },
  '12': {
    versionString: '12.3.2',
    uniqueTitles: false,
    trash: false,
    versionsAsObject: true,
    saveLogic: 'legacy',
    messageLimit: true,
    emptySearchSlug: true,
    uidStyle: 'uuid',
    sharedUidSpace: false,
    folderBadUidMessage: 'invalid uid for folder provided',
    folderDeleteBody: 'short',
    metaApiVersion: 'v0alpha1',
    libraryConnections: 'element-meta',
  },
  '13': {
    versionString: '13.0.2',
    uniqueTitles: false,
    trash: false,
    versionsAsObject: true,
    saveLogic: 'k8s',
    messageLimit: true,
    emptySearchSlug: true,
    uidStyle: 'generate-name',
    sharedUidSpace: false,
    folderBadUidMessage: 'invalid uid for folder provided',
    folderDeleteBody: 'short',
    metaApiVersion: 'v0alpha1',
    libraryConnections: 'hashed',
  },
};

export function eraRules(version: GrafanaVersion): EraRules {
  return rules[version];
}
