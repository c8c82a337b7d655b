import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/check/fix/', import.meta.url));
const FILES = ['dashboards/wrapped.json', 'dashboards/clean.json', 'dashboards/team/no-uid.json', 'dashboards/team/broken.json'];

/** The wrapper unwrapped, `id` and `version` (Grafana's) gone, every other key untouched. */
const WRAPPED_FIXED = `{
  "panels": [],
  "schemaVersion": 39,
  "tags": [
    "api"
  ],
  "title": "Wrapped export",
  "uid": "wrapped"
}
`;

/** A uid added (slug of the file name + hash of `team/no-uid.json`); inputs unresolved, refresh unclamped. */
const NO_UID_FIXED = `{
  "__inputs": [
    {
      "label": "Prometheus",
      "name": "DS_PROMETHEUS",
      "pluginId": "prometheus",
      "type": "datasource"
    }
  ],
  "panels": [
    {
      "datasource": {
        "type": "prometheus",
        "uid": "\${DS_PROMETHEUS}"
      },
      "id": 1,
      "targets": [
        {
          "expr": "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m]))",
          "refId": "A"
        }
      ],
      "title": "p99",
      "type": "timeseries"
    }
  ],
  "refresh": "1s",
  "schemaVersion": 39,
  "title": "Service latency",
  "uid": "no-uid-0dd9cf518b"
}
`;

describe('dashsync check --fix', () => {
  const temporary: string[] = [];
  afterEach(async () => {
    await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function copyFixture(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-fix-'));
    temporary.push(dir);
    await cp(FIXTURE, dir, { recursive: true });
    return dir;
  }

  async function readAll(dir: string): Promise<Record<string, string>> {
    const entries = await Promise.all(FILES.map(async (file) => [file, await readFile(join(dir, file), 'utf8')] as const));
    return Object.fromEntries(entries);
  }

  it('rewrites what it can without changing meaning, leaves broken JSON alone, and says what it changed', async () => {
    const dir = await copyFixture();
    const before = await readAll(dir);

    const result = await runCli(['check', '--fix'], { cwd: dir });

    const after = await readAll(dir);
    expect(after['dashboards/wrapped.json']).toBe(WRAPPED_FIXED);
    expect(after['dashboards/team/no-uid.json']).toBe(NO_UID_FIXED);
    expect(after['dashboards/clean.json']).toBe(before['dashboards/clean.json']);
    expect(after['dashboards/team/broken.json']).toBe(before['dashboards/team/broken.json']);
    expect(result.stdout).toBe(
      'dashboards/team/broken.json:4:10: error: trailing comma: JSON does not allow a comma before a closing brace or bracket (json-syntax)\n',
    );
    expect(result.stderr).toBe(
      [
        'fixed dashboards/team/no-uid.json: reformatted, added uid "no-uid-0dd9cf518b" (if this dashboard already exists in Grafana, dashsync pull writes it with its uid: this new one would make a second copy)',
        'fixed dashboards/wrapped.json: reformatted, unwrapped the API wrapper, removed id, removed version',
        'check: 4 dashboards, 1 folder, 1 error, 0 warnings, 2 fixed',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('is idempotent: a second run changes no byte and fixes nothing', async () => {
    const dir = await copyFixture();
    await runCli(['check', '--fix'], { cwd: dir });
    const first = await readAll(dir);

    const second = await runCli(['check', '--fix'], { cwd: dir });

    expect(await readAll(dir)).toEqual(first);
    expect(second.stderr).toBe('check: 4 dashboards, 1 folder, 1 error, 0 warnings\n');
  });

  it('writes the same uid on another machine (another checkout path)', async () => {
    const [one, two] = [await copyFixture(), await copyFixture()];
    await runCli(['check', '--fix'], { cwd: one });
    await runCli(['check', '--fix', '--root', join(two, 'dashboards')], { cwd: two });
    const file = 'dashboards/team/no-uid.json';
    expect(await readFile(join(two, file), 'utf8')).toBe(await readFile(join(one, file), 'utf8'));
  });

  it('with a list of files fixes only those', async () => {
    const dir = await copyFixture();
    const before = await readAll(dir);

    const result = await runCli(['check', '--fix', 'dashboards/wrapped.json'], { cwd: dir });

    const after = await readAll(dir);
    expect(after['dashboards/wrapped.json']).toBe(WRAPPED_FIXED);
    expect(after['dashboards/team/no-uid.json']).toBe(before['dashboards/team/no-uid.json']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('fixed dashboards/wrapped.json: reformatted, unwrapped the API wrapper, removed id, removed version\ncheck: 1 dashboard, 0 errors, 0 warnings, 1 fixed\n');
    expect(result.code).toBe(0);
  });

  it('gives a new uid that no other dashboard or folder of the tree uses', async () => {
    const dir = await copyFixture();
    // Another dashboard already holds the uid --fix would derive first.
    await writeFile(
      join(dir, 'dashboards/clean.json'),
      (await readFile(join(dir, 'dashboards/clean.json'), 'utf8')).replace('"uid": "clean"', '"uid": "no-uid-0dd9cf518b"'),
    );

    await runCli(['check', '--fix'], { cwd: dir });

    const fixed = JSON.parse(await readFile(join(dir, 'dashboards/team/no-uid.json'), 'utf8')) as { uid: string };
    expect(fixed.uid).toMatch(/^no-uid-[0-9a-f]{10}$/);
    expect(fixed.uid).not.toBe('no-uid-0dd9cf518b');
    const again = await runCli(['check'], { cwd: dir });
    expect(again.stdout).not.toContain('uid-duplicate');
  });

  // walk-63 L1: --fix wrote a raw U+202E into a title that held it escaped; editors and review diffs then show the line reversed.
  it('keeps a bidi control or zero-width character escaped, as the plan file does; a raw one is not canonical and --fix escapes it', async () => {
    const dir = await copyFixture();
    const clean = join(dir, 'dashboards/clean.json');
    const escaped = (await readFile(clean, 'utf8')).replace(/"title": "([^"]*)"/, '"title": "$1 \\u202egnp.exe\\u200b"');
    expect(escaped).toContain('\\u202egnp.exe\\u200b');
    await writeFile(clean, escaped);
    const checked = await runCli(['check', 'dashboards/clean.json'], { cwd: dir });
    expect(checked.stdout).not.toContain('not-canonical');
    await runCli(['check', '--fix', 'dashboards/clean.json'], { cwd: dir });
    expect(await readFile(clean, 'utf8')).toBe(escaped);

    await writeFile(clean, escaped.replace('\\u202e', '\u202e').replace('\\u200b', '\u200b'));
    const raw = (await runCli(['check', 'dashboards/clean.json'], { cwd: dir })).stdout;
    expect(raw).toContain('not-canonical');
    // review-64 L3: the reason is named, not "sorted keys, 2-space indent, final newline", none of which applies.
    expect(raw).toContain(
      'warning: file writes invisible characters raw (U+202E, U+200B), which the canonical form writes as escapes (\\u202e, \\u200b: the same JSON value); run `dashsync check --fix` to rewrite it',
    );
    expect(raw).not.toContain('sorted keys');
    await runCli(['check', '--fix', 'dashboards/clean.json'], { cwd: dir });
    expect(await readFile(clean, 'utf8')).toBe(escaped);
  });

  // sec-67 L1: a tag character (U+E0000–U+E0FFF) spells text no one sees; beyond the basic plane, JSON writes it as a surrogate pair.
  it('a raw tag character or combining grapheme joiner is not canonical either: named by its code point, --fix writes the escapes', async () => {
    const dir = await copyFixture();
    const clean = join(dir, 'dashboards/clean.json');
    const escaped = (await readFile(clean, 'utf8')).replace(/"title": "([^"]*)"/, '"title": "$1\\udb40\\udc41\\u034f"');
    await writeFile(clean, escaped.replace('\\udb40\\udc41', '\u{e0041}').replace('\\u034f', '\u034f'));
    const raw = (await runCli(['check', 'dashboards/clean.json'], { cwd: dir })).stdout;
    expect(raw).toContain(
      'warning: file writes invisible characters raw (U+E0041, U+034F), which the canonical form writes as escapes (\\udb40\\udc41, \\u034f: the same JSON value); run `dashsync check --fix` to rewrite it',
    );
    await runCli(['check', '--fix', 'dashboards/clean.json'], { cwd: dir });
    expect(await readFile(clean, 'utf8')).toBe(escaped);
  });
});

// walk-through 19 F-3: with "root": "." check --fix wrote a uid into package.json, tsconfig.json and the config file itself.
// tree-55: fast-glob walks a glob wherever it points: `--include ../shared/**` read files outside the root as the tree's
// (a folder "../shared" planned) and `check --fix` rewrote them; an absolute glob ended in "unexpected failure".
describe('a glob that reaches outside the root', () => {
  let dir: string | undefined;
  afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

  it('is refused before anything is read or written, naming the glob, the root and what to do', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-outside-'));
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'dashboards/team/a.json'), '{"uid":"a","title":"A","panels":[]}');
    const outsideText = '{"uid":"sh","title":"Shared","panels":[]}';
    await writeFile(join(dir, 'shared/sh.json'), outsideText);
    const outside = 'and dashsync reads no file outside the root: set the root to a directory that holds both, or move the files below dashboards';
    for (const [glob, refusal] of [
      ['../shared/**', `glob "../shared/**" (--include) climbs out of the root dashboards (globs are relative to the root), ${outside}`],
      ['team/../../shared/sh.json', `glob "team/../../shared/sh.json" (--include) climbs out of the root dashboards (globs are relative to the root), ${outside}`],
      [join(dir, 'shared/**'), `glob "${join(dir, 'shared/**')}" (--include) is an absolute path outside the root dashboards (globs are relative to the root), ${outside}`],
      [join(dir, 'dashboards/team/**'), `glob "${join(dir, 'dashboards/team/**')}" (--include) is an absolute path; globs are relative to the root dashboards: write "team/**"`],
      ['../dashboards/team/**', 'glob "../dashboards/team/**" (--include) climbs out of the root; globs are relative to the root dashboards: write "team/**"'],
      // review-55 F4: an alternative in braces is walked as written; each one is judged.
      [`{${join(dir, 'shared')}/*.json,none}`, `glob "{${join(dir, 'shared')}/*.json,none}" (--include) expands to an absolute path outside the root dashboards (globs are relative to the root), ${outside}`],
      ['{team,../shared}/*.json', `glob "{team,../shared}/*.json" (--include) expands to a path that climbs out of the root dashboards (globs are relative to the root), ${outside}`],
    ]) {
      const fixed = await runCli(['check', '--fix', '--include', glob!], { cwd: dir });
      expect([fixed.code, fixed.stdout, fixed.stderr], glob).toEqual([1, '', `error: ${refusal}\n`]);
    }
    expect(await readFile(join(dir, 'shared/sh.json'), 'utf8')).toBe(outsideText);
  });
});

describe('files in the root that are not dashboards', () => {
  const OTHERS: Record<string, string> = {
    'package.json': '{"name":"team-dashboards","version":"1.0.0","scripts":{"check":"dashsync check"}}\n',
    'tsconfig.json': '{\n  // comments: not JSON dashsync could read\n  "compilerOptions": {}\n}\n',
    'provisioning/datasources.json': '{"apiVersion":1,"datasources":[{"name":"Prometheus","type":"prometheus"}]}\n',
    'dashsync.config.json': '{"root":"."}\n',
  };

  async function rootDot(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-not-dashboards-'));
    afterEach(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'provisioning'));
    for (const [path, text] of Object.entries(OTHERS)) await writeFile(join(dir, path), text);
    await writeFile(join(dir, 'ops.json'), '{"panels":[],"schemaVersion":39,"title":"Ops"}\n');
    return dir;
  }

  it('are named in one warning each, and check --fix writes none of them', async () => {
    const dir = await rootDot();
    const notRead = (file: string, why: string) =>
      `${file}:1:1: warning: not read as a dashboard: ${why}; dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to "exclude" in the config file (not-a-dashboard)`;
    const fixed = await runCli(['check', '--fix'], { cwd: dir });
    expect(fixed.stderr).toMatch(/^fixed ops\.json: reformatted, added uid "ops-[0-9a-f]{10}" /);
    expect(fixed.stderr).not.toMatch(/fixed (package|tsconfig|dashsync|provisioning)/);
    expect(fixed.stdout.split('\n').filter(Boolean)).toEqual([
      notRead('package.json', "package.json is npm's package manifest, not a dashboard"),
      notRead('provisioning/datasources.json', 'it is a Grafana provisioning file ("apiVersion": 1, "datasources"), not a dashboard'),
      notRead('tsconfig.json', "tsconfig.json is TypeScript's config, not a dashboard"),
    ]);
    expect(fixed.code).toBe(0);
    for (const [path, text] of Object.entries(OTHERS)) expect(await readFile(join(dir, path), 'utf8')).toBe(text);
    const again = await runCli(['check'], { cwd: dir });
    expect([again.code, again.stderr]).toEqual([0, "check: 1 dashboard, 3 files in another tool's form (not dashboards), 1 folder, 0 errors, 3 warnings\n"]);
  });

  // review-52 F2: an emptied dashboard file passed check as not-a-dashboard, and prune planned its dashboard's delete.
  it('{} and an object of unknown keys are errors again, which check --fix leaves as they are', async () => {
    const dir = await rootDot();
    await mkdir(join(dir, 'team'));
    await writeFile(join(dir, 'team/cpu.json'), '{}\n');
    await writeFile(join(dir, 'team/mem.json'), '{"id":3}\n');
    const fixed = await runCli(['check', '--fix'], { cwd: dir });
    const missing = (file: string, holds: string) =>
      `${file}:1:1: error: ${holds}, none of a dashboard's keys ("title", "panels", "uid", …), so it has no "uid"; check --fix does not fix it, as it may be another tool's file: if it is a dashboard, restore it (\`git diff\`, or \`dashsync pull\`); if it is not a dashboard, exclude it (add it to "exclude" in the config file) (uid-missing)`;
    const errors = fixed.stdout.split('\n').filter((line) => line.includes(': error: '));
    expect(errors).toContain(missing('team/cpu.json', 'it is an empty object'));
    expect(errors).toContain(missing('team/mem.json', 'it holds only "id"'));
    expect(fixed.stdout).not.toContain('team/cpu.json:1:1: warning');
    expect(fixed.stderr).not.toMatch(/fixed team\//);
    expect(fixed.code).toBe(1);
    expect(await readFile(join(dir, 'team/cpu.json'), 'utf8')).toBe('{}\n');
    expect(await readFile(join(dir, 'team/mem.json'), 'utf8')).toBe('{"id":3}\n');
    for (const [path, text] of Object.entries(OTHERS)) expect(await readFile(join(dir, path), 'utf8')).toBe(text);
  });

  it('a broken dashboard keeps its errors: an object with a dashboard key is judged as one', async () => {
    const dir = await rootDot();
    await writeFile(join(dir, 'ops.json'), '{"panels":[]}\n');
    const result = await runCli(['check'], { cwd: dir });
    expect(result.stdout).toContain('ops.json:1:1: error: dashboard needs a non-empty string "title"');
    expect(result.code).toBe(1);
  });
});
