import type { UidCaseTwinKind } from '../plan/find-live-uid-case-twins.js';

/** A file of the tree whose uid Grafana holds only in another case, and answers a read of with that one (MySQL). */
export interface PullCaseTwin {
  /** Root-relative file path (as shown to the user, for a folder or library panel). */
  file: string;
  uid: string;
  /** The uid Grafana answered with. */
  twin: string;
  /** What the uid names; default a dashboard. */
  kind?: UidCaseTwinKind;
}

/**
 * Pure: the error line's message for a file pull leaves as it is because Grafana holds its uid in another case. A
 * dashboard's file is only left out of the pull; a folder's or library element's stops every pull before anything is
 * written (scoped ones too, so the line says so), since that folder's directory and dashboards, or that panel's file
 * and users, would go beside the tree's own.
 */
export function describePullCaseTwin({ uid, twin, kind = 'dashboard' }: PullCaseTwin): string {
  const outcome = {
    dashboard: `pull neither deletes this file nor writes "${twin}" beside it`,
    folder: `pull writes nothing until this is fixed, whatever it is asked to pull, since a pull of that folder would write "${twin}" into a second directory beside this one`,
    'library panel': `pull writes nothing until this is fixed, whatever it is asked to pull, since a pull of that panel would write "${twin}" into a second file beside this one (and --prune would delete this one)`,
    'library variable': `pull writes nothing until this is fixed, whatever it is asked to pull, since to Grafana this file's uid names that variable, not a panel`,
  }[kind];
  return (
    `uid "${uid}" differs only in case from the ${kind} "${twin}" in Grafana, which compares uids without case when it runs on MySQL ` +
    `(a read of "${uid}" answers "${twin}"): ${outcome}; give the file the uid "${twin}" and pull again, or rename or delete "${twin}" in Grafana`
  );
}
