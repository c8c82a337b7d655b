import { readFile, writeFile } from 'node:fs/promises';

/**
 * Edits a stopped sandbox's data file as a long-lived Grafana can be left: dashboard `uid` is gone from the dashboard
 * table, and its library panel connection rows point at a dashboard id that no longer exists (of the sandbox's routes only an
 * `/apis` delete on legacy storage leaves such a row).
 */
export async function orphanConnectionsOf(dataFile: string, uid: string): Promise<void> {
  const state = JSON.parse(await readFile(dataFile, 'utf8')) as { dashboards: { uid: string; id: number }[]; libraryConnections: { dashboardId: number }[] };
  const gone = state.dashboards.find((dashboard) => dashboard.uid === uid);
  if (gone === undefined) throw new Error(`no dashboard ${uid} in ${dataFile}`);
  state.dashboards = state.dashboards.filter((dashboard) => dashboard !== gone);
  for (const row of state.libraryConnections) if (row.dashboardId === gone.id) row.dashboardId = 999_999;
  await writeFile(dataFile, JSON.stringify(state));
}
