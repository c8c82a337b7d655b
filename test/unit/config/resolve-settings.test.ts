import { describe, expect, it } from 'vitest';
import { resolveSettings, type ResolveSettingsInput } from '../../../src/config/resolve-settings.js';

const cwd = '/work/repo';

function resolveWith(input: Partial<ResolveSettingsInput>) {
  return resolveSettings({ file: undefined, filePath: undefined, env: {}, flags: {}, cwd, ...input });
}

describe('resolveSettings', () => {
  it('fills every default', () => {
    expect(resolveWith({})).toEqual({
      problems: [],
      warnings: [],
      target: { environment: undefined, url: { file: undefined, replacedBy: undefined }, orgId: { file: undefined, replacedBy: undefined } },
      settings: {
        cwd,
        environment: undefined,
        configFile: 'dashsync.config.json',
        environments: [],
        environmentInputs: {},
        environmentSelections: {},
        environmentsSharingOrg: [],
        environmentsInOtherOrgs: {},
        environmentTargets: {},
        root: '/work/repo/dashboards',
        url: undefined,
        orgId: undefined,
        auth: { kind: 'none' },
        concurrency: 8,
        timeoutMs: 30_000,
        interruptGraceMs: 1000,
        prune: false,
        deleteMode: 'soft',
        maxDeletes: 10,
        maxDeletesFrom: { flag: false, configured: { maxDeletes: 10 } },
        inputs: {},
        externalLibraryPanels: [],
        externalFolders: [],
        include: [],
        exclude: [],
        selectionFrom: { include: 'the "include" of dashsync.config.json', exclude: 'the "exclude" of dashsync.config.json' },
        message: 'dashsync: {sha} {subject}',
        backupDir: '/work/repo/.dashsync/backups',
        minRefreshInterval: '5s',
        caCert: undefined,
        api: 'auto',
        environmentGrafanas: {},
        declaredGrafana: { api: 'auto' },
        insecure: false,
        verbose: false,
      },
    });
  });

  it('says what the config declares of each Grafana (grafanaVersion, api) and where, for check', () => {
    const text = '{\n  "grafanaVersion": "13",\n  "environments": {\n    "staging": { "grafanaVersion": "12.3", "api": "legacy" },\n    "production": {}\n  }\n}\n';
    const { settings, problems } = resolveWith({ file: JSON.parse(text), fileText: text, filePath: 'dashsync.config.json', offline: true });
    expect(problems).toEqual([]);
    expect(settings.environmentGrafanas).toEqual({
      staging: {
        api: 'legacy',
        apiFrom: '"api" of environment "staging" in dashsync.config.json:4:51',
        release: '12.3',
        releaseFrom: '"grafanaVersion" of environment "staging" in dashsync.config.json:4:36',
      },
      production: { api: 'auto', release: '13', releaseFrom: '"grafanaVersion" in dashsync.config.json:2:21' },
    });
    expect(resolveWith({ file: JSON.parse(text), fileText: text, filePath: 'dashsync.config.json', flags: { env: 'staging', api: 'k8s' }, offline: true }).settings.declaredGrafana).toEqual({
      api: 'k8s',
      apiFrom: '--api',
      release: '12.3',
      releaseFrom: '"grafanaVersion" of environment "staging" in dashsync.config.json:4:36',
    });
    expect(resolveWith({ file: { grafanaVersion: 12.5 } }).problems).toEqual(['dashsync.config.json: "grafanaVersion" must be a Grafana release such as "12", "12.3" or "13.0.2", got 12.5']);
    expect(resolveWith({ file: { grafanaVersion: 12 } }).settings.declaredGrafana).toEqual({ api: 'auto', release: '12', releaseFrom: '"grafanaVersion" in dashsync.config.json' });
  });

  it('names where include and exclude came from: the flag, the environment\'s list, the top level\'s', () => {
    const file = { include: ['team-a'], environments: { production: { url: 'https://prod', exclude: ['ui-v2.json'] } } };
    expect(resolveWith({ file, filePath: 'dashsync.config.json', flags: { env: 'production' } }).settings.selectionFrom).toEqual({
      include: 'the "include" of dashsync.config.json',
      exclude: 'environment "production"\'s exclude in dashsync.config.json',
    });
    expect(resolveWith({ file, filePath: 'dashsync.config.json', flags: { env: 'production', include: ['x'] } }).settings.selectionFrom?.include).toBe('--include');
  });

  it('groups the environments whose url and org name one Grafana org, after normalising the url', () => {
    const file = {
      url: 'https://grafana.example.com',
      environments: {
        a: {},
        b: { url: 'HTTPS://Grafana.Example.com:443/', orgId: 1 },
        c: { orgId: 2 },
        d: { url: 'https://grafana.example.com/sub' },
        e: { url: 'https://grafana.example.com:3000', orgId: 2 },
        f: { url: 'https://grafana.example.com', orgId: 2 },
      },
    };
    const { settings, problems } = resolveWith({ file, filePath: 'dashsync.config.json', offline: true });
    expect(problems).toEqual([]);
    expect(settings.environmentsSharingOrg).toEqual([['a', 'b'], ['c', 'f']]);
    // A run of one of them sent elsewhere (GRAFANA_URL, --org-id) does not deploy with its file group; the file's own value does.
    const run = (flags: Record<string, unknown>, env: Record<string, string> = {}) => resolveWith({ file, filePath: 'dashsync.config.json', offline: true, flags: { env: 'c', ...flags }, env }).settings.environmentsSharingOrg;
    expect(run({})).toEqual([['a', 'b'], ['c', 'f']]);
    expect(run({}, { GRAFANA_URL: 'https://grafana.example.com/' })).toEqual([['a', 'b'], ['c', 'f']]);
    expect(run({}, { GRAFANA_URL: 'https://other.example.com' })).toEqual([['a', 'b']]);
    expect(run({ orgId: 3 })).toEqual([['a', 'b']]);
    // Without a url in the file, where an environment deploys is known at run time only: no group.
    expect(resolveWith({ file: { environments: { a: {}, b: {} } }, filePath: 'dashsync.config.json', offline: true }).settings.environmentsSharingOrg).toEqual([]);
  });

  it('names the environments the file places in another Grafana org than the run\'s: another url, or the same url and another orgId', () => {
    const file = {
      url: 'https://grafana.example.com',
      environments: { a: {}, b: { url: 'HTTPS://Grafana.Example.com/' }, c: { orgId: 2 }, d: { url: 'https://other.example.com' }, e: { url: 'https://other.example.com', orgId: 2 } },
    };
    const run = (env: string, flags: Record<string, unknown> = {}, vars: Record<string, string> = {}) =>
      resolveWith({ file, filePath: 'dashsync.config.json', offline: true, flags: { env, ...flags }, env: vars }).settings.environmentsInOtherOrgs;
    expect(run('a')).toEqual({ c: 'org', d: 'grafana', e: 'grafana' });
    expect(run('d')).toEqual({ a: 'grafana', b: 'grafana', c: 'grafana', e: 'org' });
    // A run sent elsewhere than its file says: which environments deploy elsewhere than it is not known.
    expect(run('a', {}, { GRAFANA_URL: 'https://third.example.com' })).toEqual({});
    expect(run('a', { orgId: 3 })).toEqual({});
    // Without an environment, or a url in the file, none.
    expect(resolveWith({ file, filePath: 'dashsync.config.json', offline: true }).settings.environmentsInOtherOrgs).toEqual({});
    expect(resolveWith({ file: { environments: { a: {}, b: { url: 'https://x.example.com' } } }, filePath: 'dashsync.config.json', offline: true, flags: { env: 'a' } }).settings.environmentsInOtherOrgs).toEqual({});
  });

  it.each([
    ['flag beats env and file', { url: 'https://flag' }, { GRAFANA_URL: 'https://env' }, { url: 'https://file' }, 'https://flag'],
    ['env beats file', {}, { GRAFANA_URL: 'https://env' }, { url: 'https://file' }, 'https://env'],
    ['file when nothing else', {}, {}, { url: 'https://file' }, 'https://file'],
    ['an empty env value does not count', {}, { GRAFANA_URL: '' }, { url: 'https://file' }, 'https://file'],
  ])('url precedence: %s', (_name, flags, env, file, url) => {
    const result = resolveWith({ flags, env, file, filePath: 'dashsync.config.json' });
    expect(result.problems).toEqual([]);
    expect(result.settings.url).toBe(url);
  });

  it('orgId: flag > GRAFANA_ORG_ID > file', () => {
    const file = { orgId: 3 };
    expect(resolveWith({ flags: { orgId: 1 }, env: { GRAFANA_ORG_ID: '2' }, file }).settings.orgId).toBe(1);
    expect(resolveWith({ env: { GRAFANA_ORG_ID: '2' }, file }).settings.orgId).toBe(2);
    expect(resolveWith({ file }).settings.orgId).toBe(3);
  });

  it('takes the other settings from flags over the file', () => {
    const file = { concurrency: 4, prune: 'all', deleteMode: 'hard', maxDeletes: 50, include: ['a/**'], message: 'file {sha}' };
    const flags = { concurrency: 16, prune: 'folders' as const, include: ['b/**'], timeout: 5 };
    const { settings, problems } = resolveWith({ file, flags });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      concurrency: 16,
      prune: 'folders',
      deleteMode: 'hard',
      maxDeletes: 50,
      include: ['b/**'],
      timeoutMs: 5000,
      message: 'file {sha}',
    });
  });

  it("maxDeletes: where it came from, and the config's (or the default) that --max-deletes replaced", () => {
    const file = { maxDeletes: 5, environments: { ci: { url: 'https://ci', maxDeletes: 2 }, cd: { url: 'https://cd' } } };
    expect(resolveWith({ file, flags: { env: 'cd' } }).settings.maxDeletesFrom).toEqual({ flag: false, configured: { maxDeletes: 5, file: 'dashsync.config.json' } });
    expect(resolveWith({ file, flags: { env: 'ci', maxDeletes: 20 } }).settings).toMatchObject({
      maxDeletes: 20,
      maxDeletesFrom: { flag: true, configured: { maxDeletes: 2, file: 'dashsync.config.json', environment: 'ci' } },
    });
    expect(resolveWith({ flags: { maxDeletes: 20 } }).settings.maxDeletesFrom).toEqual({ flag: true, configured: { maxDeletes: 10 } });
  });

  it('a wrong-typed "externalLibraryPanels" is named as library panel uids, not as globs', () => {
    expect(resolveWith({ file: { externalLibraryPanels: 'lp-a' } }).problems).toEqual([
      'dashsync.config.json: "externalLibraryPanels" must be an array of library panel uids, e.g. ["lp-cpu"], got "lp-a"',
    ]);
  });

  it('interruptGrace (seconds, 0 to 3600): flag over the environment over the top level; a bad value is named', () => {
    const file = { interruptGrace: 5, environments: { ci: { url: 'https://ci', interruptGrace: 7 } } };
    expect(resolveWith({ file }).settings.interruptGraceMs).toBe(5000);
    expect(resolveWith({ file, flags: { env: 'ci' } }).settings.interruptGraceMs).toBe(7000);
    expect(resolveWith({ file, flags: { env: 'ci', interruptGrace: 0 } }).settings.interruptGraceMs).toBe(0);
    expect(resolveWith({ file: { interruptGrace: 'long' } }).problems).toEqual(['dashsync.config.json: "interruptGrace" must be a number of seconds from 0 to 3600, got "long"']);
    expect(resolveWith({ flags: { interruptGrace: -1 } }).problems).toEqual(['--interrupt-grace must be a number of seconds from 0 to 3600, got -1']);
  });

  it('resolves file paths against the config file, flag paths against cwd', () => {
    const file = { root: 'dash', backupDir: 'backups', caCert: 'ca.pem' };
    const fromFile = resolveWith({ file, filePath: 'conf/dashsync.config.json' }).settings;
    expect([fromFile.root, fromFile.backupDir, fromFile.caCert]).toEqual([
      '/work/repo/conf/dash',
      '/work/repo/conf/backups',
      '/work/repo/conf/ca.pem',
    ]);
    const fromFlags = resolveWith({ file, filePath: 'conf/dashsync.config.json', flags: { root: 'x', backupDir: 'y', caCert: 'z.pem' } }).settings;
    expect([fromFlags.root, fromFlags.backupDir, fromFlags.caCert]).toEqual(['/work/repo/x', '/work/repo/y', '/work/repo/z.pem']);
  });

  it.each([
    [{ GRAFANA_TOKEN: 'glsa_abc' }, { kind: 'token', token: 'glsa_abc', from: 'GRAFANA_TOKEN' }],
    [{ GRAFANA_TOKEN: ' glsa_abc\n' }, { kind: 'token', token: 'glsa_abc', from: 'GRAFANA_TOKEN' }],
    [{ GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, { kind: 'basic', user: 'admin', password: 'admin', from: 'GRAFANA_USER and GRAFANA_PASSWORD', passwordFrom: 'GRAFANA_PASSWORD' }],
    [{}, { kind: 'none' }],
  ])('auth from %j', (env, auth) => {
    expect(resolveWith({ env }).settings.auth).toEqual(auth);
  });

  it('refuses a basic auth user holding ":" (the first colon ends the user), naming the variable and never the password', () => {
    const { problems, settings } = resolveWith({ env: { GRAFANA_USER: 'ops:admin', GRAFANA_PASSWORD: 's3cret-pw' } });
    expect(settings.auth).toEqual({ kind: 'none' });
    expect(problems).toEqual(['GRAFANA_USER holds ":", which basic auth cannot carry in a user name: use the login without it, or GRAFANA_TOKEN']);
    expect(problems.join('\n')).not.toContain('s3cret-pw');
  });

  it('normalises the URL and keeps a sub-path', () => {
    expect(resolveWith({ env: { GRAFANA_URL: ' https://grafana.example.com/ ' } }).settings.url).toBe('https://grafana.example.com');
    expect(resolveWith({ env: { GRAFANA_URL: 'http://host:3000/grafana//' } }).settings.url).toBe('http://host:3000/grafana');
  });

  it('reports every problem at once, naming the key and the expected type', () => {
    const { problems, settings } = resolveWith({
      filePath: '/work/repo/dashsync.config.json',
      file: {
        concurency: 4,
        token: 'glsa_secret_value',
        grafanaPassword: 'hunter2',
        concurrency: '8',
        prune: true,
        deleteMode: 'trash',
        maxDeletes: -1,
        inputs: { DS_PROM: 5 },
        include: 'team-a/**',
        minRefreshInterval: 'soon',
        orgId: 0,
      },
      env: { GRAFANA_USER: 'admin', GRAFANA_URL: 'ftp://grafana' },
      flags: { timeout: 0 },
    });
    expect(problems).toEqual([
      'dashsync.config.json: unknown key "concurency" (did you mean "concurrency"?)',
      'dashsync.config.json: "token" looks like a credential; credentials belong in GRAFANA_TOKEN (or GRAFANA_USER and GRAFANA_PASSWORD), never in the config file',
      'dashsync.config.json: "grafanaPassword" looks like a credential; credentials belong in GRAFANA_TOKEN (or GRAFANA_USER and GRAFANA_PASSWORD), never in the config file',
      'dashsync.config.json: "orgId" must be a positive integer, got 0',
      'dashsync.config.json: "concurrency" must be an integer from 1 to 256, got "8"',
      'dashsync.config.json: "prune" must be false, "folders" or "all", got true',
      'dashsync.config.json: "deleteMode" must be "soft" or "hard", got "trash"',
      'dashsync.config.json: "maxDeletes" must be an integer of 0 or more, got -1',
      'dashsync.config.json: "inputs.DS_PROM" must be a string (a datasource uid), got 5',
      'dashsync.config.json: "include" must be an array of non-empty strings (globs relative to the root), got "team-a/**"',
      'dashsync.config.json: "minRefreshInterval" must be a Grafana duration such as "5s", "1m" or "1h", got "soon"',
      'GRAFANA_URL must start with http:// or https://, got ftp://… (the rest is not shown, as it may hold a token)',
      'GRAFANA_USER is set but GRAFANA_PASSWORD is not: set both for basic auth, or use GRAFANA_TOKEN',
      '--timeout must be a number of seconds greater than 0, got 0',
    ]);
    expect(problems.join('\n')).not.toContain('glsa_secret_value');
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(settings.concurrency).toBe(8);
  });

  it('never echoes a URL with credentials', () => {
    const { problems, settings } = resolveWith({ env: { GRAFANA_URL: 'https://admin:s3cret@grafana.example.com' } });
    expect(problems).toEqual([
      'GRAFANA_URL must not contain credentials (user:password@): set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD',
    ]);
    expect(settings.url).toBeUndefined();
    const invalid = resolveWith({ flags: { url: 'not a url with user:pw@host' } }).problems;
    expect(invalid).toEqual(['--url is not a valid URL: write it as https://<host>[/<sub-path>], e.g. https://grafana.example.com (the value is not shown, as it may hold a token)']);
  });

  it('never echoes a token or password given as the URL by mistake (variables swapped), and says a bare host name lacks its scheme', () => {
    for (const secret of ['glsa_HZVy0o26P5db0tJxOIQXL3Ym6qUQlff8_36d5f431', 'eyJrIjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk', 'hunter2']) {
      expect(resolveWith({ env: { GRAFANA_URL: secret } }).problems).toEqual([
        'GRAFANA_URL is not a valid URL: write it as https://<host>[/<sub-path>], e.g. https://grafana.example.com (the value is not shown, as it may hold a token)',
      ]);
    }
    expect(resolveWith({ env: { GRAFANA_URL: 'grafana.example.com' } }).problems).toEqual([
      'GRAFANA_URL has no scheme: start it with https:// (or http://), e.g. https://grafana.example.com (the value is not shown, as it may hold a token)',
    ]);
  });

  it('refuses credentials in the config file\'s url even when GRAFANA_URL or --url overrides it (the file is in git)', () => {
    const file = { url: 'https://admin:s3cret@grafana.example.com' };
    for (const override of [{ env: { GRAFANA_URL: 'https://grafana.example.com' } }, { flags: { url: 'https://grafana.example.com' } }]) {
      const { problems } = resolveWith({ file, ...override });
      expect(problems).toEqual([
        'dashsync.config.json: "url" must not contain credentials (user:password@): set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD',
      ]);
    }
    expect(resolveWith({ file: { url: 'https://grafana.internal' }, env: { GRAFANA_URL: 'https://grafana.example.com' } }).problems).toEqual([]);
  });

  it('refuses a token together with basic credentials, and a password without a user', () => {
    expect(resolveWith({ env: { GRAFANA_TOKEN: 't', GRAFANA_PASSWORD: 'p' } }).problems).toEqual([
      'both GRAFANA_TOKEN and GRAFANA_USER/GRAFANA_PASSWORD are set: keep only one way to sign in',
    ]);
    expect(resolveWith({ env: { GRAFANA_PASSWORD: 'p' } }).problems).toEqual([
      'GRAFANA_PASSWORD is set but GRAFANA_USER is not: set both for basic auth, or use GRAFANA_TOKEN',
    ]);
  });

  it('accepts $schema and a URL query-free sub-path; refuses a query string', () => {
    expect(resolveWith({ file: { $schema: 'x' } }).problems).toEqual([]);
    expect(resolveWith({ env: { GRAFANA_URL: 'https://g/?orgId=1' } }).problems).toEqual([
      'GRAFANA_URL must not have a query string or fragment: https://g/… (the rest is not shown, as it may hold a token); remove the part from "?" or "#" on',
    ]);
  });
});
