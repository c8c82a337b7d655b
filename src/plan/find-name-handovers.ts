/** A library panel (or dashboard) of the tree: where its file puts it, and where Grafana has it now (null: not yet). */
export interface PlacedLibraryPanel {
  uid: string;
  folderUid: string | null;
  name: string;
  live: { folderUid: string | null; name: string } | null;
  /** Deleted by the plan: it gives up where it is and takes nothing. */
  deleted?: true;
}

export interface NameHandovers {
  /** Panel uid → the uid of the tree panel that holds its folder and name in Grafana now and gives them up in this plan. */
  waitsFor: Map<string, string>;
  /** Panels that each want the folder and name the next one holds (the last: the first's); none can be saved first. */
  cycles: string[][];
}

/**
 * Pure: Grafana allows a library panel name once per folder, so a panel that takes the folder
 * and name another panel of the tree gives up in the same plan (a rename, a swap, a move) must be
 * saved after that one (or after its delete). Each panel waits for at most one other (Grafana's names are unique);
 * those that wait for each other in a ring cannot be ordered at all. Dashboard titles on Grafana ≤ 11.2 follow the
 * same rule; `nameKey` says which names are one (their titles compare as Grafana does).
 */
export function findNameHandovers(panels: PlacedLibraryPanel[], nameKey: (name: string) => string = (name) => name): NameHandovers {
  const key = (folderUid: string | null, name: string) => `${folderUid ?? ''}\u0000${nameKey(name)}`;
  const leaving = new Map<string, string>();
  for (const panel of panels) {
    if (!panel.live) continue;
    const from = key(panel.live.folderUid, panel.live.name);
    if (panel.deleted || from !== key(panel.folderUid, panel.name)) leaving.set(from, panel.uid);
  }
  const waitsFor = new Map<string, string>();
  for (const panel of panels) {
    if (panel.deleted) continue;
    const holder = leaving.get(key(panel.folderUid, panel.name));
    if (holder !== undefined && holder !== panel.uid) waitsFor.set(panel.uid, holder);
  }
  return { waitsFor, cycles: findRings(waitsFor) };
}

/** Each ring of the waits-for graph once, starting at its smallest uid. */
function findRings(waitsFor: Map<string, string>): string[][] {
  const rings: string[][] = [];
  const seen = new Set<string>();
  for (const start of [...waitsFor.keys()].sort()) {
    if (seen.has(start)) continue;
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !seen.has(at) && !path.includes(at)) {
      path.push(at);
      at = waitsFor.get(at);
    }
    if (at !== undefined && path.includes(at)) {
      const ring = path.slice(path.indexOf(at));
      const first = ring.indexOf([...ring].sort()[0]!);
      rings.push([...ring.slice(first), ...ring.slice(0, first)]);
    }
    for (const uid of path) seen.add(uid);
  }
  return rings;
}
