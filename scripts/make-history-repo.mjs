// Builds a synthetic monorepo with a long history for measuring dashsync's git reads (not a test).
// One `git fast-import` stream: a tree of dashboard files at `<tree>/team-NN/*.json` beside `src/`,
// the first commit holding most files, then commits that each edit a dashboard (1 in 2), edit a
// source file (about 2 in 5), add a dashboard, rename one inside the tree or delete one.
// With --move-at K, commit K moves the whole tree from `dashboards/` to its final place (a reorganised monorepo).
// With --churn S, a share S of commits adds a dashboard and another share S deletes one (default: 5% add, 2% delete),
// taken from the source edits: a long-lived tree whose dashboards come and go (the put-back walk's measure).
// Usage: node scripts/make-history-repo.mjs DIR [--commits 5000] [--files 2000] [--tree grafana/dashboards] [--move-at K] [--churn S] [--seed 1]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRng } from './lib/generate-dashboards.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { commits: { type: 'string', default: '5000' }, files: { type: 'string', default: '2000' }, tree: { type: 'string', default: 'grafana/dashboards' }, 'move-at': { type: 'string' }, churn: { type: 'string' }, seed: { type: 'string', default: '1' } },
});
const [dir] = positionals;
if (dir === undefined) throw new Error('usage: make-history-repo.mjs DIR [--commits N] [--files N] [--tree PATH] [--move-at K] [--seed N]');
const commits = Number(values.commits);
const files = Number(values.files);
const addShare = values.churn === undefined ? 0.05 : Number(values.churn);
const deleteShare = values.churn === undefined ? 0.02 : Number(values.churn);
const moveAt = values['move-at'] === undefined ? undefined : Number(values['move-at']);
const finalTree = values.tree;
let tree = moveAt === undefined ? finalTree : 'dashboards';
const random = createRng(Number(values.seed));
const pick = (items) => items[Math.floor(random() * items.length)];

/** A small dashboard's text (~3 KB): rename detection compares contents, so files differ but share structure. */
function dashboardText(path, edit) {
  // The uid a dashboard keeps through its renames (its first file's name): a valid Grafana uid, unique in the tree.
  const uid = path.split('/').pop().replace(/^renamed-/, '').replace(/\.json$/, '');
  const panels = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, type: 'timeseries', title: `${uid} panel ${i}`, targets: [{ expr: `rate(http_requests_total{job="${uid}",panel="${i}"}[5m])`, refId: 'A' }], gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 } }));
  return `${JSON.stringify({ uid, title: `Dashboard ${path}`, schemaVersion: 39, version: edit, panels, tags: [`edit-${edit}`] }, null, 2)}\n`;
}

const chunks = [];
const emit = (text) => chunks.push(text);
const data = (text) => emit(`data ${Buffer.byteLength(text)}\n${text}\n`);
const dashboards = new Map(); // path below the tree -> edit count
const sources = Array.from({ length: 200 }, (_, i) => `src/module-${String(i).padStart(3, '0')}.ts`);
let nextUid = 0;
const newDashboard = () => {
  const uid = `d${String(nextUid++).padStart(5, '0')}`;
  return `team-${String(nextUid % 40).padStart(2, '0')}/${uid}.json`;
};

for (let n = 1; n <= commits; n++) {
  emit(`commit refs/heads/main\nmark :${n}\ncommitter bench <bench@dashsync.invalid> ${1_700_000_000 + n * 600} +0000\n`);
  data(`commit ${n}`);
  if (n > 1) emit(`from :${n - 1}\n`);
  if (n === 1) {
    for (const path of sources) emit(`M 644 inline ${path}\n`), data(`export const n = 0; // ${path}\n`);
    for (let i = 0; i < files * 0.9; i++) {
      const path = newDashboard();
      dashboards.set(path, 0);
      emit(`M 644 inline ${tree}/${path}\n`);
      data(dashboardText(path, 0));
    }
  } else if (n === moveAt) {
    tree = finalTree;
    emit(`R dashboards ${finalTree}\n`);
  } else {
    const roll = random();
    const paths = [...dashboards.keys()];
    if (roll < 0.5) {
      const path = pick(paths);
      dashboards.set(path, dashboards.get(path) + 1);
      emit(`M 644 inline ${tree}/${path}\n`);
      data(dashboardText(path, dashboards.get(path)));
    } else if (roll < 0.97 - addShare - deleteShare) {
      const path = pick(sources);
      emit(`M 644 inline ${path}\n`);
      data(`export const n = ${n}; // ${path}\n`);
    } else if (roll < 0.97 - deleteShare) {
      const path = newDashboard();
      dashboards.set(path, 0);
      emit(`M 644 inline ${tree}/${path}\n`);
      data(dashboardText(path, 0));
    } else if (roll < 1 - deleteShare) {
      const from = pick(paths);
      const to = `${from.split('/')[0]}/renamed-${from.split('/')[1]}`;
      dashboards.set(to, dashboards.get(from));
      dashboards.delete(from);
      emit(`R ${tree}/${from} ${tree}/${to}\n`);
    } else {
      const path = pick(paths);
      dashboards.delete(path);
      emit(`D ${tree}/${path}\n`);
    }
  }
}
mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
process.stdout.write(`${dir}: ${commits} commits, ${dashboards.size} dashboard files at ${finalTree}/, ${sources.length} source files${moveAt === undefined ? '' : `, the tree moved from dashboards/ at commit ${moveAt}`}\n`);
