/** How many uids the warning names before `and N more`. */
const NAMED = 10;

/**
 * The apply's one warning for saves that went without their content note (GrafanaPort.unnotedSaves): the note names the
 * pusher in Grafana's version history, so that any credentials of the org can tell dashsync's push from a save carrying a
 * copy of its message. `identityFailure`: why GET /api/user failed (`HTTP 500`), null when it answered but named no saver
 * a note can hold. null when every save carried its note. Pure.
 */
export function describeUnnotedSaves(uids: readonly string[], identityFailure: string | null): string | null {
  if (uids.length === 0) return null;
  const why = identityFailure === null ? 'GET /api/user named no saver a content note can hold' : `GET /api/user failed (${identityFailure}), so who these credentials are was not known`;
  const named = uids.slice(0, NAMED).join(', ') + (uids.length > NAMED ? `, and ${uids.length - NAMED} more` : '');
  const saves = uids.length === 1 ? '1 save went' : `${uids.length} saves went`;
  return (
    `content notes: ${why}: ${saves} without the note that names its pusher in Grafana's version history (${named}). ` +
    "A plan with these credentials still tells them from a copy of dashsync's message once GET /api/user answers; other credentials of the org cannot"
  );
}
