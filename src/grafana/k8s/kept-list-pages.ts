import type { ReceivedBody } from '../http/request.js';

/**
 * What the kept listings of one port may hold in all, in bytes as they arrived: a metadata listing (~1 KB a dashboard)
 * fits for ~30,000 dashboards, a listing of full objects (~20 KB a dashboard in the bench's tree) for ~1,600.
 */
const KEPT_LIST_BYTES = 32 * 1024 * 1024;

/**
 * The `/apis` dashboard listings of a port that the plans of several environments share (createEnvironmentPorts), each
 * page kept as the bytes Grafana answered: a later plan that asks for the same page (the same path and Accept, so the
 * same listing from its first page) is given those bytes instead of asking again, and parses them itself, so no plan
 * sees another's objects. Only a whole listing is kept (its first page to the one naming no next), and only while
 * every kept listing's bytes together stay within `limit`: a larger listing is read again by each plan, as without
 * sharing, rather than held for the run (at 10,000 full dashboards, hundreds of MB).
 */
export interface KeptListPages {
  /** The page this request (its path and Accept: requestKey) answered in a whole listing kept earlier. */
  kept(request: string): ReceivedBody | undefined;
  /**
   * A page as it arrived from Grafana and parsed: `continued` is the continue token it was asked with ('' for a
   * listing's first page), `next` its own ('' for the last page).
   */
  arrived(request: string, continued: string, next: string, body: ReceivedBody): void;
}

/** The key of a LIST request in KeptListPages. */
export const requestKey = (path: string, accept: string | undefined): string => `${path}\n${accept ?? ''}`;

interface OpenListing {
  pages: [string, ReceivedBody][];
  bytes: number;
}

export function keepListPages(limit = KEPT_LIST_BYTES): KeptListPages {
  const kept = new Map<string, ReceivedBody>();
  let keptBytes = 0;
  /** Listings under way, by the continue token their next page will be asked with. */
  const open = new Map<string, OpenListing>();
  const openBytes = () => [...open.values()].reduce((sum, listing) => sum + listing.bytes, 0);
  return {
    kept: (request) => kept.get(request),
    arrived(request, continued, next, body) {
      if (kept.has(request)) return;
      const listing = continued === '' ? { pages: [], bytes: 0 } : open.get(continued);
      open.delete(continued);
      if (listing === undefined) return;
      listing.pages.push([request, body]);
      listing.bytes += body.bytes.byteLength;
      if (keptBytes + listing.bytes + openBytes() > limit) {
        // Listings left unfinished (a reader that stopped early) go first; this one is not kept when it still does not fit.
        open.clear();
        if (keptBytes + listing.bytes > limit) return;
      }
      if (next !== '') {
        open.set(next, listing);
        return;
      }
      for (const [key, page] of listing.pages) kept.set(key, page);
      keptBytes += listing.bytes;
    },
  };
}
