// The digest of the sources a build is made from: every .ts file under src/, by path and content.
// npm run build records it beside its output; the tests that spawn the built CLI compare it with the
// sources they run next to, so an edit not yet built is refused, while a checkout that only touched
// timestamps is not.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SOURCE_DIGEST_FILE = 'dist/source-digest';

export function sourceDigest(repo) {
  const src = join(repo, 'src');
  const hash = createHash('sha256');
  for (const path of tsFiles(src).sort()) {
    const content = readFileSync(path);
    hash.update(`${relative(src, path)}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
