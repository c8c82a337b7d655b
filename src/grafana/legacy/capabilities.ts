import { parseRelease, type Release } from '../parse-release.js';
import type { Capabilities } from '../port.js';
import { hasUniqueTitlesPerFolder } from './endpoints/server.js';

/**
 * What a release behind `/api` can do, from the version `/api/health` reports. A hidden
 * version gets the cautious answer everywhere (the old rules, which are the stricter ones).
 */
export function capabilitiesOf(version: string | null): Capabilities {
  const release = parseRelease(version);
  const major = release?.major ?? null;
  const old = major === null || major < 12;
  return {
    uniqueTitlesPerFolder: hasUniqueTitlesPerFolder(version),
    // One SQL table for folders and dashboards up to 11.
    sharedUidSpace: old,
    // The trash routes (dashboardRestore) exist in 11.x only; whether they are on shows when a delete answers.
    trash: old,
    // SoftDeleteDashboard (11.x) only sets `deleted`; the purge disconnects (pkg/api/dashboard.go deleteDashboard).
    softDeleteTrash: old,
    // deleteLibraryElement drops trashed dashboards' connections from 11.6 on (PR #99612, no 11.5.x backport found).
    trashHoldsLibraryPanels: old && !(release !== null && release.major === 11 && release.minor >= 6),
    // 12's storage does not show through /api (legacy SQL storage by default: no "Recently deleted"; unified storage, where
    // 12.4 moves a small instance at startup, keeps deleted dashboards); 13 is on unified storage by default.
    trashHangsOnStorage: major === 12,
    // PR #106767 (June 2025): before it the trash list filtered its entries as the dashboard list does, by read permission.
    trashListsOwnEntries: release === null || release.major > 12 || (release.major === 12 && release.minor >= 1),
    // 12 looks a posted id up before the uid and refuses one no dashboard has (ValidateDashboardBeforeSave); 13.1 on (PR
    // #122027) creates when the uid is new, and 13.0.x, which keeps 12's lookup by release dates only, is read first as
    // well (the cautious answer); 11 looks it up in SQL with no `deleted` filter, so with "Recently deleted" on it finds
    // a trashed dashboard by its id and updates it there (src/sandbox/README.md): read first there too.
    saveRefusesUnknownId: major === 12,
    // The folder and dashboard listings are a search: SQL up to 11, an index that lags behind writes from 12
    // (unified storage). Plan and pull confirm a missing folder, pull a missing dashboard, with a GET.
    searchMayLag: major === null || major >= 12,
    // ConnectLibraryPanelsForDashboard read only a dashboard's v1 `panels` until PR #114504 (12.4): v2 dashboards
    // (Grafana 12 and later) were connected to none of their library panels (issue #113874). No backfill of those
    // saved before was found, and search index snapshots built by an older release are reused (src/sandbox/README.md):
    // every release that can hold v2 dashboards may leave some out.
    v2LibraryPanelUsesUncounted: major === null || major >= 12,
    // 13.0 before PR #121903 says 0 for a library panel in use (Capabilities.connectionCountTrusted).
    connectionCountTrusted: major !== null && major < 13,
    apisSchemaVersion: apisSchemaVersionOf(release),
    apisSchemaVersionAtLeast: major !== null && major > NEWEST_KNOWN_MAJOR,
    apisKeepsLabels: major === null || major >= 12,
  };
}

/** The newest major release whose migration target is known (13: LATEST_VERSION 42). */
const NEWEST_KNOWN_MAJOR = 13;

/** Capabilities.apisSchemaVersion: 41 through 12.2, 42 from 12.3 (the newest known; a later release may migrate further). */
function apisSchemaVersionOf(release: Release | null): number | null {
  if (release === null || release.major < 12) return null;
  return release.major === 12 && release.minor < 3 ? 41 : 42;
}
