import type { BackupOnlyCopy } from '../apply/types.js';
import { capitalize } from '../report/capitalize.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { BackupsUpload } from './read-backups-upload.js';

/** How many uids each part of the warning names before `and N more`. */
const LISTED = 5;

/**
 * Pure: the apply step's warning where its backups are, or may be, the only copy of what it deleted (`only`, by why: one part
 * each) and the job is not known to upload them (`upload`): the runner's disk goes with the job. null where a step of the job
 * uploads them, or where nothing deleted counts. `dir`: the directory a workflow uploads (the backups' own, or with
 * environments the one above).
 */
export function describeBackupsOnlyCopy(only: BackupOnlyCopy, upload: BackupsUpload, dir: string): string | null {
  const parts = [
    { uids: only.dashboards, noun: 'dashboard', why: 'Grafana kept no "Recently deleted" entry' },
    { uids: only.libraryPanels, noun: 'library panel', why: 'Grafana keeps no "Recently deleted" of library panels' },
    { uids: only.storageUnseen, noun: 'dashboard', maybe: true, why: 'Grafana 12 through /api does not show whether it kept a "Recently deleted" entry (--api auto in args, or "api": "auto" in the config file, tells)' },
    { uids: only.trashUnknown, noun: 'dashboard', maybe: true, why: "Grafana's settings could not be read to tell whether it kept a \"Recently deleted\" entry (its Dashboards > Recently deleted page shows)" },
  ].filter((part) => part.uids.length > 0);
  if (upload.kind === 'uploads' || parts.length === 0) return null;
  // The directory is named once, in the first part: every backup of the run is under it.
  const what = parts.map((part, index) => describePart(part, index === 0 ? ` under ${dir}/` : '')).join('; ');
  const step = `a step after this one with if: always(), uses: actions/upload-artifact and path: ${dir}/ (docs/action.md)`;
  if (upload.kind === 'none') {
    return (
      `${capitalize(what)}, and job ${quoteText(upload.job)} of ${upload.workflow} uploads no artifact of ${dir}/ whatever came before: ` +
      `the runner's disk goes with the job. Add ${step}`
    );
  }
  const told = `${capitalize(what)}, and whether this job uploads ${dir}/ could not be told (${upload.why})`;
  if (upload.elsewhere === undefined) return `${told}: the runner's disk goes with the job unless ${step} keeps it`;
  // A reusable workflow of another repository: where to look, and what to look for there.
  const { job, uses } = upload.elsewhere;
  const called = uses.map((workflow) => `job ${quoteText(job)} of ${quoteText(workflow)}`).join(' or ');
  return `${told}: check that ${called} has a step after its apply step with if: always(), uses: actions/upload-artifact and path: ${dir}/ (docs/action.md), or the runner's disk goes with the job`;
}

/** `the backups of 2 deleted dashboards (a, b)<under> are the only copy: <why>`; `may be` where it is not known. */
function describePart(part: { uids: readonly string[]; noun: string; why: string; maybe?: boolean }, under: string): string {
  const { uids, noun } = part;
  const more = uids.length > LISTED ? `, and ${uids.length - LISTED} more` : '';
  const backups = uids.length === 1 ? `the backup of 1 deleted ${noun}` : `the backups of ${uids.length} deleted ${noun}s`;
  const verb = part.maybe === true ? 'may be' : uids.length === 1 ? 'is' : 'are';
  return `${backups} (${uids.slice(0, LISTED).join(', ')}${more})${under} ${verb} the only copy: ${part.why}`;
}
