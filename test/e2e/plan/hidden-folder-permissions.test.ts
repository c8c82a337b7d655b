import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { basicWithGone } from './basic-with-gone.js';
import { copyFixture, dashsync, editJson, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

/**
 * The basic tree plus a nested folder infra/k8s holding k8s-net and k8s-nodes, applied by an admin; then an admin moves k8s
 * to the top level in the UI. Grafana gives a nested folder no role grants of its own, and a moved one keeps none: Editor
 * and Viewer tokens can no longer see it or what it holds (walk-63 M1, M2). The tree then changes one dashboard they can see.
 */
async function treeWithHiddenFolder(handle: SandboxHandle, api: 'legacy' | 'auto', extra: (dir: string) => Promise<void> = async () => {}): Promise<string> {
  const dir = await copyFixture('basic');
  await editJson(dir, 'dashsync.config.json', (config) => { config.api = api; });
  await writeJson(dir, 'dashboards/infra/k8s/_folder.json', { uid: 'k8s', title: 'K8s' });
  await writeJson(dir, 'dashboards/infra/k8s/net.json', { uid: 'k8s-net', title: 'Network', panels: [] });
  await writeJson(dir, 'dashboards/infra/k8s/nodes.json', { uid: 'k8s-nodes', title: 'Nodes', panels: [] });
  await extra(dir);
  await commitAll(dir, 'tree');
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  expect((await apiRequest(handle, 'POST', '/api/folders/k8s/move', { parentUid: '' })).status).toBe(200);
  await editJson(dir, 'dashboards/overview.json', (model) => { model.title = 'Overview (new)'; });
  await commitAll(dir, 'retitle overview');
  return dir;
}

const UNREADABLE_WARNING =
  '  ! unreadable: folder "K8s" (uid k8s, directory dashboards/infra/k8s) exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403): ' +
  'not created, and the 2 dashboards of the tree in it neither created nor compared: dashboards/infra/k8s/net.json (uid k8s-net), dashboards/infra/k8s/nodes.json (uid k8s-nodes); ' +
  "a folder moved to the top level in Grafana keeps no role grants of its own: grant these credentials' user or service account View on that folder to plan, Edit to apply, " +
  'or move the folder back where the tree has it';

/** Through /api a refused read does not say which folder holds the dashboard: the folder is not said to exist (review-64b M2). */
const INFERRED =
  'is not shown to these credentials, and Grafana refused them a read of dashboards whose files go to it (HTTP 403): ' +
  'it is there, hidden by its permissions, or the folder that holds those dashboards in Grafana hides them (a refused read through /api does not say which)';
const inApi = (api: 'legacy' | 'auto', line: string): string =>
  api === 'auto'
    ? line
    : line
        .replace('exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403)', INFERRED)
        .replace('directory dashboards/infra/k8s) hid it', 'directory dashboards/infra/k8s), or the folder that holds it in Grafana, hid it');

/** An apply does not look again: what the plan saw, a new plan first, the grant where the folder still hides them (review-64b L1). */
const HELD_ADVICE =
  'nothing was written for it; plan again (if the folder still hides it, first: a folder moved to the top level in Grafana keeps no role grants of its own: ' +
  "grant these credentials' user or service account Edit on that folder, or move the folder back where the tree has it)";

const UNREADABLE_CLOSING =
  "2 dashboards of the tree were not applied (their held lines are above): a folder's permissions hid them from these credentials when the plan was made, " +
  'so the plan could not read them, and no apply of it writes them: dashsync plan ' +
  '(if that folder still hides them, first grant these credentials Edit on it, as their held lines say)';

const UNREADABLE_SUMMARY = "Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged, 2 unreadable (hidden from these credentials by a folder's permissions; see the warning).";

/** The API a run reads: Grafana 11.2 serves no /apis dashboards, so api "auto" reads /api there. */
const apiRead = (grafanaVersion: string, api: 'legacy' | 'auto'): 'legacy' | 'auto' => (grafanaVersion === '11.2' ? 'legacy' : api);

const UNREADABLE_EXIT =
  "error: the plan could not read 2 dashboards of the tree (a folder's permissions hide them from these credentials): they are neither compared nor written, " +
  'so this is not a whole plan, and its apply holds them and fails; grant these credentials View on the folder its warning names (Edit to apply), then plan again';

describe.each(['11.2', '12', '13'] as const)('a folder moved to the top level in Grafana hides it from Editor and Viewer tokens (Grafana %s)', (grafanaVersion) => {
  it.each(['legacy', 'auto'] as const)(
    'api "%s": the plan plans the rest, names each hidden dashboard once with its folder and the grant, counts them apart (never as creates) and exits 1',
    async (api) => {
      const handle = await startTestSandbox({ grafanaVersion });
      const dir = await treeWithHiddenFolder(handle, api);
      const read = apiRead(grafanaVersion, api);
      // A file added to the hidden folder since: no create either (its folder is there, hidden).
      await writeJson(dir, 'dashboards/infra/k8s/pods.json', { uid: 'k8s-pods', title: 'Pods', panels: [] });

      for (const role of ['Editor', 'Viewer'] as const) {
        const token = await handle.createToken(role);
        const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });
        expect(plan.code, `${role}: ${plan.stderr}`).toBe(1);
        expect(plan.stderr, role).not.toContain('Editor role');
        const shown = lines(plan.stdout);
        expect(shown, role).toContain(inApi(read, UNREADABLE_WARNING).replace('the 2 dashboards', 'the 3 dashboards').replace('(uid k8s-nodes)', '(uid k8s-nodes), dashboards/infra/k8s/pods.json (uid k8s-pods)'));
        expect(shown.some((line) => line.startsWith('~ update') && line.includes('(uid overview')), role).toBe(true);
        expect(shown.filter((line) => /^[+~-] /.test(line) && line.includes('k8s')), role).toEqual([]);
        expect(shown.at(-1), role).toBe(UNREADABLE_SUMMARY.replace('2 unreadable', '3 unreadable'));
        expect(plan.stdout.split('k8s-net').length - 1, role).toBe(1);
        expect(lines(plan.stderr), role).toContain(UNREADABLE_EXIT.replace('read 2 dashboards', 'read 3 dashboards'));
      }
    },
  );

  it.each(['legacy', 'auto'] as const)(
    "api \"%s\": --format json counts them in summary.unreadable; the apply of the saved plan writes the rest, holds them (nothing sent for them) and exits 1 with the folder's permissions to fix",
    async (api) => {
      const handle = await startTestSandbox({ grafanaVersion });
      const dir = await treeWithHiddenFolder(handle, api);
      const token = await handle.createToken('Editor');

      const json = await dashsync(handle, dir, ['plan', '--format', 'json'], { kind: 'token', token });
      const read = apiRead(grafanaVersion, api);
      expect(json.code, json.stderr).toBe(1);
      const document = JSON.parse(json.stdout);
      expect(document.summary).toMatchObject({ create: 0, update: 1, unchanged: 2, unreadable: 2, folderCreate: 0 });
      expect(document.warnings.filter((warning: { kind: string }) => warning.kind === 'unreadable')).toEqual([
        {
          kind: 'unreadable',
          uid: 'k8s',
          folderTitle: 'K8s',
          folderDir: 'dashboards/infra/k8s',
          folderHidden: true,
          ...(read === 'legacy' && { inferred: true }),
          uids: ['k8s-net', 'k8s-nodes'],
          files: ['dashboards/infra/k8s/net.json', 'dashboards/infra/k8s/nodes.json'],
          titles: ['Network', 'Nodes'],
        },
      ]);

      const saved = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });
      expect(saved.code).toBe(1);
      const writesBefore = handle.requests().filter((entry) => entry.method !== 'GET').length;
      const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });

      expect(applied.code, applied.stderr).toBe(1);
      expect(applied.stderr).not.toContain('a 429 or 5xx often does');
      const held = `: folder "K8s" (uid k8s, directory dashboards/infra/k8s) hid it from these credentials when the plan was made, so the plan could not read it: ${HELD_ADVICE}`;
      expect(lines(applied.stdout)).toEqual(
        expect.arrayContaining([
          inApi(read, `held: k8s-net "Network" (dashboards/infra/k8s/net.json)${held}`),
          inApi(read, `held: k8s-nodes "Nodes" (dashboards/infra/k8s/nodes.json)${held}`),
          "Applied: 0 created, 1 updated, 0 moved, 0 deleted; 2 unreadable (held: hidden from these credentials by a folder's permissions)",
        ]),
      );
      expect(lines(applied.stderr)).toContain(UNREADABLE_CLOSING);
      // The one write is the update of overview: nothing for the hidden folder or what it holds.
      const writes = handle.requests().filter((entry) => entry.method !== 'GET').slice(writesBefore);
      expect(writes.map((entry) => `${entry.method} ${entry.path}`).filter((line) => /k8s|folders/.test(line))).toEqual([]);
      expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/overview')).body.dashboard.title).toBe('Overview (new)');
      expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/k8s-net')).body.meta.folderUid).toBe('k8s');

      // Their files removed: a prune neither deletes nor counts what these credentials cannot see.
      await rm(join(dir, 'dashboards/infra/k8s'), { recursive: true });
      await commitAll(dir, 'remove k8s');
      const prune = await dashsync(handle, dir, ['plan', '--prune', 'all', '--format', 'json'], { kind: 'token', token });
      expect(prune.code, prune.stderr).toBe(0);
      const pruned = JSON.parse(prune.stdout);
      expect(pruned.summary).toEqual(expect.objectContaining({ delete: 0, folderDelete: 0, unchanged: 3 }));
      expect(Object.keys(pruned.summary).filter((key) => ['unreadable', 'notThisTree', 'generalLevel', 'outsideSelection', 'shallowHistory'].includes(key))).toEqual([]);
    },
  );
});

describe.each([
  ['12', 'legacy'],
  ['12', 'auto'],
  ['13', 'legacy'],
  ['13', 'auto'],
] as const)('what else goes to the hidden folder (Grafana %s, api "%s"; review-64b H1)', (grafanaVersion, api) => {
  it('a library panel file in it and a readable dashboard whose file moves into it: held and named, never "to create"; the saved plan validates and its apply writes the rest', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, api, async (tree) => {
      await writeJson(tree, 'dashboards/infra/k8s/_library/cpu.json', { uid: 'lp-k8s', name: 'K8s CPU', kind: 1, model: { type: 'stat', title: 'CPU' } });
      await writeJson(tree, 'dashboards/infra/k8s/net.json', {
        uid: 'k8s-net',
        title: 'Network',
        schemaVersion: 42,
        panels: [{ gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-k8s', name: 'K8s CPU' } }],
      });
    });
    await rename(join(dir, 'dashboards/overview.json'), join(dir, 'dashboards/infra/k8s/overview.json'));
    await editJson(dir, 'dashboards/apps/api-latency.json', (model) => { model.title = 'API latency (new)'; });
    await commitAll(dir, 'overview into k8s, api-latency retitled');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });
    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => /^[+~>-] /.test(line) && /k8s|overview|lp-k8s/.test(line))).toEqual([]);
    expect(shown).toContain(
      inApi(api, '  ! unreadable: folder "K8s" (uid k8s, directory dashboards/infra/k8s) exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403): ') +
        'not created, and the 2 dashboards of the tree in it neither created nor compared: dashboards/infra/k8s/net.json (uid k8s-net), dashboards/infra/k8s/nodes.json (uid k8s-nodes); ' +
        'not moved there (no write in it can succeed): dashboards/infra/k8s/overview.json (uid overview); ' +
        'the library panel of the tree in it neither created nor compared: dashboards/infra/k8s/_library/cpu.json (uid lp-k8s); ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own: grant these credentials' user or service account View on that folder to plan, Edit to apply, " +
        'or move the folder back where the tree has it',
    );
    // Read, but not movable there: counted and worded apart from those it could not read.
    expect(shown.at(-1)).toBe(
      UNREADABLE_SUMMARY.replace('2 unchanged', '1 unchanged').replace('see the warning).', "see the warning), 1 not moved (its file goes to a folder these credentials cannot see; see the warning), 1 library panel unreadable (hidden from these credentials by a folder's permissions; see the warning)."),
    );
    expect(lines(plan.stderr)).toContain(
      UNREADABLE_EXIT.replace(
        'neither compared nor written, so',
        "neither compared nor written; nor can it move 1 dashboard of the tree into the folder its file goes to, which these credentials cannot see, so",
      ).replace('holds them and fails', 'holds them all and fails'),
    );
    expect(JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')).summary).toMatchObject({ unreadable: 2, notMovedIntoHidden: 1 });

    const writesBefore = handle.requests().filter((entry) => entry.method !== 'GET').length;
    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });

    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).not.toContain('not a valid dashsync plan');
    expect(lines(applied.stdout)).toEqual(
      expect.arrayContaining([
        `held: overview "Overview (new)" (dashboards/infra/k8s/overview.json): its file goes to folder "K8s" (uid k8s, directory dashboards/infra/k8s), which these credentials could not see when the plan was made: ${HELD_ADVICE}`,
        inApi(api, `held: library panel lp-k8s "K8s CPU" (dashboards/infra/k8s/_library/cpu.json): folder "K8s" (uid k8s, directory dashboards/infra/k8s) hid it from these credentials when the plan was made, so the plan could not read that library panel: ${HELD_ADVICE}`),
        expect.stringMatching(/^held: k8s-net "Network" /),
        "Applied: 0 created, 1 updated, 0 moved, 0 deleted; 2 unreadable (held: hidden from these credentials by a folder's permissions), 1 not moved (held: its file goes to a folder these credentials cannot see), 1 library panel unreadable (held: hidden from these credentials by a folder's permissions)",
      ]),
    );
    expect(lines(applied.stderr)).toContain(
      '1 dashboard of the tree was not moved (its held line is above): its file goes to a folder these credentials could not see when the plan was made, and no apply of it moves it there: ' +
        'dashsync plan (if that folder still hides it, first grant these credentials Edit on it (its line names it), or move its file back)',
    );
    const writes = handle.requests().filter((entry) => entry.method !== 'GET').slice(writesBefore);
    expect(writes.map((entry) => `${entry.method} ${entry.path}`).filter((line) => /k8s|overview|library-elements|folders/.test(line))).toEqual([]);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/api-latency')).body.dashboard.title).toBe('API latency (new)');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/overview')).body.meta.folderUid ?? '').toBe('');
  });

  it('a new library panel file in it used by a readable dashboard: that dashboard is set apart with the panel, never saved with an error panel; the saved plan applies the rest (review-65a H1)', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, api);
    await writeJson(dir, 'dashboards/infra/k8s/_library/new.json', { uid: 'lp-new', name: 'New shared', kind: 1, model: { type: 'stat', title: 'Shared' } });
    await editJson(dir, 'dashboards/overview.json', (model) => {
      model.panels = [...(model.panels ?? []), { gridPos: { x: 0, y: 40, w: 12, h: 8 }, libraryPanel: { uid: 'lp-new', name: 'New shared' } }];
    });
    await editJson(dir, 'dashboards/apps/api-latency.json', (model) => { model.title = 'API latency (new)'; });
    await commitAll(dir, 'overview uses a new panel kept under k8s');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });
    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => /^[+~>-] /.test(line) && /overview|lp-new/.test(line))).toEqual([]);
    expect(shown).toContain(
      inApi(api, '  ! unreadable: folder "K8s" (uid k8s, directory dashboards/infra/k8s) exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403): ') +
        'not created, and the 2 dashboards of the tree in it neither created nor compared: dashboards/infra/k8s/net.json (uid k8s-net), dashboards/infra/k8s/nodes.json (uid k8s-nodes); ' +
        'not written, as it uses a library panel of the tree in it (its save would show that panel as an error): dashboards/overview.json (uid overview); ' +
        'the library panel of the tree in it neither created nor compared: dashboards/infra/k8s/_library/new.json (uid lp-new); ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own: grant these credentials' user or service account View on that folder to plan, Edit to apply, " +
        'or move the folder back where the tree has it',
    );
    // Read, and readable: counted apart from the two it could not read, never in "unreadable" (fixh-66).
    expect(shown.at(-1)).toContain(
      "1 unchanged, 2 unreadable (hidden from these credentials by a folder's permissions; see the warning), 1 not written (it uses a library panel in a folder these credentials cannot see; see the warning), 1 library panel unreadable",
    );
    expect(lines(plan.stderr)).toContain(
      UNREADABLE_EXIT.replace('neither compared nor written, so', 'neither compared nor written; nor can it write 1 dashboard of the tree that uses a library panel in a folder these credentials cannot see, so').replace(
        'holds them and fails',
        'holds them all and fails',
      ),
    );
    expect(JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')).summary).toMatchObject({ unreadable: 2, usesHiddenPanels: 1, unreadableLibraryPanels: 1 });

    const writesBefore = handle.requests().filter((entry) => entry.method !== 'GET').length;
    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).not.toContain('deleted since the plan was made');
    expect(lines(applied.stdout)).toContainEqual(
      expect.stringContaining("; 2 unreadable (held: hidden from these credentials by a folder's permissions), 1 not written (held: it uses a library panel in a folder these credentials cannot see), 1 library panel unreadable"),
    );
    expect(lines(applied.stderr)).toContain(UNREADABLE_CLOSING);
    expect(lines(applied.stderr)).toContain(
      '1 dashboard of the tree was not written (its held line is above): it uses a library panel whose file goes to a folder these credentials could not see when the plan was made, ' +
        'which the plan did not write, and no apply of it writes it: dashsync plan (if that folder still hides the panel, first grant these credentials Edit on it (its line names it))',
    );
    expect(lines(applied.stdout)).toContain(
      `held: overview "Overview (new)" (dashboards/overview.json): it uses a library panel whose file goes to folder "K8s" (uid k8s, directory dashboards/infra/k8s), which these credentials could not see when the plan was made (that panel was not written): ${HELD_ADVICE}`,
    );
    expect(lines(applied.stdout)).toEqual(expect.arrayContaining([expect.stringMatching(/^held: library panel lp-new "New shared" /)]));
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/api-latency')).body.dashboard.title).toBe('API latency (new)');

    const oneStep = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token });
    expect(oneStep.code, oneStep.stderr).toBe(1);
    expect(oneStep.stdout + oneStep.stderr).not.toContain('is missing');
    const writes = handle.requests().filter((entry) => entry.method !== 'GET').slice(writesBefore);
    const saved = (entry: (typeof writes)[number]) => `${entry.method} ${entry.path} ${JSON.stringify((entry.body as { dashboard?: unknown; spec?: unknown } | undefined)?.dashboard ?? (entry.body as { spec?: unknown } | undefined)?.spec ?? null)}`;
    expect(writes.map(saved).filter((line) => /overview|library-elements|lp-new/.test(line))).toEqual([]);
    const live = (await apiRequest(handle, 'GET', '/api/dashboards/uid/overview')).body.dashboard;
    expect(live.title).toBe('Overview');
  });
});

describe.each([
  ['12', 'legacy'],
  ['12', 'auto'],
  ['13', 'legacy'],
  ['13', 'auto'],
] as const)('a new library panel only hidden dashboards use (Grafana %s, api "%s"; review-64b L3)', (grafanaVersion, api) => {
  it('is held with them, with the same permission words, in the plan, its JSON and the apply of the saved plan: not created', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, api);
    await writeJson(dir, 'dashboards/_library/shared.json', { uid: 'lp-g', name: 'Shared', kind: 1, model: { type: 'stat', title: 'Shared' } });
    await writeJson(dir, 'dashboards/infra/k8s/nodes.json', {
      uid: 'k8s-nodes',
      title: 'Nodes',
      schemaVersion: 42,
      panels: [{ gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-g', name: 'Shared' } }],
    });
    await commitAll(dir, 'a library panel for k8s-nodes');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });

    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => line.includes('lp-g') && !line.startsWith('  ! unreadable:'))).toEqual([]);
    expect(shown).toContain(
      inApi(api, UNREADABLE_WARNING).replace(
        '(uid k8s-nodes); ',
        '(uid k8s-nodes); not written, as only dashboards set apart here use it: the library panel dashboards/_library/shared.json (uid lp-g); ',
      ),
    );
    expect(shown.at(-1)).toBe(UNREADABLE_SUMMARY);
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(saved.summary.libraryPanelCreate).toBe(0);
    expect(saved.warnings.find((warning: { kind: string }) => warning.kind === 'unreadable').usedOnlyByThem).toEqual([{ uid: 'lp-g', file: 'dashboards/_library/shared.json', name: 'Shared' }]);

    const writesBefore = handle.requests().filter((entry) => entry.method !== 'GET').length;
    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });

    expect(applied.code, applied.stderr).toBe(1);
    expect(lines(applied.stdout)).toContain(`held: library panel lp-g "Shared" (dashboards/_library/shared.json): only dashboards this apply holds use it (their held lines say why): ${HELD_ADVICE}`);
    const writes = handle.requests().filter((entry) => entry.method !== 'GET').slice(writesBefore);
    expect(writes.map((entry) => `${entry.method} ${entry.path}`).filter((line) => /library-elements|librarypanel/.test(line))).toEqual([]);
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-g')).status).toBe(404);
  });
});

describe.each(['12', '13'] as const)('files moved out of the hidden folder\'s directory (Grafana %s, api "auto"; review-64b M1)', (grafanaVersion) => {
  it('/apis lists none of them: the plan reads the uid of each planned create, so they are unreadable (exit 1), never "to create"', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    await rename(join(dir, 'dashboards/infra/k8s/net.json'), join(dir, 'dashboards/infra/net.json'));
    await rename(join(dir, 'dashboards/infra/k8s/nodes.json'), join(dir, 'dashboards/infra/nodes.json'));
    await writeJson(dir, 'dashboards/infra/fresh.json', { uid: 'fresh', title: 'Fresh', panels: [] });
    await commitAll(dir, 'k8s files moved to infra, one new');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });

    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid fresh)')]);
    // git shows where their files were: that folder, hidden, is named as what most likely holds them.
    expect(shown).toContain(
      '  ! unreadable: Grafana refused these credentials a read of 2 dashboards whose files go to folder "Infrastructure" (uid infra, directory dashboards/infra) ' +
        'from folder "K8s" (uid k8s, directory dashboards/infra/k8s), where git shows the files were before, which they are not shown ' +
        '(HTTP 403: most likely it still holds them, hidden by its permissions, as the move was never applied): ' +
        'neither compared nor written: dashboards/infra/net.json (uid k8s-net), dashboards/infra/nodes.json (uid k8s-nodes); ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own: grant these credentials' user or service account View on folder k8s to plan, Edit to apply, " +
        'or move folder k8s back where the tree had it',
    );
    expect(shown.at(-1)).toContain('1 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged, 2 unreadable');
  });
});

describe.each(['12', '13'] as const)('a hidden folder holding only library panels of the tree (Grafana %s, api "auto"; review-65a M2)', (grafanaVersion) => {
  it('is no "no changes": counted, the plan exits 1 (--detailed-exitcode too), and the apply holds the panel and exits 1', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await copyFixture('basic');
    await editJson(dir, 'dashsync.config.json', (config) => { config.api = 'auto'; });
    await writeJson(dir, 'dashboards/infra/shared2/_folder.json', { uid: 'shared2', title: 'Shared 2' });
    await writeJson(dir, 'dashboards/infra/shared2/_library/mem.json', { uid: 'lp-m', name: 'Memory', kind: 1, model: { type: 'stat', title: 'Memory' } });
    await commitAll(dir, 'tree');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(handle, 'POST', '/api/folders/shared2/move', { parentUid: '' })).status).toBe(200);
    await editJson(dir, 'dashboards/infra/shared2/_library/mem.json', (panel) => { panel.model.title = 'Memory (new)'; });
    await commitAll(dir, 'panel retitled');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });
    expect(plan.code, plan.stderr).toBe(1);
    expect(lines(plan.stdout).at(-1)).toContain(", 1 library panel unreadable (hidden from these credentials by a folder's permissions; see the warning).");
    expect(lines(plan.stderr)).toContain(
      "error: the plan could not read 1 library panel of the tree (a folder's permissions hide it from these credentials): it is neither compared nor written, so this is not a whole plan, " +
        'and its apply holds it and fails; grant these credentials View on the folder its warning names (Edit to apply), then plan again',
    );
    const json = await dashsync(handle, dir, ['plan', '--format', 'json'], { kind: 'token', token });
    expect(JSON.parse(json.stdout).summary).toMatchObject({ unreadableLibraryPanels: 1 });

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token });
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stdout).not.toContain('Nothing to apply');
    expect(lines(applied.stdout)).toContainEqual(expect.stringMatching(/^held: library panel lp-m "Memory" /));
    expect(lines(applied.stdout)).toContainEqual(expect.stringContaining('1 library panel unreadable (held: hidden from these credentials by a folder\'s permissions)'));
  });
});

describe.each(['12', '13'] as const)('a new file in a new directory whose uid a hidden dashboard holds, which git never held (Grafana %s, api "auto"; review-65a M4)', (grafanaVersion) => {
  it('/apis read the new folder as absent: it and a really new dashboard beside are created; only the refused one is unreadable, its folder never called hidden', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'secret', title: 'Secret', panels: [], schemaVersion: 39 }, folderUid: 'k8s' });
    expect(made.status, made.text).toBe(200);
    await writeJson(dir, 'dashboards/misc/secret.json', { uid: 'secret', title: 'Secret', panels: [] });
    await writeJson(dir, 'dashboards/misc/fresh.json', { uid: 'fresh', title: 'Fresh', panels: [] });
    await commitAll(dir, 'misc: secret and fresh');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });

    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(plan.stdout).not.toContain('through /api does not say which');
    expect(shown).toContainEqual(expect.stringMatching(/^\+ folder-create +folder "misc"/));
    expect(shown.filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid fresh)')]);
    expect(shown).toContainEqual(
      expect.stringMatching(
        /^ {2}! unreadable: Grafana refused these credentials a read of 1 dashboard whose files go to folder "misc" \(uid [^,]+, directory dashboards\/misc\), which Grafana does not have yet \(this plan creates it\) \(HTTP 403: Grafana keeps it in another folder, which they cannot see, or its own permissions hide it\): neither compared nor written: dashboards\/misc\/secret\.json \(uid secret\); /,
      ),
    );
    // No move into a folder before the apply has made it (fixh-66): the plan says when; the apply, which made it, names it.
    const misc = /folder "misc" \(uid ([^,]+), directory dashboards\/misc\)/.exec(plan.stdout)![1]!;
    const where = `folder "misc" (uid ${misc}, directory dashboards/misc)`;
    expect(plan.stdout).toContain(`View on the folder that holds it in Grafana to plan, Edit to apply, or, once the apply has made ${where}, move it into it in Grafana`);
    expect(plan.stdout).not.toContain(`move it into ${where}`);

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token });
    expect(applied.code, applied.stderr).toBe(1);
    expect(lines(applied.stdout)).toContainEqual(expect.stringMatching(/^created: fresh /));
    expect(lines(applied.stdout)).toContainEqual(
      expect.stringContaining(`held: secret "Secret" (dashboards/misc/secret.json): its file goes to ${where}, which Grafana did not have yet, but Grafana kept it in another folder`),
    );
    expect(applied.stdout).toContain(`or move it into ${where} in Grafana, which has it now)`);
    // Done as it says (an admin moves it there in Grafana), the next plan reads it.
    const moved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'secret', title: 'Secret', panels: [], schemaVersion: 39 }, folderUid: misc, overwrite: true });
    expect(moved.status, moved.text).toBe(200);
    const again = await dashsync(handle, dir, ['plan'], { kind: 'token', token });
    expect(lines(again.stdout).filter((line) => line.includes('(uid secret)') && line.includes('unreadable'))).toEqual([]);
    expect(lines(again.stdout)).toContainEqual(expect.stringMatching(/^~ update +dashboards\/misc\/secret\.json "Secret" \(uid secret, /));
  });
});

describe.each(['12', '13'] as const)('the hidden folder\'s directory removed whole, its files moved out (Grafana %s, api "auto")', (grafanaVersion) => {
  it('nothing hidden shows, yet the creates git shows moved out are read: unreadable (exit 1), never "to create"; a new file\'s uid is not read', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    await rename(join(dir, 'dashboards/infra/k8s/net.json'), join(dir, 'dashboards/infra/net.json'));
    await rename(join(dir, 'dashboards/infra/k8s/nodes.json'), join(dir, 'dashboards/infra/nodes.json'));
    await rm(join(dir, 'dashboards/infra/k8s'), { recursive: true });
    await writeJson(dir, 'dashboards/infra/fresh.json', { uid: 'fresh', title: 'Fresh', panels: [] });
    await commitAll(dir, 'k8s directory gone, its files moved to infra, one new');
    const token = await handle.createToken('Editor');
    const readsBefore = handle.requests().length;

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });

    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid fresh)')]);
    expect(shown).toContainEqual(expect.stringMatching(/^ {2}! unreadable: Grafana refused these credentials a read of 2 dashboards whose files go to folder "Infrastructure" .*neither compared nor written: dashboards\/infra\/net\.json \(uid k8s-net\), dashboards\/infra\/nodes\.json \(uid k8s-nodes\);/));
    expect(shown.at(-1)).toContain('1 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged, 2 unreadable');
    expect(handle.requests().slice(readsBefore).filter((entry) => entry.path.includes('/dashboards/fresh'))).toEqual([]);
  });
});

/** A 13 sandbox, and the basic tree planned through /apis (api "auto"), committed. */
async function committedBasicOnApis(): Promise<{ handle: SandboxHandle; dir: string }> {
  const handle = await startTestSandbox({ grafanaVersion: '13' });
  const dir = await copyFixture('basic');
  await editJson(dir, 'dashsync.config.json', (config) => { config.api = 'auto'; });
  await commitAll(dir, 'tree');
  return { handle, dir };
}

/** GETs of one dashboard by uid (`…/dashboards/<uid>`) among these requests. */
const dashboardReads = (entries: readonly { method: string; path: string }[], uid = '[^/?]+') => entries.filter((entry) => entry.method === 'GET' && new RegExp(`/dashboards/${uid}$`).test(entry.path.split('?', 1)[0]!));

// rev-65c (issue 16): a first deploy of a tree whose git history moved files read each moved file's uid one by one
// (a reorganised repository of 5,000 dashboards: 5,000 reads before its first plan), though no dashboard of the tree is there to hide.
describe('a first deploy of a tree whose files git shows moved (Grafana 13, api "auto")', () => {
  it('reads no moved file\'s uid one by one: nothing of the tree is in this Grafana yet; one round of reads spread over the creates (fixh-66)', async () => {
    const { handle, dir } = await committedBasicOnApis();
    await rename(join(dir, 'dashboards/infra'), join(dir, 'dashboards/platform'));
    await commitAll(dir, 'infra is platform now');
    const readsBefore = handle.requests().length;

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode', '--concurrency', '2']);

    expect(plan.code, plan.stderr).toBe(2);
    expect(lines(plan.stdout).filter((line) => line.startsWith('+ create'))).toHaveLength(3);
    // At most --concurrency reads of the 3 creates (the first and the last), however many the tree holds.
    expect(dashboardReads(handle.requests().slice(readsBefore))).toHaveLength(2);
  });
});

/**
 * A tree whose only folder, k8s, holds `dashboards` (uid, title), applied by an admin (Grafana 13, `api`), who then takes
 * that folder's role grants off; since, its directory was renamed kube (a new folder, uid kube) and `added` files were
 * written there, committed.
 */
async function treeRenamedOutOfHiddenFolder(handle: SandboxHandle, api: 'auto' | 'k8s', dashboards: [string, string][], added: [string, string][]): Promise<string> {
  const dir = await copyFixture('basic');
  await rm(join(dir, 'dashboards'), { recursive: true });
  await editJson(dir, 'dashsync.config.json', (config) => { config.api = api; });
  await writeJson(dir, 'dashboards/k8s/_folder.json', { uid: 'k8s', title: 'K8s' });
  for (const [uid, title] of dashboards) await writeJson(dir, `dashboards/k8s/${uid.replace('k8s-', '')}.json`, { uid, title, panels: [] });
  await commitAll(dir, 'tree');
  expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
  expect((await apiRequest(handle, 'POST', '/api/folders/k8s/permissions', { items: [] })).status).toBe(200);
  await rename(join(dir, 'dashboards/k8s'), join(dir, 'dashboards/kube'));
  await writeJson(dir, 'dashboards/kube/_folder.json', { uid: 'kube', title: 'Kube' });
  for (const [uid, title] of added) await writeJson(dir, `dashboards/kube/${uid.replace('-new', '')}.json`, { uid, title, panels: [] });
  await commitAll(dir, 'k8s is kube now, new files');
  return dir;
}

// fixh-66 (rev-65c's trade): a first deploy reads no create's uid one by one, so a tree whose every dashboard Grafana keeps in a
// folder these credentials cannot see (its directory renamed after the folder was hidden) planned every one as a create.
describe('a tree wholly inside a hidden folder, its directory renamed (Grafana 13)', () => {
  it('api "auto": is no first deploy: a read spread over the creates is refused, so each is read, and those Grafana holds are unreadable, never "to create"', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeRenamedOutOfHiddenFolder(handle, 'auto', [['k8s-net', 'Network'], ['k8s-nodes', 'Nodes']], [['fresh-new', 'Fresh']]);
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode'], { kind: 'token', token });

    expect(plan.code, plan.stderr).toBe(1);
    const shown = lines(plan.stdout);
    expect(shown.filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid fresh-new)')]);
    expect(shown).toContainEqual(expect.stringMatching(/^ {2}! unreadable: .*neither compared nor written: dashboards\/kube\/net\.json \(uid k8s-net\), dashboards\/kube\/nodes\.json \(uid k8s-nodes\);/));
    // k8s, where git shows the files were, was at the tree's top level: its own permissions hide them, not a move (walk-65 L4).
    expect(plan.stdout).toContain("grant these credentials' user or service account View on folder k8s to plan, Edit to apply (the tree had folder k8s at the top level too, so no move hid it: its own permissions in Grafana do)");
    expect(plan.stdout).not.toContain('moved to the top level');
    expect(shown.at(-1)).toContain('1 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged, 2 unreadable');
  });

  it('api "auto": the round reads one create of each folder first, so a small hidden folder between two of new files is found (fixe-67)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeRenamedOutOfHiddenFolder(handle, 'auto', [['k8s-net', 'Network']], []);
    // 8 new files before kube and 6 after: a spread over the 15 creates in a round of 3 reads the 1st, the 8th and the 15th, all new.
    for (let index = 0; index < 8; index += 1) await writeJson(dir, `dashboards/apps/a${index}.json`, { uid: `apps-${index}`, title: `Apps ${index}`, panels: [] });
    for (let index = 0; index < 6; index += 1) await writeJson(dir, `dashboards/zz/z${index}.json`, { uid: `zz-${index}`, title: `Zz ${index}`, panels: [] });
    await commitAll(dir, 'new folders');

    const plan = await dashsync(handle, dir, ['plan', '--concurrency', '3'], { kind: 'token', token: await handle.createToken('Editor') });

    expect(plan.code, plan.stderr).toBe(1);
    expect(lines(plan.stdout)).toContainEqual(expect.stringMatching(/^ {2}! unreadable: .*dashboards\/kube\/net\.json \(uid k8s-net\)/));
    expect(lines(plan.stdout).filter((line) => line.startsWith('+ create'))).toHaveLength(14);
  });

  it.each(['auto', 'k8s'] as const)('api "%s": a create the reads missed, refused as taken and its read refused, says Grafana holds it in a folder these credentials cannot see, not the folder it was to go to', async (api) => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    // Two new files around it: --concurrency 2 reads those two (the first and the last create), and net is not read.
    const dir = await treeRenamedOutOfHiddenFolder(handle, api, [['k8s-net', 'Network']], [['a-new', 'A'], ['z-new', 'Z']]);

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--concurrency', '2'], { kind: 'token', token: await handle.createToken('Editor') });

    expect(applied.code).toBe(1);
    expect(lines(applied.stdout)).toEqual(expect.arrayContaining([expect.stringMatching(/^created: a-new /), expect.stringMatching(/^created: z-new /)]));
    expect(lines(applied.stderr)).toContainEqual(
      expect.stringMatching(
        /^failed: create k8s-net "Network": GET \S+\/dashboards\/k8s-net failed: HTTP 403: .*\(Grafana holds a dashboard of this uid already, in a folder these credentials cannot see \(its create and a read of it were refused\): not created; grant them View on the folder that holds it in Grafana \(Edit to apply\), or move it in Grafana into folder kube, where the tree has it, then plan again\)$/,
      ),
    );
    expect(applied.stderr).not.toContain('the permissions of folder kube');
    expect(lines(applied.stderr)).toContainEqual(
      expect.stringContaining(
        "Grafana refused it because Grafana holds it already, in a folder these credentials cannot see: grant these credentials View on that folder (Edit to apply), or move it in Grafana into the tree's folder, as its line says; running again does not change that: once it is done, dashsync plan",
      ),
    );
  });
});

// rev-65c (issue 16): a file removed from a directory the tree still holds is no file of a hidden folder's directory (that
// one left the tree whole, or the folder would show hidden): a plan with creates read every such file in the history.
describe('a create whose uid a file of a directory still in the tree held (Grafana 13, api "auto")', () => {
  it('is not read one by one: only files of directories the tree holds no more are', async () => {
    const { handle, dir } = await committedBasicOnApis();
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/api-latency')).status).toBe(200);
    await rename(join(dir, 'dashboards/apps/api-latency.json'), join(dir, 'dashboards/apps/latency.json'));
    await commitAll(dir, 'api-latency.json is latency.json');
    const readsBefore = handle.requests().length;

    const plan = await dashsync(handle, dir, ['plan', '--detailed-exitcode']);

    expect(plan.code, plan.stderr).toBe(2);
    expect(lines(plan.stdout).filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid api-latency)')]);
    expect(dashboardReads(handle.requests().slice(readsBefore), 'api-latency')).toEqual([]);
  });
});

describe.each(['12', '13'] as const)('the hidden folder\'s directory renamed to a new folder (Grafana %s, api "legacy"; review-64b M2)', (grafanaVersion) => {
  it('git shows where the refused files were: that folder is named as what most likely hides them; the new folder and its new dashboard are planned as creates, never said to exist', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'legacy');
    await rename(join(dir, 'dashboards/infra/k8s'), join(dir, 'dashboards/infra/kube'));
    await writeJson(dir, 'dashboards/infra/kube/_folder.json', { uid: 'kube', title: 'Kube' });
    await writeJson(dir, 'dashboards/infra/kube/new.json', { uid: 'kube-new', title: 'New', panels: [] });
    await commitAll(dir, 'k8s renamed kube, one new');

    const plan = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token: await handle.createToken('Editor') });

    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).not.toContain('exists in Grafana');
    const shown = lines(plan.stdout);
    expect(shown).toContain(
      '  ! unreadable: Grafana refused these credentials a read of 2 dashboards whose files go to folder "Kube" (uid kube, directory dashboards/infra/kube) ' +
        'from folder "K8s" (uid k8s, directory dashboards/infra/k8s), where git shows the files were before, which they are not shown ' +
        '(HTTP 403: most likely it still holds them, hidden by its permissions, as the move was never applied): ' +
        'neither compared nor written: dashboards/infra/kube/net.json (uid k8s-net), dashboards/infra/kube/nodes.json (uid k8s-nodes); ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own: grant these credentials' user or service account View on folder k8s to plan, Edit to apply, " +
        'or move folder k8s back where the tree had it',
    );
    expect(shown).toContain('+ folder-create folder "Kube" (uid kube) in "Infrastructure"');
    expect(shown.filter((line) => line.startsWith('+ create'))).toEqual([expect.stringContaining('(uid kube-new)')]);
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(saved.warnings.find((warning: { kind: string }) => warning.kind === 'unreadable')).toMatchObject({ uid: 'kube', folderHidden: false, formerFolder: 'k8s', formerFolderTitle: 'K8s', formerFolderDir: 'dashboards/infra/k8s' });

    // The apply makes the new folder and its new dashboard, and holds the refused ones with the grant on the folder they came from.
    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token: await handle.createToken('Editor') });
    expect(applied.code, applied.stderr).toBe(1);
    expect(lines(applied.stdout)).toContain(
      'held: k8s-net "Network" (dashboards/infra/kube/net.json): its file was in folder "K8s" (uid k8s, directory dashboards/infra/k8s) before, which these credentials could not see when the plan was made, ' +
        "so the plan could not read it: nothing was written for it; plan again (if the folder still hides it, first: a folder moved to the top level in Grafana keeps no role grants of its own: " +
        "grant these credentials' user or service account Edit on folder k8s, or move folder k8s back where the tree had it)",
    );
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/kube-new')).body.meta.folderUid).toBe('kube');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/k8s-net')).body.meta.folderUid).toBe('k8s');
  });
});

describe('a saved plan applied after the folder was moved back (Grafana 13, api "auto"; review-64b L1)', () => {
  it('holds them without looking again, and says what the plan saw: a new plan first, the grant only where the folder still hides them', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    const token = await handle.createToken('Editor');
    expect((await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token })).code).toBe(1);
    expect((await apiRequest(handle, 'POST', '/api/folders/k8s/move', { parentUid: 'infra' })).status).toBe(200);

    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });

    expect(applied.code, applied.stderr).toBe(1);
    expect(lines(applied.stdout)).toContain(`held: k8s-net "Network" (dashboards/infra/k8s/net.json): folder "K8s" (uid k8s, directory dashboards/infra/k8s) hid it from these credentials when the plan was made, so the plan could not read it: ${HELD_ADVICE}`);
    expect(lines(applied.stderr)).toContain(UNREADABLE_CLOSING);
    expect(applied.stdout + applied.stderr).not.toMatch(/\) hides it|permissions hide them/);
  });
});

describe('a plan of every environment (--all-envs) with an unreadable dashboard in one', () => {
  it('prints each plan and exits 1, --detailed-exitcode too, naming the environment whose plan is not whole', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    await editJson(dir, 'dashsync.config.json', (config) => { config.environments = { staging: { url: handle.url } }; });

    const plan = await dashsync(handle, dir, ['plan', '--all-envs', '--detailed-exitcode'], { kind: 'token', token: await handle.createToken('Viewer') });

    expect(plan.code, plan.stderr).toBe(1);
    expect(lines(plan.stdout)).toContain(UNREADABLE_SUMMARY);
    expect(lines(plan.stderr)).toContain(UNREADABLE_EXIT.replace('error: ', 'error: environment staging: '));
  });

  it('--format json: the environment whose plan is not whole is in "errors" too, its plan in "plans" (review-64b L4)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    await editJson(dir, 'dashsync.config.json', (config) => { config.environments = { staging: { url: handle.url } }; });

    const plan = await dashsync(handle, dir, ['plan', '--all-envs', '--format', 'json'], { kind: 'token', token: await handle.createToken('Viewer') });

    expect(plan.code, plan.stderr).toBe(1);
    const document = JSON.parse(plan.stdout);
    expect(document.plans.map((each: { target: { environment: string }; summary: { unreadable: number } }) => [each.target.environment, each.summary.unreadable])).toEqual([['staging', 2]]);
    expect(document.errors).toEqual([{ environment: 'staging', message: UNREADABLE_EXIT.replace('error: ', ''), unreadable: 2 }]);
  });
});

describe('owners-not-seen where api "auto" read /api because /apis did not answer (review-63 L1)', () => {
  it('does not advise --api auto, the run just made: it says /apis did not answer and names the plan that can tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', faults: { pathPrefix: '/apis', errorRate: 1, errorStatus: 404 } });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await commitAll(dir, 'applied');
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', bearerHeaders(await handle.createToken('Admin')));

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--api', 'auto']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toContain(
      '  ! 1 delete held: /apis did not answer, so api "auto" read /api, which does not show which tool manages a dashboard on Grafana 12 ' +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune through /api deletes only dashboards dashsync saved last: ' +
        'a plan that reaches /apis (this one once /apis answers here, or dashsync plan --prune --api k8s, which stops where it does not) deletes the others no tool manages: ui-made',
    );
  });

  it('a Viewer\'s plan there, which may not read /api history either, advises no --api auto for the deletes it leaves to the apply, nor does that apply (own-64)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', faults: { pathPrefix: '/apis', errorRate: 1, errorStatus: 404 } });
    const dir = await basicWithGone(handle);
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', bearerHeaders(await handle.createToken('Admin')));
    const viewer = { kind: 'token' as const, token: await handle.createToken('Viewer') };

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--api', 'auto', '--out', 'plan.json'], viewer);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('--api auto judges');
    expect(lines(plan.stdout)).toContain(
      '  ! owner not judged for 2 deletes: /apis did not answer, so api "auto" read /api, which does not show which tool manages a dashboard on Grafana 12 ' +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), and these credentials may not read their version history, ' +
        'which shows whether dashsync saved them last, so another tool may manage some of them; the apply decides: the apply reads each one\'s history before its backup ' +
        'and deletes only dashboards dashsync saved last, holding the others (all of them, where it may not read the history either); ' +
        "a plan with credentials that may read version history (an Editor's: Grafana needs dashboards:write, Edit on the dashboard's folder), " +
        'or a plan that reaches /apis (this one once /apis answers here, or dashsync plan --prune --api k8s, which stops where it does not), judges them now: gone, ui-made',
    );
    expect((JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as { warnings: { kind: string; apisUnanswered?: boolean }[] }).warnings.find((warning) => warning.kind === 'owners-not-judged')?.apisUnanswered).toBe(true);

    // Applied with the credentials that pushed "gone", which may read the history: the hold's words are the fallback's too.
    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);

    expect(applied.code, applied.stderr).toBe(0);
    const log = lines(applied.stdout + applied.stderr);
    expect(log).toContain(
      'warning: 1 delete held: /apis did not answer, so api "auto" read /api, which does not show which tool manages a dashboard on Grafana 12 ' +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune through /api deletes only dashboards dashsync saved last: ' +
        'a plan that reaches /apis (this one once /apis answers here, or dashsync plan --prune --api k8s, which stops where it does not) deletes the others no tool manages: ui-made',
    );
    expect(log).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted, 1 delete held');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);
  });
});

describe('a dashboard moved in Grafana into a folder these credentials cannot see, out of a tree folder they can (review-64 M4)', () => {
  it('names the tree folder as readable and the move as the cause, not a grant on that folder; the apply holds it in those words', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await commitAll(dir, 'seed');
    // An admin makes "Vault" under apps, moves it to the top level (no role grants of its own), then moves node-cpu into it.
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'vault', title: 'Vault', parentUid: 'apps' })).status).toBe(200);
    expect((await apiRequest(handle, 'POST', '/api/folders/vault/move', { parentUid: '' })).status).toBe(200);
    await saveLive(handle, (await apiRequest(handle, 'GET', '/api/dashboards/uid/node-cpu')).body.dashboard, 'vault', 'moved by a person');
    const viewer = { kind: 'token' as const, token: await handle.createToken('Viewer') };

    const plan = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], viewer);

    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).not.toContain('View on that folder');
    expect(lines(plan.stdout)).toContain(
      '  ! unreadable: Grafana refused these credentials a read of 1 dashboard whose files go to folder "Infrastructure" (uid infra, directory dashboards/infra), which these credentials can read ' +
        '(HTTP 403: Grafana keeps it in another folder, which they cannot see, or its own permissions hide it): neither compared nor written: dashboards/infra/node-cpu.json (uid node-cpu); ' +
        "grant these credentials' user or service account View on the folder that holds it in Grafana to plan, Edit to apply, " +
        'or move it into folder "Infrastructure" (uid infra, directory dashboards/infra) in Grafana',
    );

    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(lines(`${applied.stdout}\n${applied.stderr}`)).toContainEqual(
      expect.stringContaining(
        'its file goes to folder "Infrastructure" (uid infra, directory dashboards/infra), which these credentials could read, but Grafana kept it in another folder, ' +
          'which they could not see when the plan was made, or its own permissions hid it, so the plan could not read it: nothing was written for it; plan again (if it is still hidden, first: ' +
          "grant these credentials' user or service account Edit on the folder that holds it in Grafana, or move it into folder \"Infrastructure\" (uid infra, directory dashboards/infra) in Grafana)",
      ),
    );
  });
});

// walk-64 L3: an apply whose read of a dashboard was refused because its folder was moved in Grafana after the plan said "move it
// back where dashsync made it", untrue for a folder dashsync never made (a tree adopted by pull): the tree's place is what is known.
describe('a folder moved to the top level in Grafana between the plan and its apply (Grafana 13)', () => {
  it('the failed update names that folder and the way back as where the tree has it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashboards/infra/k8s/_folder.json', { uid: 'k8s', title: 'K8s' });
    await writeJson(dir, 'dashboards/infra/k8s/net.json', { uid: 'k8s-net', title: 'Network', panels: [] });
    await commitAll(dir, 'tree');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    await editJson(dir, 'dashboards/infra/k8s/net.json', (model) => { model.description = 'edited in git'; });
    await commitAll(dir, 'net edited');
    const token = await handle.createToken('Editor');
    const planned = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });
    expect(planned.code, planned.stderr).toBe(0);
    expect((await apiRequest(handle, 'POST', '/api/folders/k8s/move', { parentUid: '' })).status).toBe(200);

    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('(the permissions of folder k8s hide it from these credentials, whatever their role: grant them Edit on that folder, or move that folder back where the tree has it)');
    expect(applied.stderr).not.toContain('where dashsync made it');
  });
});

// fixh-66: a folder the tree has at the top level was not moved there: the failures' words name its own permissions, and no move back.
describe('a top-level folder of the tree whose own permissions in Grafana hide it between the plan and its apply (Grafana 13)', () => {
  it('the failed folder update and dashboard update name its own permissions, never a move to the top level, nor a move back', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await copyFixture('basic');
    await commitAll(dir, 'tree');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    const token = await handle.createToken('Editor');
    // A plan made while these credentials see folder apps, applied after an admin took its role grants off (top level in
    // Grafana, as in the tree): first a folder rename, then, the grants back and the rename undone, a dashboard update.
    const grants = async (items: { role: string; permission: number }[]) => expect((await apiRequest(handle, 'POST', '/api/folders/apps/permissions', { items })).status).toBe(200);
    const applyHidden = async (change: (dir: string) => Promise<void>) => {
      await change(dir);
      await commitAll(dir, 'change');
      await grants([{ role: 'Editor', permission: 2 }, { role: 'Viewer', permission: 1 }]);
      const planned = await dashsync(handle, dir, ['plan', '--out', 'plan.json'], { kind: 'token', token });
      expect(planned.code, planned.stderr).toBe(0);
      await grants([]);
      const applied = await dashsync(handle, dir, ['apply', 'plan.json'], { kind: 'token', token });
      expect(applied.code).toBe(1);
      const log = applied.stdout + applied.stderr;
      expect(log).not.toMatch(/moved to the top level|move it back|move that folder back/);
      return { log, closing: lines(applied.stderr) };
    };

    const renamed = await applyHidden(async (tree) => editJson(tree, 'dashboards/apps/_folder.json', (folder) => { folder.title = 'Apps'; }));
    expect(renamed.log).toContain(
      'failed: folder-update apps "Apps": folder apps exists in Grafana, but these credentials cannot read it (GET /api/folders/apps: HTTP 403): ' +
        "grant the token's user or service account Edit on that folder (the tree has it at the top level too, so no move hid it: its own permissions in Grafana do)",
    );
    expect(renamed.closing).toContainEqual(expect.stringContaining("because a folder's permissions hide it from these credentials: grant these credentials Edit on that folder (its line names it); running again does not change that"));

    const edited = await applyHidden(async (tree) => {
      await editJson(tree, 'dashboards/apps/_folder.json', (folder) => { folder.title = 'Applications'; });
      await editJson(tree, 'dashboards/apps/api-latency.json', (model) => { model.description = 'edited in git'; });
    });
    expect(edited.log).toContain(
      '(the permissions of folder apps hide it from these credentials, whatever their role: grant them Edit on that folder (the tree has that folder at the top level too, so no move hid it: its own permissions in Grafana do))',
    );
    expect(edited.closing).toContainEqual(expect.stringContaining("because a folder's permissions hide it from these credentials: grant these credentials Edit on that folder (its line names it); running again does not change that"));
  });
});
