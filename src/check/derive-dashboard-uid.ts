import { createHash } from 'node:crypto';
import { normalizeRelativePath, slugForUid } from '../files/uid-slug.js';

const HASH_LENGTH = 10;
const MAX_UID_LENGTH = 40;
const MAX_SLUG_LENGTH = MAX_UID_LENGTH - 1 - HASH_LENGTH;

/**
 * The uid `check --fix` writes into a dashboard file that has none:
 * `<slug of the file name>-<hash of its path below the root>`, e.g. `cpu-usage-3fa9c2e1b0`.
 * Pure and machine-independent (forward slashes, no leading `./`), so two runs and two
 * clones agree. `taken` holds every uid already used in the tree (dashboards and
 * folders); on a clash the hash is salted with a counter until the uid is free.
 */
export function deriveDashboardUid(relativePath: string, taken: ReadonlySet<string>): string {
  const path = normalizeRelativePath(relativePath);
  const fileName = path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
  const slug = slugForUid(fileName, MAX_SLUG_LENGTH);
  for (let attempt = 0; ; attempt += 1) {
    const hash = createHash('sha256')
      .update(attempt === 0 ? path : `${path}#${attempt}`)
      .digest('hex')
      .slice(0, HASH_LENGTH);
    const uid = slug ? `${slug}-${hash}` : `d-${hash}`;
    if (!taken.has(uid)) return uid;
  }
}
