import type { GrafanaPort, LiveFolder } from '../grafana/port.js';

/**
 * A getFolder that asks Grafana once per uid for the whole pull: the folders the listing missed
 * (readMissingFolders) and the folders of files --prune cannot find (readHiddenFolders) are
 * often the same, and the answer, a refusal included, does not change within one pull.
 */
export function memoizeFolderReads(grafana: Pick<GrafanaPort, 'getFolder'>): Pick<GrafanaPort, 'getFolder'> {
  const reads = new Map<string, Promise<LiveFolder | null>>();
  return {
    getFolder(uid) {
      let read = reads.get(uid);
      if (read === undefined) {
        read = grafana.getFolder(uid);
        reads.set(uid, read);
      }
      return read;
    },
  };
}
