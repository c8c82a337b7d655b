import type { GrafanaPort, LiveLibraryPanel } from '../grafana/port.js';

/** The library panel that holds `name` in the folder (Grafana's unique key is org, folder, name and kind). */
export async function sameNameIn(grafana: Pick<GrafanaPort, 'listLibraryPanels'>, folderUid: string | null, name: string): Promise<LiveLibraryPanel | undefined> {
  const inFolder = (await grafana.listLibraryPanels()).filter((panel) => panel.kind === 1 && panel.folderUid === folderUid);
  // MySQL compares names without regard to case; SQLite and PostgreSQL do not.
  return inFolder.find((panel) => panel.name === name) ?? inFolder.find((panel) => panel.name.toLowerCase() === name.toLowerCase());
}
