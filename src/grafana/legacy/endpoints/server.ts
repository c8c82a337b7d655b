import type { ServerInfo } from '../legacy-api.js';
import { parseRelease } from '../../parse-release.js';
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
  const release = parseRelease(version);
  return release === null || release.major < 11 || (release.major === 11 && release.minor < 3);
}
