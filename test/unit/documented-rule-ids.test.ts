import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Rule ids as the sources write them into a diagnostic: `rule: 'x'`, or through a helper `error('x', …)` / `warning('x', …)`. */
const RULE_ID = /(?:rule: |\b(?:error|warning)\()'([a-z][a-z0-9-]+)'/g;

async function textOf(dir: string, extension: string): Promise<string> {
  const entries = await readdir(join(REPO, dir), { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith(extension)).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

describe('rule ids', () => {
  it('every rule id a diagnostic can print is named in README.md or docs/ (what it means, what to do)', async () => {
    const sources = await textOf('src', '.ts');
    const docs = `${await readFile(join(REPO, 'README.md'), 'utf8')}\n${await textOf('docs', '.md')}`;
    const ids = [...new Set([...sources.matchAll(RULE_ID)].map((match) => match[1]!))].sort();
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter((id) => !docs.includes(id))).toEqual([]);
  });
});
