import { capitalize } from '../report/capitalize.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { BackupsUpload } from './read-backups-upload.js';

/** How many uids the warning names before `and N more`. */
const LISTED = 5;

/**
 * Pure: the apply step's warning where its backups are the only copy of what it deleted (`uids`: Grafana kept no "Recently
 * deleted" entry of them) and the job is not known to upload them (`upload`): the runner's disk goes with the job. null where
 * a step of the job uploads them. `dir`: the directory a workflow uploads (the backups' own, or with environments the one above).
 */
export function describeBackupsOnlyCopy(uids: readonly string[], upload: BackupsUpload, dir: string): string | null {
  if (upload.kind === 'uploads' || uids.length === 0) return null;
  const more = uids.length > LISTED ? `, and ${uids.length - LISTED} more` : '';
  const what = `${uids.length === 1 ? 'the backup of 1 deleted dashboard' : `the backups of ${uids.length} deleted dashboards`} (${uids.slice(0, LISTED).join(', ')}${more})`;
  const only = `${what} under ${dir}/ ${uids.length === 1 ? 'is' : 'are'} the only copy: Grafana kept no "Recently deleted" entry`;
  const step = `a step after this one with if: always(), uses: actions/upload-artifact and path: ${dir}/ (docs/action.md)`;
  if (upload.kind === 'none') {
    return (
      `${capitalize(only)}, and job ${quoteText(upload.job)} of ${upload.workflow} uploads no artifact of ${dir}/ whatever came before: ` +
      `the runner's disk goes with the job. Add ${step}`
    );
  }
  return `${capitalize(only)}, and whether this job uploads ${dir}/ could not be told (${upload.why}): the runner's disk goes with the job unless ${step} keeps it`;
}
