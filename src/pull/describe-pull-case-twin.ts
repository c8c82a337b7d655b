/** A file of the tree whose uid Grafana holds only in another case, and answers a read of with that one (MySQL). */
export interface PullCaseTwin {
  /** Root-relative file path. */
  file: string;
  uid: string;
  /** The uid Grafana answered with. */
  twin: string;
}

/** Pure: the error line's message for a file pull leaves as it is because Grafana holds its uid in another case. */
export function describePullCaseTwin({ uid, twin }: PullCaseTwin): string {
  return (
    `uid "${uid}" differs only in case from the dashboard "${twin}" in Grafana, which compares uids without case when it runs on MySQL ` +
    `(a read of "${uid}" answers "${twin}"): pull neither deletes this file nor writes "${twin}" beside it; ` +
    `give the file the uid "${twin}" and pull again, or rename or delete "${twin}" in Grafana`
  );
}
