// Measures readFileHistories (the `git log` walk behind pull's and plan's committed versions) on a long history (not a
// test: nothing is asserted). REPO comes from scripts/make-history-repo.mjs; run the script once as it is and once after
// `git -C REPO commit-graph write --reachable`, and with --dist pointing at another build to compare two versions.
// Prints, per case, the median wall time and git's CPU (user+sys of the children, from /proc) over the runs.
// Usage: npm run build && node scripts/measure-file-histories.mjs REPO [--dist dist] [--runs 5] [--tree grafana/dashboards]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from './lib/generate-dashboards.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dist: { type: 'string', default: 'dist' }, runs: { type: 'string', default: '5' }, tree: { type: 'string', default: 'grafana/dashboards' } } });
const [repo] = positionals;
if (repo === undefined) throw new Error('usage: measure-file-histories.mjs REPO [--dist dist] [--runs 5] [--tree grafana/dashboards]');
const { readFileHistories } = await import(pathToFileURL(resolve(values.dist, 'git/read-file-histories.js')).href);
const tree = values.tree;
const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 });
const files = git('ls-files', '-z', '--', tree).split('\0').filter(Boolean);
const newest = git('log', '-1', '--format=', '--name-only', '--', tree).trim().split('\n')[0];
// The file whose 5th newest edit is the newest of all: the walk can stop soonest for it.
const edits = new Map();
let soonest;
for (const name of git('log', '--format=', '--name-only', '--no-renames', '--', tree).split('\n')) {
  if (name === '' || !files.includes(name)) continue;
  edits.set(name, (edits.get(name) ?? 0) + 1);
  if (edits.get(name) === 5) {
    soonest = name;
    break;
  }
}
const random = createRng(7);
const sample = [...files].sort(() => random() - 0.5).slice(0, 50);
const cases = [
  ['1 file, edited in the newest commit that touched the tree', [newest]],
  ...(soonest === undefined ? [] : [['1 file, the first to show 5 edits walking back from HEAD', [soonest]]]),
  ['50 files, picked at random', sample],
  [`every file of the tree (${files.length})`, files],
];

/** User + system CPU of this process's waited-for children (git), in ms: /proc/self/stat's cutime and cstime (clock ticks of 10 ms). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const commitGraph = git('rev-parse', '--git-path', 'objects/info/commit-graph').trim();
let graph = 'no';
try {
  readFileSync(resolve(repo, commitGraph));
  graph = 'yes';
} catch {}
console.log(`${repo}: ${git('rev-list', '--count', 'HEAD').trim()} commits, commit-graph: ${graph}, build: ${values.dist}, load ${loadavg()[0].toFixed(2)}`);
for (const [name, paths] of cases) {
  const walls = [];
  const cpus = [];
  let versions = 0;
  for (let run = 0; run < Number(values.runs); run += 1) {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const read = await readFileHistories(resolve(repo), paths, { depth: 5, within: tree, renameLimit: 5000 });
    walls.push(performance.now() - started);
    cpus.push(childrenCpuMs() - cpuBefore);
    versions = [...read.histories.values()].reduce((sum, history) => sum + history.length, 0);
  }
  console.log(`${name}: ${versions} versions, wall ${median(walls).toFixed(0)} ms (${walls.map((ms) => ms.toFixed(0)).join(', ')}), git CPU ${median(cpus)} ms`);
}
console.log(`load at the end ${loadavg()[0].toFixed(2)}`);
