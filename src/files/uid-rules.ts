/** Grafana's uid rules (grafana-api.md §1.4): checked here so bad input never reaches the server. */
export const MAX_UID_LENGTH = 40;
const UID_PATTERN = /^[A-Za-z0-9_-]*$/;

/** Grafana refuses titles longer than 5000 bytes. */
export const MAX_TITLE_BYTES = 5000;

/** Why a uid is refused, or undefined when Grafana would accept it. Charset is checked first, as Grafana does. */
export function uidProblem(uid: string): 'uid-invalid' | 'uid-too-long' | undefined {
  if (!UID_PATTERN.test(uid)) return 'uid-invalid';
  if (uid.length > MAX_UID_LENGTH) return 'uid-too-long';
  return undefined;
}

/**
 * The line for a uid uidProblem refuses: what is wrong, and what to do. `field`: as the file names it (`uid`,
 * `metadata.name`, `folder uid`); `fixAdds`: `check --fix` adds a uid where there is none (dashboards, library panels).
 */
export function describeUidProblem(problem: 'uid-invalid' | 'uid-too-long', field: string, uid: string, fixAdds: boolean): string {
  const orAdd = fixAdds ? ', or remove it and run `dashsync check --fix` to add a stable one' : '';
  return problem === 'uid-invalid'
    ? `${field} ${JSON.stringify(uid)} may only contain letters, digits, "-" and "_": write one that does${orAdd}`
    : `${field} ${JSON.stringify(uid)} is ${uid.length} characters; Grafana allows at most ${MAX_UID_LENGTH}: shorten it${orAdd}`;
}
