import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasourceIndex } from '../../src/grafana-migration/datasource-ref.js';
import { AuthError, ConfigError, PermissionError, TrashFolderGoneError, UnreachableError } from '../../src/errors.js';
import type { Capabilities, DashboardSummary, GrafanaPort, LiveDashboard } from '../../src/grafana/port.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import type { Release } from '../helpers/releases.js';
import { apiRequest, bearerHeaders } from '../helpers/sandbox.js';

/** How a test reaches Grafana through one implementation of the port. */
interface PortOptions {
  /** Bearer token instead of admin basic auth. */
  token?: string;
  orgId?: number;
  concurrency?: number;
  /** A URL with nothing listening. */
  url?: string;
}

/** What differs between implementations of the port for one release, as a test sees it. */
interface PortExpectations {
  capabilities: Capabilities;
  /** A deleted (not purged) dashboard can be brought back from "Recently deleted". */
  restoresDeleted: boolean;
  /** A purged one is gone from "Recently deleted" too. */
  purges: boolean;
  /** How `by` names the user who saved (a login on /api, a typed id on /apis). */
  savedBy: (login: string) => unknown;
  /** `per-uid`: one GET per dashboard (at most `concurrency` ahead); `pages`: LIST pages, no GET per dashboard. */
  reads: 'per-uid' | 'pages';
}

export interface PortContractSetup {
  /** The implementation under test, e.g. `legacy`. */
  name: string;
  /** Release families with a label (e.g. `13 without dashboardNewLayouts`). */
  releases: readonly (Release & { label?: string })[];
  expectations(release: Release): PortExpectations;
  /** A sandbox of this release as this implementation needs it (closed by the suite). */
  startSandbox(release: Release): Promise<SandboxHandle>;
  createPort(sandbox: SandboxHandle, options?: PortOptions): GrafanaPort | Promise<GrafanaPort>;
}

const MESSAGE = 'dashsync: 0123456789ab contract';

/**
 * What plan, apply, pull and restore rely on from Grafana, operation by operation, against the
 * sandbox of each release. Any implementation of the port (the legacy `/api` one today, the
 * `/apis` one next) runs this same suite through its own factory.
 */
export function describeGrafanaPortContract(setup: PortContractSetup): void {
  describe.each(setup.releases.map((release) => ({ ...release, label: release.label ?? release.grafanaVersion })))(`GrafanaPort (${setup.name}) on Grafana $label`, (release) => {
    let sandbox: SandboxHandle;
    let grafana: GrafanaPort;
    const expected = setup.expectations(release);
    const opened: GrafanaPort[] = [];
    const portFor = async (options?: PortOptions) => {
      const port = await setup.createPort(sandbox, options);
      opened.push(port);
      return port;
    };
    beforeAll(async () => {
      sandbox = await setup.startSandbox(release);
      grafana = await portFor();
    });
    afterAll(async () => {
      await Promise.all(opened.map((port) => port.close()));
    });

    const save = async (uid: string, extra: Record<string, unknown> = {}, folderUid: string | null = null, expect_: string = 'absent') => {
      const outcome = await grafana.saveDashboard({ model: { uid, title: `Board ${uid}`, panels: [], ...extra }, folderUid, message: MESSAGE, expect: expect_ });
      if (outcome.kind !== 'saved') throw new Error(`seed ${uid}: ${outcome.kind}`);
      return outcome;
    };
    /** A save by another user, as an edit in the UI is. */
    const editAsSomeoneElse = async (uid: string, change: Record<string, unknown>) => {
      const token = await sandbox.createToken('Editor');
      const live = (await grafana.getDashboard(uid))!;
      const saved = await (await portFor({ token })).saveDashboard({ model: { ...live.model, ...change }, folderUid: live.folderUid, message: 'hand edit', expect: 'any' });
      expect(saved.kind).toBe('saved');
    };

    describe('the server', () => {
      it('describes its release and capabilities, once', async () => {
        const server = await grafana.describeServer();
        expect(server.version).toMatch(new RegExp(`^${release.grafanaVersion.replace('.', '\\.')}\\.`));
        expect(server.capabilities).toEqual(expected.capabilities);
        expect(await grafana.describeServer()).toBe(server);
        expect([grafana.url, grafana.orgId, grafana.api]).toEqual([sandbox.url, undefined, setup.name]);
      });

      it('says whether "Recently deleted" is switched on, from one settings read made on the first call', async () => {
        const toggle = release.grafanaVersion === '11.2' ? 'dashboardRestore' : 'restoreDashboards';
        const port = await portFor({});
        sandbox.clearRequests();
        const answer = await port.recentlyDeleted();
        expect(answer).toEqual({ on: sandbox.features[toggle] === true, toggle });
        expect(await port.recentlyDeleted()).toBe(answer);
        // The default data source and those a string may name come from the same read: this sandbox has none but the
        // built-in ones, which Grafana's migration does not resolve a name to.
        expect(await port.defaultDatasource?.()).toBeUndefined();
        expect((await port.namedDatasources?.()) ?? 'not read').toEqual(new DatasourceIndex([]));
        expect(sandbox.requests().filter((entry) => entry.path === '/api/frontend/settings')).toHaveLength(1);
      });

      it('says whether the credentials may write any dashboard, from one permissions read made on the first call', async () => {
        const viewer = await portFor({ token: await sandbox.createToken('Viewer') });
        sandbox.clearRequests();
        expect(await viewer.dashboardWriteAccess()).toBe('none');
        expect(await viewer.dashboardWriteAccess()).toBe('none');
        expect(sandbox.requests().filter((entry) => entry.path === '/api/access-control/user/permissions')).toHaveLength(1);
        expect(await (await portFor({ token: await sandbox.createToken('Editor') })).dashboardWriteAccess()).toBe('some');
        expect(await grafana.dashboardWriteAccess()).toBe('some');
      });

      it('lets the credentials act in their org, and refuses an org a user is not a member of', async () => {
        await expect(grafana.checkAccess()).resolves.toBeUndefined();
        await expect((await portFor({ orgId: 77 })).checkAccess()).rejects.toThrow(ConfigError);
      });

      it('typed errors: AuthError for rejected credentials, PermissionError for a Viewer writing, UnreachableError without a server', async () => {
        await expect(Promise.resolve().then(async () => (await portFor({ token: 'glsa_not_a_real_token_0000000000' })).listFolders())).rejects.toBeInstanceOf(AuthError);
        const viewer = await portFor({ token: await sandbox.createToken('Viewer') });
        await expect(viewer.createFolder({ uid: 'viewer-made', title: 'Viewer made', parentUid: null })).rejects.toBeInstanceOf(PermissionError);
        await expect(Promise.resolve().then(async () => (await portFor({ url: 'http://127.0.0.1:9' })).describeServer())).rejects.toBeInstanceOf(UnreachableError);
      });
    });

    describe('folders', () => {
      it('creates, reads and lists folders at every level, parents as uids, General as null', async () => {
        const top = await grafana.createFolder({ uid: 'c-top', title: 'Contract top', parentUid: null });
        expect(top).toMatchObject({ uid: 'c-top', title: 'Contract top', parentUid: null, revision: expect.any(String) });
        await grafana.createFolder({ uid: 'c-child', title: 'Contract child', parentUid: 'c-top' });
        expect(await grafana.getFolder('c-child')).toMatchObject({ uid: 'c-child', parentUid: 'c-top' });
        expect(await grafana.getFolder('c-missing')).toBeNull();
        // With who changed it last and when (a create refused for a uid taken names its holder so).
        const withChange = await grafana.getFolderWithLastChange('c-child');
        expect(withChange?.folder).toMatchObject({ uid: 'c-child', title: 'Contract child', parentUid: 'c-top' });
        expect(withChange?.lastChange?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(await grafana.getFolderWithLastChange('c-missing')).toBeNull();
        const listed = await grafana.listFolders();
        expect(listed.filter((f) => f.uid.startsWith('c-')).map(({ uid, title, parentUid }) => ({ uid, title, parentUid }))).toEqual(
          expect.arrayContaining([
            { uid: 'c-top', title: 'Contract top', parentUid: null },
            { uid: 'c-child', title: 'Contract child', parentUid: 'c-top' },
          ]),
        );
      });

      it('retitles and moves a folder at the revision it was read, and refuses a stale one as a conflict', async () => {
        await grafana.createFolder({ uid: 'c-parent', title: 'Parent', parentUid: null });
        const read = (await grafana.createFolder({ uid: 'c-moving', title: 'Moving', parentUid: null })).revision!;
        const saved = await grafana.updateFolder('c-moving', { title: 'Moved', parentUid: 'c-parent', expect: read });
        expect(saved).toMatchObject({ kind: 'saved', folder: { uid: 'c-moving', title: 'Moved', parentUid: 'c-parent' } });
        expect(await grafana.getFolder('c-moving')).toMatchObject({ title: 'Moved', parentUid: 'c-parent' });

        const stale = await grafana.updateFolder('c-moving', { title: 'Again', parentUid: null, expect: read });
        expect(stale).toMatchObject({ kind: 'conflict', current: { title: 'Moved', parentUid: 'c-parent' } });
        expect(await grafana.getFolder('c-moving')).toMatchObject({ title: 'Moved', parentUid: 'c-parent' });
        expect(await grafana.updateFolder('c-moving', { title: 'Forced', parentUid: null, expect: 'any' })).toMatchObject({ kind: 'saved' });
        expect(await grafana.getFolder('c-moving')).toMatchObject({ title: 'Forced', parentUid: null });
      });

      it('an update to what the folder already is writes nothing and says unchanged, also with any revision', async () => {
        const read = (await grafana.createFolder({ uid: 'c-same', title: 'Same', parentUid: null })).revision!;
        const unchanged = { kind: 'unchanged', folder: { uid: 'c-same', title: 'Same', parentUid: null } };
        expect(await grafana.updateFolder('c-same', { title: 'Same', parentUid: null, expect: read })).toMatchObject(unchanged);
        expect(await grafana.updateFolder('c-same', { title: 'Same', parentUid: null, expect: 'any' })).toMatchObject(unchanged);
        expect((await grafana.getFolder('c-same'))!.revision).toBe(read);
      });

      it('says what a folder holds, and deletes an empty one', async () => {
        await grafana.createFolder({ uid: 'c-full', title: 'Full', parentUid: null });
        await save('c-inside', {}, 'c-full');
        expect(await grafana.folderContents('c-full')).toMatchObject({ counts: { dashboards: 1 } });
        await grafana.createFolder({ uid: 'c-empty', title: 'Empty', parentUid: null });
        expect(await grafana.folderContents('c-empty')).toEqual({ counts: expect.any(Object), found: null });
        expect(Object.values((await grafana.folderContents('c-empty'))!.counts).every((n) => n === 0)).toBe(true);
        expect(await grafana.deleteFolder('c-empty')).toBe(true);
        expect(await grafana.getFolder('c-empty')).toBeNull();
        expect(await grafana.folderContents('c-empty')).toBeNull();
        expect(await grafana.deleteFolder('c-empty')).toBe(false);
      });
    });

    describe('reading dashboards', () => {
      it('reads one with its folder, revision, version and last save; null when there is none', async () => {
        await grafana.createFolder({ uid: 'c-read', title: 'Read here', parentUid: null });
        const saved = await save('c-one', { tags: ['a'] }, 'c-read');
        const live = (await grafana.getDashboard('c-one'))!;
        expect(live).toMatchObject({ uid: 'c-one', folderUid: 'c-read', folderTitle: 'Read here', revision: saved.revision, version: saved.version, owner: null });
        expect(live.model).toMatchObject({ uid: 'c-one', title: 'Board c-one', tags: ['a'] });
        expect(live.lastSave).toMatchObject({ by: expected.savedBy('admin'), version: saved.version });
        expect(Date.parse(live.lastSave.at)).not.toBeNaN();
        // Grafana's numeric id (`dashboard.id`; /apis: the deprecatedInternalID label), which updates send back.
        expect(live.internalId).toEqual(expect.any(Number));
        expect(live.internalId).toBeGreaterThan(0);
        expect(await grafana.getDashboard('c-nothing')).toBeNull();
        // An Editor too: /api's 404 (12/13: the RBAC middleware's), /apis's 500 of an authorizer that cannot resolve the name.
        const editor = await portFor({ token: await sandbox.createToken('Editor') });
        expect(await editor.getDashboard('c-nothing')).toBeNull();
        await save('c-general');
        expect(await grafana.getDashboard('c-general')).toMatchObject({ folderUid: null, folderTitle: 'General' });
      });

      it('streams many by uid, null for the missing ones, never more than twice `concurrency` read ahead', async () => {
        for (const n of [1, 2, 3, 4, 5]) await save(`c-stream-${n}`);
        const uids = ['c-stream-1', 'c-stream-2', 'c-missing-x', 'c-stream-3', 'c-stream-4', 'c-stream-5'];
        sandbox.clearRequests();
        const stream = grafana.readDashboards(uids, { concurrency: 2 })[Symbol.asyncIterator]();
        const first = await stream.next();
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (expected.reads === 'per-uid') {
          // One result taken: reads went on while it was held, but stopped with at most `concurrency`
          // answers waiting (fewer than all six uids).
          expect(sandbox.requests().filter((r) => r.path.startsWith('/api/dashboards/uid/c-')).length).toBeLessThanOrEqual(1 + 2 * 2);
        } else {
          // Six uids are a few (below the relist threshold): one GET each rather than the org's full LIST pages, read
          // ahead as per-uid reads are, and no list page of dashboards at all.
          expect(sandbox.requests().filter((r) => /\/dashboards\/c-/.test(r.path)).length).toBeLessThanOrEqual(1 + 2 * 2);
          expect(sandbox.requests().filter((r) => /\/dashboards\?/.test(r.path))).toEqual([]);
        }
        const seen = new Map<string, LiveDashboard | null>([[first.value!.uid, first.value!.live]]);
        for (let next = await stream.next(); !next.done; next = await stream.next()) seen.set(next.value.uid, next.value.live);
        expect([...seen.keys()].sort()).toEqual([...uids].sort());
        expect(seen.get('c-missing-x')).toBeNull();
        expect(seen.get('c-stream-4')).toMatchObject({ uid: 'c-stream-4', folderUid: null });
      });

      it('lists every dashboard as summaries, or those of some folders (null = General)', async () => {
        await grafana.createFolder({ uid: 'c-listed', title: 'Listed', parentUid: null });
        await save('c-in-listed', {}, 'c-listed');
        await save('c-at-root');
        const all = [];
        for await (const summary of grafana.listDashboards()) all.push(summary);
        const where = all.map(({ uid, title, folderUid }) => ({ uid, title, folderUid }));
        expect(where).toEqual(expect.arrayContaining([{ uid: 'c-in-listed', title: 'Board c-in-listed', folderUid: 'c-listed' }, { uid: 'c-at-root', title: 'Board c-at-root', folderUid: null }]));
        const inFolder = [];
        for await (const summary of grafana.listDashboards({ folderUids: ['c-listed'] })) inFolder.push(summary.uid);
        expect(inFolder).toEqual(['c-in-listed']);
        const atRoot = [];
        for await (const summary of grafana.listDashboards({ folderUids: [null] })) atRoot.push(summary.folderUid);
        expect(atRoot.length).toBeGreaterThan(0);
        expect(atRoot.every((folderUid) => folderUid === null)).toBe(true);
      });

      it('names the owner of a provisioned dashboard, and whether it lets others save it', async () => {
        await sandbox.provisionDashboard({ dashboard: { uid: 'c-locked', title: 'Locked', panels: [] }, externalId: 'team/locked.json' });
        await sandbox.provisionDashboard({ dashboard: { uid: 'c-editable', title: 'Editable', panels: [] }, externalId: 'team/editable.json', allowUiUpdates: true });
        expect((await grafana.getDashboard('c-locked'))?.owner).toEqual({ manager: 'provisioning', id: 'team/locked.json', allowsUpdates: false });
        expect((await grafana.getDashboard('c-editable'))?.owner).toEqual({ manager: 'provisioning', id: 'team/editable.json', allowsUpdates: true });
        // A listing that names owners (/apis) names the ones the reads do (prune's General level takes them from it); /api's does not.
        const listed = new Map<string, DashboardSummary>();
        for await (const summary of grafana.listDashboards()) listed.set(summary.uid, summary);
        const owners = ['c-locked', 'c-editable'].map((uid) => listed.get(uid)?.owner);
        if (grafana.api === 'k8s') expect(owners).toEqual([(await grafana.getDashboard('c-locked'))?.owner, (await grafana.getDashboard('c-editable'))?.owner]);
        else expect(owners).toEqual([undefined, undefined]);
      });

      it('reads the last save: by dashsync (its marker, or the first save by these credentials), or by someone else', async () => {
        await save('c-history');
        const created = (await grafana.getDashboard('c-history'))!;
        const first = await grafana.readLastSave(created);
        expect(first).toMatchObject({ byDashsync: true, by: expected.savedBy('admin') });
        // Shown by the name people know: the login on /api, Grafana's display name for the typed identity on /apis.
        expect((await grafana.nameSavers([first.by])).get(first.by) ?? first.by).toBe('admin');
        await editAsSomeoneElse('c-history', { description: 'edited' });
        const edited = (await grafana.getDashboard('c-history'))!;
        expect(await grafana.readLastSave(edited)).toMatchObject({ byDashsync: false, message: 'hand edit', version: edited.version });
        if (expected.reads === 'per-uid') {
          // The versions API needs dashboards:write; the history LIST of /apis is a read.
          const viewer = await portFor({ token: await sandbox.createToken('Viewer') });
          await expect(viewer.readLastSave(edited)).rejects.toBeInstanceOf(PermissionError);
        }
      });
      // pull-47: pull's `_library/` check compares the time of dashsync's newest push with the file's commit.
      it("finds dashsync's push under a later save: the content its note names and Grafana's time of it", async () => {
        const sha256 = `sha256:${'ab'.repeat(32)}`;
        const pushed = await grafana.saveDashboard({ model: { uid: 'c-pushed', title: 'Board c-pushed', panels: [] }, folderUid: null, message: MESSAGE, expect: 'absent', contentSha256: sha256 });
        expect(pushed.kind).toBe('saved');
        const first = await grafana.readLastSave((await grafana.getDashboard('c-pushed'))!);
        await editAsSomeoneElse('c-pushed', { description: 'edited' });
        const edited = (await grafana.getDashboard('c-pushed'))!;
        const push = await grafana.readEarlierPush?.('c-pushed', edited.version);
        expect(push).toMatchObject({ version: first.version, content: sha256.slice(0, 'sha256:'.length + 16) });
        expect(Number.isNaN(Date.parse(first.at))).toBe(false);
        expect(Date.parse(push!.at)).toBe(Date.parse(first.at));
      });
      // review-56 F3: Grafana keeps a dashboard's newest `versions_to_keep` versions (20 by default, as here): a look that finds
      // no push tells whether the history it read still reaches the first version, or was cut short above it.
      it('tells a look that finds no push whether the history it read reaches the first version', async () => {
        const pushed = await grafana.saveDashboard({ model: { uid: 'c-trimmed', title: 'Board c-trimmed', panels: [] }, folderUid: null, message: MESSAGE, expect: 'absent', contentSha256: `sha256:${'cd'.repeat(32)}` });
        expect(pushed.kind).toBe('saved');
        const editor = await portFor({ token: await sandbox.createToken('Editor') });
        const edit = async (uid: string, description: string) => {
          const live = await grafana.getDashboard(uid);
          const saved = await editor.saveDashboard({ model: { uid, title: `Board ${uid}`, panels: [], ...live?.model, description }, folderUid: null, message: 'hand edit', expect: live ? 'any' : 'absent' });
          expect(saved.kind).toBe('saved');
        };
        const told: boolean[] = [];
        const options = { unconfirmed: true, onNotFound: ({ cutShort }: { cutShort: boolean }) => told.push(cutShort) };
        await edit('c-trimmed', 'edit 1');
        expect(await grafana.readEarlierPush!('c-trimmed', (await grafana.getDashboard('c-trimmed'))!.version, options)).not.toBeNull();
        for (let n = 2; n <= 20; n += 1) await edit('c-trimmed', `edit ${n}`);
        expect(await grafana.readEarlierPush!('c-trimmed', (await grafana.getDashboard('c-trimmed'))!.version, options)).toBeNull();
        // Made by hand and saved again: its whole history read, no push in it.
        await edit('c-by-hand', 'made');
        await edit('c-by-hand', 'saved again');
        expect(await grafana.readEarlierPush!('c-by-hand', (await grafana.getDashboard('c-by-hand'))!.version, options)).toBeNull();
        expect(told).toEqual([true, false]);
      });
      // pull-pulled-48 (`/api`), pull-49 (`/apis`): pull compares the commits since dashsync's push with Grafana's versions since.
      it('reads the versions between two, newest first, each as the dashboard it held; none Grafana does not have', async () => {
        await save('c-older');
        await editAsSomeoneElse('c-older', { description: 'older edit' });
        await editAsSomeoneElse('c-older', { description: 'newest edit' });
        const live = (await grafana.getDashboard('c-older'))!;
        const as = { apiVersion: live.apiVersion };
        const between = await grafana.readVersionsBetween!('c-older', { after: live.version - 2, before: live.version }, as);
        expect(between).toHaveLength(1);
        expect(between[0]).toMatchObject({ version: live.version - 1, schema: 'v1', model: { uid: 'c-older', description: 'older edit' } });
        const all = await grafana.readVersionsBetween!('c-older', { after: 0, before: live.version + 5 }, as);
        expect(all.map((version) => version.version)).toEqual([live.version, live.version - 1, live.version - 2]);
        expect(all[0]!.model).toMatchObject({ description: 'newest edit' });
        if (expected.reads !== 'per-uid') return;
        // `/api`'s version reads ask for dashboards:write: a Viewer's are refused.
        const viewer = await portFor({ token: await sandbox.createToken('Viewer') });
        expect(await viewer.readVersionsBetween!('c-older', { after: 0, before: live.version }, as)).toEqual([]);
      });
    });

    describe('saving and deleting dashboards', () => {
      it('creates when absent, refuses a create over an existing one as a conflict', async () => {
        const created = await grafana.saveDashboard({ model: { uid: 'c-new', title: 'New', panels: [], id: 4711, version: 9 }, folderUid: null, message: MESSAGE, expect: 'absent' });
        expect(created).toMatchObject({ kind: 'saved', revision: expect.any(String), version: expect.any(Number) });
        const again = await grafana.saveDashboard({ model: { uid: 'c-new', title: 'Other', panels: [] }, folderUid: null, message: MESSAGE, expect: 'absent' });
        expect(again).toMatchObject({ kind: 'conflict', current: { uid: 'c-new', model: { title: 'New' } } });
      });

      it('updates at the revision read, and refuses a stale one with who changed it now; any overwrites', async () => {
        const first = await save('c-update');
        const second = await grafana.saveDashboard({ model: { uid: 'c-update', title: 'Second', panels: [] }, folderUid: null, message: MESSAGE, expect: first.revision });
        expect(second.kind).toBe('saved');
        await editAsSomeoneElse('c-update', { description: 'theirs' });
        const stale = await grafana.saveDashboard({ model: { uid: 'c-update', title: 'Mine', panels: [] }, folderUid: null, message: MESSAGE, expect: first.revision });
        expect(stale.kind).toBe('conflict');
        const now = (await grafana.getDashboard('c-update'))!;
        expect(stale).toMatchObject({ current: { revision: now.revision, version: now.version, lastSave: { by: now.lastSave.by, at: now.lastSave.at } } });
        expect(now.model.description).toBe('theirs');
        expect(await grafana.saveDashboard({ model: { uid: 'c-update', title: 'Forced board', panels: [] }, folderUid: null, message: MESSAGE, expect: 'any' })).toMatchObject({ kind: 'saved' });
        expect((await grafana.getDashboard('c-update'))?.model.title).toBe('Forced board');
      });

      it('moves a dashboard with the folder it is saved into (null = General)', async () => {
        await grafana.createFolder({ uid: 'c-target', title: 'Target', parentUid: null });
        const first = await save('c-mover');
        await grafana.saveDashboard({ model: { uid: 'c-mover', title: 'Mover', panels: [] }, folderUid: 'c-target', message: MESSAGE, expect: first.revision });
        expect((await grafana.getDashboard('c-mover'))?.folderUid).toBe('c-target');
        await grafana.saveDashboard({ model: { uid: 'c-mover', title: 'Mover', panels: [] }, folderUid: null, message: MESSAGE, expect: 'any' });
        expect((await grafana.getDashboard('c-mover'))?.folderUid).toBeNull();
      });

      it.runIf(release.uniqueTitles)('never lets an overwrite take a same-titled dashboard over (Grafana ≤ 11.2)', async () => {
        await grafana.createFolder({ uid: 'c-titles', title: 'Titles', parentUid: null });
        await save('c-someone', { title: 'Cache' }, 'c-titles');
        await save('c-mine', { title: 'Redis' }, 'c-titles');
        const forced = await grafana.saveDashboard({ model: { uid: 'c-mine', title: 'Cache', panels: [] }, folderUid: 'c-titles', message: MESSAGE, expect: 'any' });
        expect(forced).toMatchObject({ kind: 'refused', message: expect.stringContaining('c-someone') });
        expect((await grafana.getDashboard('c-someone'))?.model.title).toBe('Cache');
      });

      it('deletes, optionally leaving nothing in "Recently deleted"; restores from there where the release has it', async () => {
        await save('c-soft');
        expect(await grafana.deleteDashboard('c-soft', { purge: false })).toBe(true);
        expect(await grafana.getDashboard('c-soft')).toBeNull();
        expect(await grafana.deleteDashboard('c-soft', { purge: false })).toBe(false);
        expect(await grafana.restoreFromTrash('c-soft')).toBe(expected.restoresDeleted ? 'restored' : 'not-restored');
        expect((await grafana.getDashboard('c-soft')) !== null).toBe(expected.restoresDeleted);

        await save('c-hard');
        expect(await grafana.deleteDashboard('c-hard', { purge: true })).toBe(true);
        expect(await grafana.restoreFromTrash('c-hard')).toBe(expected.restoresDeleted && !expected.purges ? 'restored' : 'not-restored');
        expect((await grafana.getDashboard('c-hard')) !== null).toBe(expected.restoresDeleted && !expected.purges);
      });
      it('lists the uids a "Recently deleted" keeps taken (11\'s soft delete) for an Admin, refused to an Editor; null elsewhere', async () => {
        await save('c-trashed');
        expect(await grafana.deleteDashboard('c-trashed', { purge: false })).toBe(true);
        const keepsTaken = expected.capabilities.softDeleteTrash && expected.restoresDeleted;
        expect(await grafana.trashedDashboardUids()).toEqual(expected.capabilities.softDeleteTrash ? (keepsTaken ? expect.arrayContaining(['c-trashed']) : []) : null);
        const editor = await portFor({ token: await sandbox.createToken('Editor') });
        expect(await editor.trashedDashboardUids()).toEqual(expected.capabilities.softDeleteTrash ? 'refused' : null);
      });

      it.runIf(expected.restoresDeleted)('restores into another folder where asked; into one that is gone: TrashFolderGoneError, nothing restored', async () => {
        await grafana.createFolder({ uid: 'c-from', title: 'From', parentUid: null });
        await grafana.createFolder({ uid: 'c-into', title: 'Into', parentUid: null });
        await save('c-moved', {}, 'c-from');
        expect(await grafana.deleteDashboard('c-moved', { purge: false })).toBe(true);
        await expect(grafana.restoreFromTrash('c-moved', { folderUid: 'c-gone' })).rejects.toBeInstanceOf(TrashFolderGoneError);
        expect(await grafana.getDashboard('c-moved')).toBeNull();
        expect(await grafana.restoreFromTrash('c-moved', { folderUid: 'c-into' })).toBe('restored');
        expect((await grafana.getDashboard('c-moved'))?.folderUid).toBe('c-into');
      });
    });

    describe('library panels', () => {
      const panel = (title: string) => ({ type: 'stat', title, targets: [{ expr: 'up' }] });
      const create = async (uid: string, folderUid: string | null = null, name = `Panel ${uid}`) => {
        const outcome = await grafana.saveLibraryPanel({ uid, name, model: panel(name), folderUid, expect: 'absent' });
        if (outcome.kind !== 'saved') throw new Error(`seed library panel ${uid}: ${outcome.kind}`);
        return outcome;
      };

      it('creates into a folder or General, reads and lists them with revision and last change; variables are listed as kind 2', async () => {
        await grafana.createFolder({ uid: 'c-lib', title: 'Library here', parentUid: null });
        const saved = await create('c-lp-one', 'c-lib');
        await create('c-lp-root');
        const variable = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'c-lv', name: 'A variable', kind: 2, model: { type: 'query' } });
        expect(variable.status).toBe(200);

        const live = (await grafana.getLibraryPanel('c-lp-one'))!;
        expect(live).toMatchObject({ uid: 'c-lp-one', name: 'Panel c-lp-one', kind: 1, folderUid: 'c-lib', folderTitle: 'Library here', revision: saved.revision, version: saved.version, connectedDashboards: 0 });
        expect(live.model).toMatchObject({ type: 'stat', title: 'Panel c-lp-one', description: '' });
        expect(live.lastSave).toMatchObject({ by: 'admin', byDashsync: true, message: null, version: saved.version });
        // pull-46: the savers' user ids, which the uid of an /apis content note maps to (internalIdsOf: the display list).
        const admin = (await apiRequest(sandbox, 'GET', '/api/user')).body as { id: number; uid: string };
        expect(live.savers).toEqual({ created: { id: admin.id, login: 'admin' }, updated: { id: admin.id, login: 'admin' } });
        if (grafana.api === 'k8s') expect(await grafana.internalIdsOf?.([admin.uid, 'no-such-uid'])).toEqual(new Map([[admin.uid, admin.id]]));
        expect(Date.parse(live.lastSave.at)).not.toBeNaN();
        expect(await grafana.getLibraryPanel('c-lp-missing')).toBeNull();
        expect(await grafana.getLibraryPanel('c-lp-root')).toMatchObject({ folderUid: null, folderTitle: 'General' });

        const listed = await grafana.listLibraryPanels();
        expect(listed.map(({ uid, kind, folderUid }) => ({ uid, kind, folderUid }))).toEqual(
          expect.arrayContaining([{ uid: 'c-lp-one', kind: 1, folderUid: 'c-lib' }, { uid: 'c-lp-root', kind: 1, folderUid: null }, { uid: 'c-lv', kind: 2, folderUid: null }]),
        );
        expect(await grafana.saveLibraryPanel({ uid: 'c-lp-one', name: 'Other', model: panel('Other'), folderUid: null, expect: 'absent' })).toMatchObject({
          kind: 'conflict',
          current: { uid: 'c-lp-one', name: 'Panel c-lp-one' },
        });
      });

      it('lists every page of a large library', async () => {
        for (let n = 0; n < 105; n += 1) await create(`c-lp-page-${n}`);
        expect((await grafana.listLibraryPanels()).filter((p) => p.uid.startsWith('c-lp-page-'))).toHaveLength(105);
      });

      it('updates and moves at the revision read; a stale one is a conflict naming who changed it; any overwrites', async () => {
        await grafana.createFolder({ uid: 'c-lib-to', title: 'Moved to', parentUid: null });
        const first = await create('c-lp-update');
        const second = await grafana.saveLibraryPanel({ uid: 'c-lp-update', name: 'Renamed', model: panel('Renamed'), folderUid: 'c-lib-to', expect: first.revision });
        expect(second).toMatchObject({ kind: 'saved', version: first.version + 1 });
        expect(await grafana.getLibraryPanel('c-lp-update')).toMatchObject({ name: 'Renamed', folderUid: 'c-lib-to', model: { title: 'Renamed' } });

        const token = await sandbox.createToken('Editor');
        const current = (await grafana.getLibraryPanel('c-lp-update'))!;
        const edited = await apiRequest(sandbox, 'PATCH', '/api/library-elements/c-lp-update', { kind: 1, version: current.version, model: { ...current.model, title: 'Theirs' } }, bearerHeaders(token));
        expect(edited.status).toBe(200);
        const stale = await grafana.saveLibraryPanel({ uid: 'c-lp-update', name: 'Mine', model: panel('Mine'), folderUid: null, expect: current.revision });
        expect(stale).toMatchObject({ kind: 'conflict', current: { version: current.version + 1, model: { title: 'Theirs' }, lastSave: { byDashsync: false, by: expect.stringMatching(/^sa-/) } } });
        expect(await grafana.saveLibraryPanel({ uid: 'c-lp-update', name: 'Forced', model: panel('Forced'), folderUid: null, expect: 'any' })).toMatchObject({ kind: 'saved' });
        expect(await grafana.getLibraryPanel('c-lp-update')).toMatchObject({ name: 'Forced', folderUid: null });
        expect(await grafana.saveLibraryPanel({ uid: 'c-lp-gone', name: 'Gone', model: panel('Gone'), folderUid: null, expect: '3' })).toEqual({ kind: 'conflict', current: null, retried: false });
      });

      it('names the dashboards that use one, refuses to delete it while they do, deletes it after', async () => {
        await create('c-lp-used');
        await save('c-uses-lp', { panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'c-lp-used', name: 'Panel c-lp-used' } }] });
        expect(await grafana.libraryPanelConnections('c-lp-used')).toEqual(['c-uses-lp']);
        expect(await grafana.getLibraryPanel('c-lp-used')).toMatchObject({ connectedDashboards: 1 });
        expect(await grafana.deleteLibraryPanel('c-lp-used')).toEqual({ kind: 'connected', dashboardUids: ['c-uses-lp'] });
        expect(await grafana.getLibraryPanel('c-lp-used')).not.toBeNull();

        await grafana.deleteDashboard('c-uses-lp', { purge: true });
        expect(await grafana.libraryPanelConnections('c-lp-used')).toEqual([]);
        expect(await grafana.deleteLibraryPanel('c-lp-used')).toEqual({ kind: 'deleted' });
        expect(await grafana.deleteLibraryPanel('c-lp-used')).toEqual({ kind: 'gone' });
        expect(await grafana.libraryPanelConnections('c-lp-used')).toBeNull();
        const viewer = await portFor({ token: await sandbox.createToken('Viewer') });
        await create('c-lp-kept');
        await expect(viewer.deleteLibraryPanel('c-lp-kept')).rejects.toBeInstanceOf(PermissionError);
      });
    });
  });
}

