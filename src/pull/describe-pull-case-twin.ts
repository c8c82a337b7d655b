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
 * Pure: the line's message for a file pull leaves as it is because Grafana holds its uid in another case. A
 * dashboard's file is only left out of the pull. A folder's or library element's stops a pull that would write that
 * folder or panel (`effect: 'stops'`: a refresh, --all and --prune always would; a --folder or uid pull when it takes it, or a
 * dashboard in that folder or using that panel), since that folder's directory and dashboards, or that panel's file
 * and users, would go beside the tree's own; another pull goes ahead and the line (a warning) says so.
 */
export function describePullCaseTwin({ uid, twin, kind = 'dashboard' }: PullCaseTwin, effect: 'stops' | 'goes-ahead' = 'stops'): string {
  const what = kind === 'folder' ? 'that folder' : 'that panel';
  const takes = kind === 'folder' ? 'the folder or a dashboard in it' : "the panel, its folder or a dashboard using it";
  const scope = effect === 'stops'
    ? `pull writes nothing while it would write ${what} (a refresh, --all and --prune always would; a --folder or uid pull when it takes ${takes})`
    : `this pull does not write ${what}, so it goes ahead; a pull that would (a refresh, --all, --prune, or one that takes ${takes}) writes nothing until this is fixed`;
  const outcome = {
    dashboard: `pull neither deletes this file nor writes "${twin}" beside it`,
    folder: `${scope}, since a pull of that folder would write "${twin}" into a second directory beside this one`,
    'library panel': `${scope}, since a pull of that panel would write "${twin}" into a second file beside this one (and --prune would delete this one)`,
    'library variable': `${scope}, since to Grafana this file's uid names that variable, not a panel`,
  }[kind];
  return (
    `uid "${uid}" differs only in case from the ${kind} "${twin}" in Grafana, which compares uids without case when it runs on MySQL ` +
    `(a read of "${uid}" answers "${twin}"): ${outcome}; give the file the uid "${twin}" and pull again, or rename or delete "${twin}" in Grafana`
  );
}
