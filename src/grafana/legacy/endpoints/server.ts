import type { ServerInfo } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import { asObject } from '../../http/response-fields.js';

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
