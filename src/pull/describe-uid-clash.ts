import { quoteText } from '../report/escape-untrusted.js';

/** A live dashboard whose uid a folder (of Grafana or of the tree) has. */
export interface UidClash {
  uid: string;
  dashboardTitle: string;
  folderTitle: string;
}

/**
 * Pure: the error line's message for a dashboard pull left out because a folder has its uid. Grafana 12
 * and 13 keep folders and dashboards apart, so both can exist; 11.2 and older keep one uid space, and the
 * tree needs each uid once (check and plan refuse uid-collides-with-folder). Titles are escaped by the renderer.
 */
export function describeUidClash(clash: UidClash): string {
  return (
    `dashboard ${clash.uid} ${quoteText(clash.dashboardTitle)} and folder ${clash.uid} ${quoteText(clash.folderTitle)} share the uid ${clash.uid}: ` +
    'the tree needs each uid once (Grafana 11 and older keep folders and dashboards in one uid space; check and plan refuse uid-collides-with-folder), ' +
    'so the dashboard is not pulled. Give it another uid in Grafana (save it under a new uid, delete this one), then pull again'
  );
}
