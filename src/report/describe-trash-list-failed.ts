/**
 * Pure: why restore does not restore `uid` where `/apis`' "Recently deleted" could not be listed (`failure`: the list's error
 * after the retries, no credential in it), what that means, and what to do; the run's `failed` line and its dry run's
 * `would not restore` line alike, text and JSON (restl-69). Restore asks that list before it takes a backup, so no dashboard
 * it would look for there is restored while it fails; the list is read once per run, so every such uid of the run says it.
 */
export function describeTrashListFailed(uid: string, failure: string): string {
  return (
    `Grafana's "Recently deleted" could not be listed (${failure}), and restore asks it before it takes a backup: ` +
    `${uid} is not restored while the list fails (nothing is written for it); run the same command again once the list can be read`
  );
}
