import { DIR_NAME_CASE_RULE } from './find-dirs-differing-in-case.js';
import { FILE_NAME_CASE_RULE } from './find-files-differing-in-case.js';
import type { IndexCaseCollision } from '../git/find-index-case-collisions.js';

const ONE_FOR_BOTH = '(a case-insensitive file system: macOS, Windows)';

/**
 * Pure: the plan's line of what a case-insensitive checkout did to two paths git's index holds (findIndexCaseCollisions),
 * said on the path the checkout does not read as written; `show`: a root-relative path as the line names it. Two files:
 * which one's content the checkout holds, so which dashboard is not read here (a prune from here deletes it), or, of one
 * uid, that the plan deploys that content where a case-sensitive checkout refuses the two. Two directories: the files of
 * the other one are read from the one held, so their dashboards move to its folder and the other's folder looks emptied.
 */
export function describeIndexCaseCollision(found: IndexCaseCollision, show: (path: string) => string): { file: string; rule: string; message: string } {
  if (found.kind === 'dirs') {
    const [held, other] = [show(found.held), show(found.other)];
    const files = found.moved.map(show);
    return {
      file: other,
      rule: DIR_NAME_CASE_RULE,
      message:
        `git's index holds directories ${held} and ${other}, which differ only in case, but this checkout holds one directory for both ${ONE_FOR_BOTH}, ${held}, ` +
        `so ${files.length === 1 ? 'the file' : `the ${files.length} files`} of ${other} (${files.join(', ')}) ${files.length === 1 ? 'is' : 'are'} read here from ${held}: ` +
        `${files.length === 1 ? 'its dashboard moves' : 'their dashboards move'} to that directory's folder, and the folder of ${other} looks emptied (a prune from here deletes it); ` +
        `rename one of them (git mv), or move its files into the other, on a case-sensitive checkout`,
    };
  }
  const [first, second] = found.paths.map(show) as [string, string];
  const [firstUid, secondUid] = found.uids;
  const holds = found.holds === null ? null : show(found.holds);
  const prefix = `git's index holds ${first} and ${second}, which differ only in case`;
  if (firstUid !== null && firstUid === secondUid) {
    return {
      file: second,
      rule: FILE_NAME_CASE_RULE,
      message:
        `${prefix} and hold one uid (${firstUid}), but this checkout holds one file for both ${ONE_FOR_BOTH}` +
        `${holds === null ? '' : `, with ${holds}'s content`}: the plan deploys ${holds === null ? 'that file' : 'it'} for ${firstUid} here, where a case-sensitive checkout refuses the two (uid-duplicate); ` +
        `keep one of them (git rm the other) on a case-sensitive checkout`,
    };
  }
  const lost = holds === null ? null : holds === first ? { path: second, uid: secondUid } : { path: first, uid: firstUid };
  const named = (path: string, uid: string | null) => (uid === null ? path : `${path} (uid ${uid})`);
  const notRead =
    lost === null
      ? `one of their dashboards is not read here`
      : `it holds ${holds}'s content, and the dashboard of ${named(lost.path, lost.uid)} is not read here`;
  return {
    file: second,
    rule: FILE_NAME_CASE_RULE,
    message:
      `${prefix}${lost === null && firstUid !== null && secondUid !== null ? ` (uids ${firstUid} and ${secondUid})` : ''}, but this checkout holds one file for both ${ONE_FOR_BOTH}, so ${notRead} ` +
      `and a prune from here deletes it in Grafana; rename one of them (git mv) on a case-sensitive checkout`,
  };
}
