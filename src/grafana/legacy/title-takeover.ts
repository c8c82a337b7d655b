import { collect } from '../../collect.js';
import type { GrafanaApi, SearchHit } from './legacy-api.js';

/**
 * On Grafana ≤ 11.2 a save with `overwrite: true` whose title matches another dashboard in
 * the target folder takes that other dashboard over (its uid and version are copied in).
 * Grafana matches on the slug, so this compares slugs as well as titles. Listings are read
 * once per folder and shared by every forced save into it.
 */
export function createTitleTakeoverCheck(client: GrafanaApi): (uid: string, title: string, folderUid: string | null) => Promise<string | null> {
  const listings = new Map<string, Promise<SearchHit[]>>();
  const listFolder = (folderUid: string | null): Promise<SearchHit[]> => {
    const key = folderUid ?? '';
    let listing = listings.get(key);
    if (!listing) {
      listing = collect(client.search({ type: 'dash-db', folderUids: [folderUid ?? 'general'] }));
      listings.set(key, listing);
    }
    return listing;
  };
  return async (uid, title, folderUid) => {
    for (const hit of await listFolder(folderUid)) {
      if (hit.uid !== uid && (hit.folderUid || null) === folderUid && sameName(hit.title, title)) return hit.uid;
    }
    return null;
  };
}

/** Same title (trimmed, case-insensitive) or same slug-like form (letters and digits, runs of anything else as one dash). */
export function sameName(a: string, b: string): boolean {
  const title = (s: string) => s.trim().toLowerCase();
  const slug = (s: string) => title(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return title(a) === title(b) || (slug(a) !== '' && slug(a) === slug(b));
}
