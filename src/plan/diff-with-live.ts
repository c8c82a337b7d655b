import { diffContent, type ComparedContent, type LiveInstance } from '../diff/diff-content.js';
import type { FieldChange } from '../diff/types.js';
import { findLibraryPanelRefs } from '../files/find-library-panel-refs.js';
import { findStaleLibraryRefNames, withCurrentLibraryRefNames, type LibraryPanelName } from '../files/find-stale-library-ref-names.js';
import type { LiveDashboard } from '../grafana/port.js';
import { keepsUserMetadata } from '../grafana/user-metadata.js';
import { withDatasourceCurrentAsLive } from './datasource-current-as-live.js';

/** What a comparison of a file with Grafana's copy knows besides the two: the instance (LiveInstance) and the tree's library panels by uid. */
export interface LiveComparison extends LiveInstance {
  libraryPanelNames?: ReadonlyMap<string, LibraryPanelName>;
}

/** A live dashboard stored in the file's schema family, its model normalized (normalizeLive). */
type ComparedLive = Pick<LiveDashboard, 'schema' | 'model' | 'metadata' | 'apiVersion' | 'metadataNotKept'>;

/**
 * Pure: the field changes live → file of a dashboard Grafana stores in the file's schema family, as the plan shows them
 * (decideDashboard) and as apply judges that Grafana already holds the file (saveDashboardAction): one comparison, so
 * the two cannot tell different stories. Labels and annotations count only where Grafana keeps them; a library panel
 * reference's stale name is no change where Grafana's names the same uid; nor is a datasource variable's `current` (the
 * pick Grafana's UI saves, each environment its own: withDatasourceCurrentAsLive); nor is what V36 gave a panel naming no
 * data source (`defaultDatasource`), nor what V33 and V36 made of a string naming one (`namedDatasources`).
 */
export function diffWithLive(live: ComparedLive, desired: ComparedContent, context: LiveComparison = {}): FieldChange[] {
  return diffContent(
    { schema: live.schema, spec: live.model, metadata: keepsUserMetadata(live) ? live.metadata : desired.metadata },
    { schema: desired.schema, metadata: desired.metadata, spec: withDatasourceCurrentAsLive(withStaleNamesAsLive(desired.spec, live.model, context.libraryPanelNames), live.model) },
    { defaultDatasource: context.defaultDatasource, namedDatasources: context.namedDatasources },
  );
}

/**
 * A library panel reference is compared by its uid and by the panel's current name (the tree's `_library/` file): where
 * the file's name is stale and Grafana's reference at the same place names the same uid, the name is no change (Grafana
 * connects and shows a panel by uid, and its editor writes the panel's name there on the next save; check's
 * `library-panel-name-stale` says so of the file, and `check --fix` mends it). A file that carries the current name
 * where Grafana's is stale still shows the change, which its save mends. Returns the file's model with those names
 * taken from Grafana's.
 */
function withStaleNamesAsLive(desired: Record<string, unknown>, live: Record<string, unknown>, names: ReadonlyMap<string, LibraryPanelName> | undefined): Record<string, unknown> {
  if (names === undefined || names.size === 0) return desired;
  const stale = findStaleLibraryRefNames(desired, names);
  if (stale.length === 0) return desired;
  const liveRefs = new Map(findLibraryPanelRefs(live).refs.map((ref) => [JSON.stringify(ref.path), ref]));
  const asLive = stale.flatMap((found) => {
    const there = liveRefs.get(JSON.stringify(found.path));
    return there && there.uid === found.uid && there.name !== null ? [{ ...found, current: there.name }] : [];
  });
  return asLive.length === 0 ? desired : withCurrentLibraryRefNames(desired, asLive);
}
