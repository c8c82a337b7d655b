import { urlSha256 } from '../config/url-sha256.js';
import type { GrafanaPort } from '../grafana/port.js';
import { sourceOrigin, type BackupMatch } from './read-newest-backup-file.js';

/** The Grafana and org whose backups a restore takes (`match`), and how its lines name them (`shown`). */
export interface RestoreSource {
  match: BackupMatch;
  shown: string;
}

/**
 * This Grafana and org; or, with `--backup-source URL`, the Grafana the backups were taken from under that URL (the same
 * Grafana reached through another name, or the Action's artifact restored from a laptop), in this run's org. A backup
 * records the digest of its URL as sent, so the URL must be given as that run sent it. Shown by its origin only: a secret
 * in its path stays out of the output.
 */
export async function restoreSourceOf(grafana: Pick<GrafanaPort, 'url' | 'urlSha256' | 'orgId' | 'credentialsOrgId'>, backupSource?: string): Promise<RestoreSource> {
  const org = grafana.orgId === undefined ? '' : ` org ${grafana.orgId}`;
  const credentialsOrgId = await grafana.credentialsOrgId();
  const orgs = { orgId: grafana.orgId ?? credentialsOrgId, credentialsOrgId };
  if (backupSource === undefined) return { match: { url: grafana.url, urlSha256: grafana.urlSha256, ...orgs }, shown: `${grafana.url}${org}` };
  const url = backupSource.replace(/\/+$/, '');
  return { match: { url, urlSha256: urlSha256(url), ...orgs }, shown: `${sourceOrigin(url)}${org}` };
}
