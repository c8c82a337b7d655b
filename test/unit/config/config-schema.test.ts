import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderConfigSchema } from '../../../src/config/build-config-schema.js';
import { CONFIG_KEYS, ENVIRONMENT_KEYS, TOP_LEVEL_ONLY_KEYS } from '../../../src/config/config-keys.js';
import { resolveSettings } from '../../../src/config/resolve-settings.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const committed = await readFile(`${repo}dashsync.schema.json`, 'utf8');
const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(committed));

/** The resolver's verdict on a whole file (offline: no --env needed), as `dashsync check` reads it. */
function resolverAccepts(file: Record<string, unknown>): boolean {
  // A backupDir inside the dashboards root is refused by comparing two keys (root defaults to "dashboards"), which a schema of
  // one value per key cannot say: that problem is left out here (test/e2e/apply/backups-in-tree.test.ts covers it).
  const { problems } = resolveSettings({ file, filePath: 'dashsync.config.json', env: {}, flags: {}, cwd: '/w', offline: true });
  return problems.filter((problem) => !problem.includes('is inside the dashboards root')).length === 0;
}

/** Values of every JSON kind, and the edge cases of each check (durations, URLs, integers). */
const VALUES: unknown[] = [
  null, true, false, 0, 1, -1, 2, 8, 256, 257, 1.5, 0.001, -0.5, 9007199254740991, 9007199254740992,
  '', ' ', 'x', ' dashboards ', 'folders', 'all', 'soft', 'hard', 'auto', 'legacy', 'k8s', 'v2', 'true',
  '5s', '1m', '0', '+0', '-0', '-5s', '1h30m', '300ms', '1.5h', '.5s', '1.s', '+5s', '5', '1w', '1M', '1y', '10d', '5µs', '5μs', '1h1', 'h', 'soon', '1d1h',
  'https://grafana.example.com', 'http://g:3000/grafana/', 'HTTPS://G.EXAMPLE.COM', ' https://g ', 'https://g/path@x', 'http://[::1]:3000',
  'https://user:pw@g', 'https://user@g', 'ftp://g', 'https://g/?orgId=1', 'https://g/#x', 'https://', 'not a url', 'grafana.example.com',
  [], ['a/**'], ['a/**', 'b'], [''], [1], [null], {}, { DS_PROMETHEUS: 'p' }, { DS_X: '' }, { DS_X: 1 }, { a: { b: 'c' } },
];

/** The `key` names in a stretch of markdown, sorted. */
const keysNamed = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!).sort();

describe('the docs on what an environment may set', () => {
  it('README and docs/environments.md name the keys the resolver refuses in an environment, and docs/environments.md every key it accepts', async () => {
    const readme = await readFile(`${repo}README.md`, 'utf8');
    const environments = (await readFile(`${repo}docs/environments.md`, 'utf8')).replace(/\n\s*/g, ' ');
    const refusedInReadme = /An environment may set any key but (.*?) \(one tree for all of them\)/.exec(readme);
    const listed = /An environment may set every key except (.*?) \(one tree for all of them[^)]*\), `\$schema` and `environments`: (.*?)\. /.exec(environments);
    expect(refusedInReadme, 'README: "An environment may set any key but … (one tree for all of them)"').not.toBeNull();
    expect(listed, 'docs/environments.md: "An environment may set every key except … (one tree for all of them…), `$schema` and `environments`: …."').not.toBeNull();
    expect(keysNamed(refusedInReadme![1]!)).toEqual([...TOP_LEVEL_ONLY_KEYS].sort());
    expect(keysNamed(listed![1]!)).toEqual([...TOP_LEVEL_ONLY_KEYS].sort());
    expect(keysNamed(listed![2]!)).toEqual([...ENVIRONMENT_KEYS].sort());
  });
});

describe('dashsync.schema.json', () => {
  it('is the one generated from the key table (run npm run schema when this fails)', () => {
    expect(committed).toBe(renderConfigSchema());
  });

  it('is shipped in the package', async () => {
    const pkg = JSON.parse(await readFile(`${repo}package.json`, 'utf8'));
    expect(pkg.files).toContain('dashsync.schema.json');
  });

  it('agrees with the resolver on every key and value, at the top level', () => {
    const disagreements: string[] = [];
    for (const key of Object.keys(CONFIG_KEYS)) {
      for (const value of VALUES) {
        const file = { [key]: value };
        if (validate(file) !== resolverAccepts(file)) disagreements.push(`${key}: ${JSON.stringify(value)} schema=${validate(file)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with the resolver on every key and value inside an environment, and on keys an environment may not set', () => {
    const disagreements: string[] = [];
    for (const key of [...Object.keys(CONFIG_KEYS), 'environments', 'urll', 'token']) {
      for (const value of VALUES) {
        const file = { environments: { staging: { [key]: value } } };
        if (validate(file) !== resolverAccepts(file)) disagreements.push(`environments.staging.${key}: ${JSON.stringify(value)} schema=${validate(file)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['this repository\'s config', JSON.parse('{"root":"dashboards","inputs":{"DS_PROMETHEUS":"prometheus"},"prune":false,"backupDir":".dashsync/backups"}')],
    ['$schema for editors', { $schema: './node_modules/dashsync/dashsync.schema.json', root: 'dashboards' }],
    [
      'two environments',
      {
        inputs: { DS_PROMETHEUS: 'prom' },
        environments: {
          staging: { url: 'https://staging.example.com', inputs: { DS_PROMETHEUS: 'prom-staging' }, prune: 'folders' },
          'prod-eu': { url: 'https://prod.example.com', orgId: 3, maxDeletes: 5, api: 'k8s', message: 'deploy {sha}' },
        },
      },
    ],
    ['no environments', { environments: {} }],
  ])('accepts a good file: %s', (_name, file) => {
    expect(validate(file)).toBe(true);
    expect(resolverAccepts(file)).toBe(true);
  });

  it.each([
    ['an unknown key', { concurency: 4 }],
    ['a credential', { token: 'glsa_x' }],
    ['environments as a list', { environments: [{ url: 'https://g' }] }],
    ['an environment that is not an object', { environments: { staging: 'https://g' } }],
    ['an environment name that cannot name a variable', { environments: { 'team a': {} } }],
    ['an environment name with a dot', { environments: { 'prod.eu': {} } }],
    ['an environment name starting with "-"', { environments: { '-x': {} } }],
    ['root in an environment', { environments: { staging: { root: 'other' } } }],
    ['environments inside an environment', { environments: { staging: { environments: {} } } }],
  ])('refuses a bad file: %s', (_name, file) => {
    expect(validate(file)).toBe(false);
    expect(resolverAccepts(file)).toBe(false);
  });

  it('leaves one rule to the resolver: two names that map to the same credentials variable', () => {
    const file = { environments: { 'prod-eu': {}, prod_eu: {} } };
    expect(validate(file)).toBe(true);
    expect(resolverAccepts(file)).toBe(false);
  });
});
