import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkDir } from '../pull/pull-fixture.js';
import { pullRequestEnv, runAction } from './run-action.js';

// Each test runs the bundle several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 180_000 });

const GITHUB_TOKEN = 'ghs_standInToken0123456789abcdefABCDEF';
const PULL_REQUEST = 7;

/** A checkout with two config files, each naming a tree of its own (a.json: grafana-a/, b.json: grafana-b/). */
async function checkout(): Promise<string> {
  const dir = await makeWorkDir();
  for (const name of ['a', 'b']) {
    await writeFile(join(dir, `${name}.json`), canonicalJson({ root: `grafana-${name}` }));
    await mkdir(join(dir, `grafana-${name}`));
    await writeFile(join(dir, `grafana-${name}/board-${name}.json`), canonicalJson({ uid: `board-${name}`, title: `Board ${name}`, schemaVersion: 41, panels: [] }));
  }
  return dir;
}

// rev-71 L3: a step without `path` keyed its comment as `dashboards` whatever tree its config file names, so two such
// steps (config: a.json, config: b.json) rewrote each other's comment on every run.
describe('the Action: plan steps without path, each reading the tree its config file names', () => {
  it('keep a comment each, keyed on that tree; a step that fails before reading its config marks its own comment alone', async () => {
    const sandbox = await startTestSandbox();
    const github = await startGitHubStandIn({ token: GITHUB_TOKEN });
    const dir = await checkout();
    const env = await pullRequestEnv(dir, github.apiUrl, { pull_request: { number: PULL_REQUEST } });
    const token = await sandbox.createToken('Viewer');
    const step = (config: string) => ({ command: 'plan', config, 'grafana-url': sandbox.url, 'grafana-token': token, comment: 'true', 'github-token': GITHUB_TOKEN });
    const plan = (config: string, sha: string) => runAction(dir, step(config), { ...env, GITHUB_SHA: sha.repeat(40) });

    expect((await plan('a.json', 'a')).code).toBe(0);
    expect((await plan('b.json', 'a')).code).toBe(0);
    const firstLines = () => github.comments(PULL_REQUEST).map((comment) => comment.body.split('\n', 1)[0]);
    expect(firstLines()).toEqual(['<!-- dashsync-plan environment=- path=grafana-a -->', '<!-- dashsync-plan environment=- path=grafana-b -->']);
    const [a, b] = github.comments(PULL_REQUEST);
    expect(a!.body).toContain('board-a');
    expect(b!.body).toContain('board-b');

    // The next run of a.json's step updates its own comment, and leaves b.json's.
    await writeFile(join(dir, 'grafana-a/board-a.json'), canonicalJson({ uid: 'board-a', title: 'Board a (renamed)', schemaVersion: 41, panels: [] }));
    expect((await plan('a.json', 'b')).code).toBe(0);
    const [a2, b2] = github.comments(PULL_REQUEST);
    expect([a2!.id, b2!.id]).toEqual([a!.id, b!.id]);
    expect(a2!.body).toContain('Board a (renamed)');
    expect(b2!.body).toBe(b!.body);

    // a.json broken after its root (a syntax error): the step fails before its settings are read, and marks a.json's comment.
    await writeFile(join(dir, 'a.json'), '{ "root": "grafana-a", "url": }\n');
    const broken = await plan('a.json', 'c');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Marked the plan comment on pull request #7 as out of date: this run made no plan');
    const [a3, b3] = github.comments(PULL_REQUEST);
    expect(a3!.body.split('\n').slice(0, 2)).toEqual(['<!-- dashsync-plan environment=- path=grafana-a -->', '<!-- dashsync-plan-failed -->']);
    expect(b3!.body).toBe(b!.body);

    // b.json refusing a value (valid JSON): its own comment is marked, a.json's keeps its notice.
    await writeFile(join(dir, 'b.json'), canonicalJson({ root: 'grafana-b', prune: 'sometimes' }));
    expect((await plan('b.json', 'c')).code).toBe(1);
    const [a4, b4] = github.comments(PULL_REQUEST);
    expect(a4!.body).toBe(a3!.body);
    expect(b4!.body.split('\n').slice(0, 2)).toEqual(['<!-- dashsync-plan environment=- path=grafana-b -->', '<!-- dashsync-plan-failed -->']);
    expect(github.comments(PULL_REQUEST)).toHaveLength(2);
  });
});
