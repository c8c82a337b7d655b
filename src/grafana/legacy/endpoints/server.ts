import type { ServerInfo } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import type { WriteTally } from '../../port.js';
import { asObject, isObject } from '../../http/response-fields.js';

/** GET /api/health: the release string, or null when the server hides it (`hide_version`). */
export async function fetchServerInfo(http: GrafanaRequester): Promise<ServerInfo> {
  const health = asObject(await http.send('GET', '/api/health'));
  const version = typeof health.version === 'string' && health.version !== '' ? health.version : null;
  return { version, uniqueTitlesPerFolder: hasUniqueTitlesPerFolder(version) };
}

/** Titles stopped being unique per folder in 11.3; a hidden or unreadable version gets the safe answer (unique). */
export function hasUniqueTitlesPerFolder(version: string | null): boolean {
  const match = version === null ? null : /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return true;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major < 11 || (major === 11 && minor < 3);
}

/** GET /api/user: the login of whoever the credentials belong to; null when the identity is not a user. */
export async function fetchCurrentLogin(http: GrafanaRequester, tally?: WriteTally): Promise<string | null> {
  const user = await http.send('GET', '/api/user', undefined, [404], { tally });
  return isObject(user) && typeof user.login === 'string' && user.login !== '' ? user.login : null;
}

/**
 * GET /api/user: the names `/api`'s version history gives the saves these credentials make (save-authorship.ts
 * legacySaver): the login, and for a service account (Grafana 12+ answers its typed uid, `service-account:…`) also
 * its name, which Grafana shows for service accounts since 11.5 (getIdentityName). Null when Grafana names no identity.
 */
export async function fetchSaverNames(http: GrafanaRequester): Promise<string[] | null> {
  const user = await http.send('GET', '/api/user', undefined, [404]);
  if (!isObject(user) || typeof user.login !== 'string' || user.login === '') return null;
  const serviceAccount = typeof user.uid === 'string' && user.uid.startsWith('service-account:');
  return serviceAccount && typeof user.name === 'string' && user.name !== '' && user.name !== user.login ? [user.login, user.name] : [user.login];
}
