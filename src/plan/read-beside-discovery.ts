import type { GrafanaPort, LiveFolder, ServerDescription } from '../grafana/port.js';

/** The plan's reads that wait for no other answer, asked at once (readBesideDiscovery). */
export interface ReadsBesideDiscovery {
  server: Promise<ServerDescription>;
  folders: Promise<LiveFolder[]>;
  /** The org the credentials act in (the plan's header); only without an org id. */
  credentialsOrgId: Promise<number | null> | undefined;
}

/**
 * Once the tree has passed, through a port that chooses its API on discovery (`api: auto`, `k8s`): the release
 * (`/api/health`) and the credentials' org (`/api/user`) beside discovery, and the folder list beside the access check,
 * instead of one round trip after another. The plan awaits each where it awaited the read before, so a run that fails
 * reports the same failure first; until then a failure is marked handled.
 */
export function readBesideDiscovery(grafana: GrafanaPort): ReadsBesideDiscovery {
  const server = handled(grafana.describeServer());
  const credentialsOrgId = grafana.orgId === undefined ? handled(grafana.credentialsOrgId()) : undefined;
  const folders = handled(grafana.listFolders());
  return { server, folders, credentialsOrgId };
}

function handled<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
