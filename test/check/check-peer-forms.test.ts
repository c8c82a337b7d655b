import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { dashboard, makeTempTree, type TempTree } from '../unit/files/make-tree.js';

/** The lines of stdout, without the formatting warnings the test's own JSON.stringify files get. */
const linesOf = (stdout: string): string[] => stdout.split('\n').filter((line) => line !== '' && !line.endsWith('(not-canonical)'));

/** A Dashboard resource as Git Sync and `kubectl get -o yaml` write it. */
const YAML_DASHBOARD = `apiVersion: dashboard.grafana.app/v2beta1
kind: Dashboard
metadata:
  name: gs-v2
spec:
  title: From Git Sync
`;

/** Git Sync's _folder.json (grafana/grafana pkg/registry/apis/provisioning/resources/folder_metadata.go, NewFolderManifest). */
const gitSyncFolder = (uid: string, title: string, extra: object = {}) => ({ apiVersion: 'folder.grafana.app/v1beta1', kind: 'Folder', metadata: { name: uid, creationTimestamp: null }, spec: { title, ...extra }, status: {} });

describe('check: what the peers (gdg, Terraform, grafana-operator, Git Sync) leave in a tree is named in one line each', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('gdg export, operator CR, Git Sync _folder.json, a uid-less Terraform dashboard', async () => {
    tree = await makeTempTree({
      'dashboards/General/home.json': dashboard('home', 'Home'),
      'dashboards/folders/Other.json': { id: 3, uid: 'other-uid', title: 'Other', url: '/dashboards/f/other-uid/other', hasAcl: false, canSave: true, canEdit: true, canAdmin: true, canDelete: true, version: 1 },
      'dashboards/libraryelements/Other/cpu.json': { uid: 'cpu-panel', name: 'CPU', kind: 1, folderUid: 'other-uid', model: { type: 'timeseries', title: 'CPU' }, meta: { folderName: 'Other' } },
      'dashboards/op/op-dash.json': { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name: 'op-dash' }, spec: { json: JSON.stringify(dashboard('op-uid', 'Operator')) } },
      'dashboards/team-a/_folder.json': gitSyncFolder('team-a-uid', 'Team A'),
      'dashboards/team-a/a.json': dashboard('a', 'A'),
      'dashboards/tf/nouid.json': { title: 'No uid', panels: [] },
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    expect(linesOf(result.stdout)).toEqual([
      'dashboards/General: error: a folder cannot be titled "General" (Grafana reserves "General"): if it holds the General level\'s dashboards (as gdg exports them), move its files to the root; else rename the directory or give it a _folder.json with another title (folder-title-reserved)',
      'dashboards/folders/Other.json:1:1: error: this is a Grafana folder object (as gdg writes it to folders/): dashsync makes a folder of each directory; give the directory that holds this folder\'s dashboards a _folder.json {"uid":"other-uid","title":"Other"} and delete this file (folder-object)',
      'dashboards/libraryelements/Other/cpu.json:1:1: error: this is a library panel (the library element API form, as gdg exports it): put it in a _library/ directory, the folder\'s that holds it (see docs/library-panels.md); dashsync reads library panels only there (library-panel-outside-library)',
      'dashboards/op/op-dash.json:3:11: error: this is a grafana-operator GrafanaDashboard: its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file keeping its "uid": "op-uid" (the uid the operator gave it in Grafana), and delete the custom resource before dashsync applies (the operator would write its copy back) (operator-resource)',
      'dashboards/team-a/_folder.json:1:1: error: this is a Folder resource (as Git Sync writes _folder.json); dashsync\'s _folder.json is {"uid":"team-a-uid","title":"Team A"}: run `dashsync check --fix` to convert it (the folder keeps its uid) (folder-file-invalid)',
      'dashboards/tf/nouid.json:1:1: error: dashboard has no "uid": if it already exists in Grafana (a file exported or written by another tool, such as Terraform), `dashsync pull` writes it with its uid (a new uid would make a second copy); else run `dashsync check --fix` to add a stable one (uid-missing)',
    ]);
    expect(result.code).toBe(1);
  });

  // walk-20 L-5: the written model must keep the uid the operator gave the dashboard (grafana-operator controllers/content
  // CustomUIDOrUID: spec.uid, else the model's uid, else the resource's metadata.uid), or dashsync makes a second copy.
  it('a GrafanaDashboard\'s line names the uid the operator gave its dashboard, wherever the operator took it from', async () => {
    const resource = (name: string, spec: object, metadata: object = {}) => ({ apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name, ...metadata }, spec });
    const model = JSON.stringify({ title: 'CPU', panels: [] });
    tree = await makeTempTree({
      'dashboards/team/a-spec-uid.json': resource('mem', { uid: 'op-mem', json: JSON.stringify(dashboard('model-uid', 'Mem')) }),
      'dashboards/team/b-metadata-uid.json': resource('cpu', { json: model }, { uid: '5f0c7e1a-3b2d-4c1e-9a7b-0d3e2f1a4b5c', namespace: 'monitoring' }),
      'dashboards/team/c-gzip.json': resource('disk', { gzipJson: gzipSync(JSON.stringify(dashboard('disk-uid', 'Disk'))).toString('base64') }),
      'dashboards/team/d-manifest.json': resource('net', { json: model }),
      'dashboards/team/e-url.json': resource('io', { url: 'https://grafana.com/api/dashboards/1860/revisions/37/download' }, { uid: 'a1b2c3d4-0000-4000-8000-000000000000' }),
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    const line = (file: string, uid: string) =>
      `dashboards/team/${file}:3:11: error: this is a grafana-operator GrafanaDashboard: its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file ${uid}, and delete the custom resource before dashsync applies (the operator would write its copy back) (operator-resource)`;
    expect(linesOf(result.stdout)).toEqual([
      line('a-spec-uid.json', 'with "uid": "op-mem" (the uid the operator gave it in Grafana: spec.uid, which overrides the model\'s own)'),
      line('b-metadata-uid.json', 'with "uid": "5f0c7e1a-3b2d-4c1e-9a7b-0d3e2f1a4b5c" (the uid the operator gave it in Grafana: the resource\'s metadata.uid, as neither spec.uid nor the model sets one)'),
      line('c-gzip.json', 'keeping its "uid": "disk-uid" (the uid the operator gave it in Grafana)'),
      line('d-manifest.json', 'with the uid the operator gave it in Grafana: the resource\'s metadata.uid, as neither spec.uid nor the model sets one, and this file does not hold it (`kubectl get` writes it; or dashsync pull that uid)'),
      line('e-url.json', 'with the uid the operator gave it in Grafana (the model\'s own "uid", else the resource\'s metadata.uid "a1b2c3d4-0000-4000-8000-000000000000")'),
    ]);
    expect(result.code).toBe(1);
  });

  // review-54 F4: a small file whose spec.gzipJson inflates to gigabytes cost check seconds and gigabytes of memory; it stops at 64 MB.
  it("a GrafanaDashboard whose spec.gzipJson inflates past 64 MB: its line says the model's uid is not read, and why", async () => {
    const bomb = gzipSync(JSON.stringify({ uid: 'bomb-uid', title: 'a'.repeat(65 * 1024 * 1024) })).toString('base64');
    tree = await makeTempTree({
      'dashboards/team/op.json': { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name: 'op', uid: 'meta-uid' }, spec: { gzipJson: bomb } },
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    expect(linesOf(result.stdout)).toEqual([
      'dashboards/team/op.json:3:11: error: this is a grafana-operator GrafanaDashboard: its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file ' +
        'with the uid the operator gave it in Grafana (the model\'s own "uid", else the resource\'s metadata.uid "meta-uid"; its spec.gzipJson inflates to more than 64 MB, more than dashsync reads, so the model\'s uid is not read here), ' +
        'and delete the custom resource before dashsync applies (the operator would write its copy back) (operator-resource)',
    ]);
    expect(result.code).toBe(1);
  });

  // walk-20 L-6: Terraform's JSON configuration is named as such, with the dashboards it holds and the way over.
  it('Terraform\'s JSON configuration: one line naming its grafana_dashboard resources and their uids; one without any is another tool\'s file', async () => {
    tree = await makeTempTree({
      'dashboards/team/a.json': dashboard('a', 'A'),
      'dashboards/team/main.tf.json': {
        terraform: { required_providers: { grafana: { source: 'grafana/grafana' } } },
        resource: {
          grafana_folder: { team: { title: 'Team' } },
          grafana_dashboard: {
            api: { folder: '${grafana_folder.team.id}', config_json: JSON.stringify(dashboard('tf-api', 'API')) },
            web: { config_json: '${file("web.json")}' },
          },
        },
      },
      'dashboards/team/single.json': { resource: [{ grafana_dashboard: { db: [{ config_json: JSON.stringify(dashboard('tf-db', 'DB')) }] } }] },
      'dashboards/providers.tf.json': { provider: { grafana: { url: 'http://grafana:3000' } } },
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    expect(linesOf(result.stdout)).toEqual([
      'dashboards/providers.tf.json:1:1: warning: not read as a dashboard: it is Terraform\'s JSON configuration, and holds no grafana_dashboard resource; dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to "exclude" in the config file (not-a-dashboard)',
      'dashboards/team/main.tf.json:9:15: error: this is Terraform\'s JSON configuration, not a dashboard: grafana_dashboard.api holds dashboard tf-api in config_json, grafana_dashboard.web takes config_json from "${file(\\"web.json\\")}", whose dashboard\'s uid is not written here; ' +
        'dashsync pull tf-api writes it with its live uid and folder, and dashsync pull <uid> the other (its uid is in its URL in Grafana); then terraform state rm grafana_dashboard.api grafana_dashboard.web, and remove those resources from this file (or move the file out of the dashboards root), before dashsync applies: Terraform would write its copy back (docs/migrating.md) (terraform-config)',
      'dashboards/team/single.json:2:15: error: this is Terraform\'s JSON configuration, not a dashboard: grafana_dashboard.db holds dashboard tf-db in config_json; ' +
        'dashsync pull tf-db writes it with its live uid and folder; then terraform state rm grafana_dashboard.db, and remove that resource from this file (or move the file out of the dashboards root), before dashsync applies: Terraform would write its copy back (docs/migrating.md) (terraform-config)',
    ]);
    expect(result.stderr).toContain('check: 1 dashboard, 3 files in another tool\'s form (not dashboards)');
    expect(result.code).toBe(1);
  });

  // tree-55 (tree-54's leftover): outside the selection, a prune read a Terraform file as a dashboard without a uid ("fix it"),
  // and a GrafanaDashboard's metadata.name as its dashboard's uid (kept from prune, while the operator's dashboard was not).
  it('outside the selection of a config that prunes, Terraform\'s configuration and a GrafanaDashboard stop the prune with their own words and uid', async () => {
    const model = JSON.stringify(dashboard('op-uid', 'Operator'));
    tree = await makeTempTree({
      'dashsync.config.json': { root: 'dashboards', prune: 'all', exclude: ['peers/**'] },
      'dashboards/team/a.json': dashboard('a', 'A'),
      'dashboards/peers/op-dash.json': { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name: 'op-dash' }, spec: { json: model } },
      'dashboards/peers/main.tf.json': { resource: { grafana_dashboard: { api: { config_json: JSON.stringify(dashboard('tf-api', 'API')) } } } },
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    const outside = 'outside this run\'s selection (the "exclude" of dashsync.config.json), yet prune needs the uid of every file of the tree, and this one holds its dashboard in another tool\'s form';
    const wayOut = 'take its dashboard over first: plan and apply stop on it too while they prune';
    expect(linesOf(result.stdout)).toEqual([
      `dashboards/peers/main.tf.json:2:15: error: ${outside} (this is Terraform's JSON configuration, not a dashboard: grafana_dashboard.api holds dashboard tf-api in config_json; ` +
        'dashsync pull tf-api writes it with its live uid and folder; then terraform state rm grafana_dashboard.api, and remove that resource from this file (or move the file out of the dashboards root), before dashsync applies: Terraform would write its copy back (docs/migrating.md)); ' +
        `${wayOut} (prune-needs-uid)`,
      `dashboards/peers/op-dash.json:3:11: error: ${outside} (this is a grafana-operator GrafanaDashboard: its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file keeping its "uid": "op-uid" (the uid the operator gave it in Grafana), and delete the custom resource before dashsync applies (the operator would write its copy back)); ` +
        `${wayOut} (prune-needs-uid)`,
    ]);
    expect(result.code).toBe(1);
  });

  it("gdg's nested folders, each directory its title URL-encoded: a warning naming the title it stands for; a _folder.json title or a plain name is left alone", async () => {
    tree = await makeTempTree({
      'dashboards/Ops+%26+SRE/Team+A/a.json': dashboard('a', 'A'),
      'dashboards/Named+dir/_folder.json': { uid: 'named', title: 'Named dir' },
      'dashboards/Named+dir/n.json': dashboard('n', 'N'),
      'dashboards/C++/c.json': dashboard('c', 'Compiler'),
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    const advice = (name: string, title: string) =>
      `warning: directory name "${name}" looks like gdg's URL-encoded folder title "${title}": dashsync titles a folder by its directory name as written, so its folder would be titled "${name}", ` +
      `with a uid derived from the path, not the live folder's. Pull the dashboards (dashsync pull writes each folder's _folder.json with its live uid and title), or give this directory a _folder.json {"uid":"<the live folder's uid>","title":"${title}"} (folder-name-url-encoded)`;
    expect(linesOf(result.stdout)).toEqual([`dashboards/Ops+%26+SRE: ${advice('Ops+%26+SRE', 'Ops & SRE')}`, `dashboards/Ops+%26+SRE/Team+A: ${advice('Team+A', 'Team A')}`]);
    expect(result.code).toBe(0);
  });

  it('check --fix converts Git Sync\'s _folder.json to {uid, title}, keeping the uid, and leaves one it cannot convert whole', async () => {
    tree = await makeTempTree({
      'dashboards/team-a/_folder.json': gitSyncFolder('team-a-uid', 'Team A'),
      'dashboards/team-a/a.json': dashboard('a', 'A'),
      'dashboards/team-b/_folder.json': gitSyncFolder('team-b-uid', 'Team B', { description: 'on-call boards' }),
      'dashboards/team-b/b.json': dashboard('b', 'B'),
    });
    const before = await readFile(join(tree.dir, 'dashboards/team-b/_folder.json'), 'utf8');

    const fixed = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(await readFile(join(tree.dir, 'dashboards/team-a/_folder.json'), 'utf8')).toBe('{\n  "title": "Team A",\n  "uid": "team-a-uid"\n}\n');
    expect(await readFile(join(tree.dir, 'dashboards/team-b/_folder.json'), 'utf8')).toBe(before);
    expect(fixed.stdout.split('\n').filter((line) => line.includes('_folder.json'))).toEqual([
      'dashboards/team-b/_folder.json:1:1: error: this is a Folder resource (as Git Sync writes _folder.json); dashsync\'s _folder.json is {"uid": "…", "title": "…"}: rewrite it so (spec.description would be lost (a _folder.json holds only uid and title)) (folder-file-invalid)',
    ]);
    expect(fixed.stderr).toContain('dashboards/team-a/_folder.json');
  });

  it('a YAML dashboard resource below the root is a warning; named on the command line, an error; other YAML is passed over', async () => {
    tree = await makeTempTree({
      'dashboards/team-a/a.json': dashboard('a', 'A'),
      'dashboards/team-a/sub/v2.yaml': YAML_DASHBOARD,
      'dashboards/op/op-dash.yml': `apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata:\n  name: op-dash\nspec:\n  json: >\n    {"uid": "op-uid", "title": "Operator", "panels": []}\n`,
      'dashboards/values.yaml': 'replicas: 2\n',
    });

    const whole = await runCli(['check'], { cwd: tree.dir });
    expect(linesOf(whole.stdout)).toEqual([
      'dashboards/op/op-dash.yml: warning: not read: a grafana-operator GrafanaDashboard in YAML (uid "op-uid"); dashsync reads only .json: write the model its spec.json holds to a .json file, and delete the custom resource before dashsync applies (the operator would write its copy back); meanwhile prune leaves the dashboards it names alone (yaml-resource)',
      'dashboards/team-a/sub/v2.yaml: warning: not read: a YAML Dashboard resource (uid "gs-v2"); dashsync reads only .json: convert it (for example `yq -o json`) or it is not in the tree; meanwhile prune leaves the dashboards it names alone (yaml-resource)',
    ]);
    expect(whole.code).toBe(0);

    const named = await runCli(['check', 'dashboards/team-a/sub/v2.yaml', 'dashboards/values.yaml'], { cwd: tree.dir });
    expect(linesOf(named.stdout)).toEqual([
      'dashboards/team-a/sub/v2.yaml: error: not read: a YAML Dashboard resource (uid "gs-v2"); dashsync reads only .json: convert it (for example `yq -o json`) or it is not in the tree; meanwhile prune leaves the dashboards it names alone (yaml-resource)',
      'dashboards/values.yaml: error: not read: dashsync reads only .json files, and this one holds no dashboard or folder resource it could name; convert a dashboard to .json (yaml-resource)',
    ]);
    expect(named.code).toBe(1);
  });

  // review-55 (noticed): the line of a GrafanaDashboard whose model is in spec.gzipJson said to write "the model its spec.json holds".
  it('a YAML GrafanaDashboard with its model in spec.gzipJson: the line says where the model is and how to read it', async () => {
    const gzip = gzipSync(JSON.stringify({ uid: 'zipped', title: 'Zipped', panels: [] })).toString('base64');
    tree = await makeTempTree({
      'dashboards/a.json': dashboard('a', 'A'),
      'dashboards/op/zipped.yaml': `apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata:\n  name: zipped\nspec:\n  gzipJson: ${gzip}\n`,
    });
    const checked = await runCli(['check'], { cwd: tree.dir });
    expect(linesOf(checked.stdout)).toEqual([
      'dashboards/op/zipped.yaml: warning: not read: a grafana-operator GrafanaDashboard in YAML (uid "zipped"); dashsync reads only .json: write the model its spec.gzipJson holds (base64 of gzip: base64 -d | gunzip) to a .json file, and delete the custom resource before dashsync applies (the operator would write its copy back); meanwhile prune leaves the dashboards it names alone (yaml-resource)',
    ]);
  });

  it("a YAML GrafanaFolder gets the _folder.json it stands for, not a conversion that check refuses (audit-ux-11 A7)", async () => {
    tree = await makeTempTree({
      'dashboards/ops/a.json': dashboard('a', 'A'),
      'dashboards/ops/gfolder.yaml': 'apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaFolder\nmetadata:\n  name: ops\nspec:\n  uid: op-folder\n  title: Ops via operator\n',
    });
    const checked = await runCli(['check'], { cwd: tree.dir });
    expect(linesOf(checked.stdout)).toEqual([
      'dashboards/ops/gfolder.yaml: warning: not read: a grafana-operator GrafanaFolder in YAML (uid "op-folder"); dashsync reads only .json: give its directory a _folder.json {"uid":"op-folder","title":"Ops via operator"} instead, ' +
        'and delete the custom resource before dashsync applies (the operator would make its folder again); meanwhile prune leaves the folders (with what they hold) it names alone (yaml-resource)',
    ]);
  });
});

describe('a GrafanaFolder or Folder resource in JSON names the _folder.json to write (audit-ux-13 LOW-5)', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('from spec.uid and spec.title; exported by kubectl without them, from metadata.uid and metadata.name, as the operator names the folder', async () => {
    const operatorFolder = (metadata: object, spec: object) => ({ apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaFolder', metadata, spec: { instanceSelector: { matchLabels: { dashboards: 'grafana' } }, ...spec } });
    tree = await makeTempTree({
      'dashboards/operator/a.json': dashboard('a', 'A'),
      'dashboards/operator/op-folder.json': operatorFolder({ name: 'op' }, { uid: 'op-folder', title: 'Operator' }),
      'dashboards/exported/b.json': dashboard('b', 'B'),
      'dashboards/exported/folder.json': operatorFolder({ name: 'platform', namespace: 'monitoring', uid: '0c5d3f1e-8a3b-4f7e-9d2a-6b1c4e7f9a20' }, {}),
      'dashboards/bare/c.json': dashboard('c', 'C'),
      'dashboards/bare/folder.json': operatorFolder({ name: 'bare' }, {}),
      'dashboards/synced/d.json': dashboard('d', 'D'),
      'dashboards/synced/folder.json': gitSyncFolder('gs-uid', 'Git Synced'),
    });

    const result = await runCli(['check'], { cwd: tree.dir });

    const advice = (form: string) =>
      `error: this is a grafana-operator GrafanaFolder: dashsync makes a folder of each directory; give the directory that holds its dashboards a _folder.json ${form} and delete the custom resource before dashsync applies (operator-resource)`;
    expect(linesOf(result.stdout)).toEqual([
      `dashboards/bare/folder.json:3:11: ${advice('{"uid":"…","title":"bare"}')}`,
      `dashboards/exported/folder.json:3:11: ${advice('{"uid":"0c5d3f1e-8a3b-4f7e-9d2a-6b1c4e7f9a20","title":"platform"}')}`,
      `dashboards/operator/op-folder.json:3:11: ${advice('{"uid":"op-folder","title":"Operator"}')}`,
      // A Folder resource (Git Sync, kubectl) outside _folder.json: its metadata.name and spec.title.
      'dashboards/synced/folder.json:3:11: error: this is a Folder resource (Git Sync, kubectl): dashsync reads a folder only from the _folder.json of its directory, as {"uid":"gs-uid","title":"Git Synced"}; move its uid and title there and delete this file (folder-resource-outside-folder-file)',
    ]);
  });
});

describe('check counts only dashboards as dashboards (audit-ux-11 A7)', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('a GrafanaFolder and a Folder resource converted to .json are errors, and the summary counts them apart from the dashboards', async () => {
    tree = await makeTempTree({
      'dashboards/ops/a.json': dashboard('a', 'A'),
      'dashboards/ops/b.json': dashboard('b', 'B'),
      'dashboards/ops/gfolder.json': { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaFolder', metadata: { name: 'ops' }, spec: { uid: 'op-folder', title: 'Ops via operator' } },
      'dashboards/yf/c.json': dashboard('c', 'C'),
      'dashboards/yf/folder.json': gitSyncFolder('yf', 'YAML folder'),
    });

    const text = await runCli(['check'], { cwd: tree.dir });
    // The 3 warnings: not-canonical, this test's JSON layout.
    expect(text.stderr).toBe("check: 3 dashboards, 2 files in another tool's form (not dashboards), 2 folders, 2 errors, 3 warnings\n");
    expect(linesOf(text.stdout).map((line) => line.replace(/: error: .*\((\S+)\)$/, ': $1'))).toEqual([
      'dashboards/ops/gfolder.json:3:11: operator-resource',
      'dashboards/yf/folder.json:3:11: folder-resource-outside-folder-file',
    ]);
    expect(text.code).toBe(1);

    const json = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: tree.dir })).stdout);
    expect(json.files).toMatchObject({ dashboards: 3, otherForms: 2, folders: 2 });
  });
});
