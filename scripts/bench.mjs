#!/usr/bin/env node
// npm run bench — dashsync against its floors on the same sandbox: bare undici requests, the work
// floor (the same requests with every answer parsed and every file read and parsed once) and, on
// Grafana 13's /apis, the list floor. Per scenario the floors and dashsync run in turn --repeat
// times; each ratio is taken pair by pair and its median reported. Tables on stdout, the last line
// `bench: plan/work=… apply/work=… latency/ideal=… k8s/ideal=… rss10k=…MB`; progress on stderr. See --help.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fg from 'fast-glob';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';
import { installCleanup } from './lib/bench-processes.mjs';
import { measureApisPairs } from './lib/bench-apis-pairs.mjs';
import { measureLegacyPairs } from './lib/bench-legacy-pairs.mjs';
import { renderLoadNow, renderMachineHeader, sampleMachine } from './lib/bench-machine.mjs';
import { medianRecord, pairSpreads } from './lib/bench-pairs.mjs';
import { medianRatios, renderSummaryLines, scenarioRatios } from './lib/bench-ratios.mjs';
import { renderReport } from './lib/bench-report.mjs';
import { measureStartup } from './lib/bench-run-dashsync.mjs';
import { apiSetup, measureScaling } from './lib/bench-scenarios.mjs';

const HELP = `Usage: node scripts/bench.mjs [options]   (npm run bench builds first)

  --n N              dashboards in the floor / plan / apply / latency scenarios (default 5000; quick 300)
  --concurrency C    parallel requests, for dashsync and for the floor (default 8)
  --sizes A,B,C      tree sizes for the scaling and memory runs (default 1000,5000,10000; quick 300,1000)
  --repeat R         pairs per scenario: the floors and dashsync run in turn R times, each ratio is taken
                     pair by pair and its median reported, with the min and max (default 3; quick 1)
  --quick            small sizes, one pair: about a minute on a quiet 2-core machine (no 10,000-dashboard run:
                     rss10k=n/a; the --api k8s scaling at N only); a smoke run, not a measurement
  --smoke            every scenario once at N = 50 (/apis and latency ones too), in well under a minute: whether the
                     bench still runs (its test), not a measurement; rss10k is taken at the largest --sizes (50)
  --floor-only       only the floors (bare requests, work floor, list floor); no dashsync plan/apply
  --latency-ms MS    per-request latency the sandbox adds in the latency scenarios (default 20)
  --page-size P      dashboards per LIST page of the /apis list floor, as dashsync lists them (default 500)
  --seed S           generator seed (default 1)
  --max-minutes M    stop everything after M minutes (default 10 + 10 × R; quick 3 + 3 × R)
  --keep             keep the generated trees (their directory is printed)
  --cpu-prof DIR     write a V8 CPU profile of every dashsync run into DIR (slows the runs it profiles)

Environment: DASHSYNC_BENCH_CLI=path/to/cli/index.js measures another build.`;

/** --smoke's N: small enough that every scenario runs in seconds. */
const SMOKE_N = 50;

function readOptions() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' }, repeat: { type: 'string' }, concurrency: { type: 'string' }, sizes: { type: 'string' }, quick: { type: 'boolean' }, smoke: { type: 'boolean' },
      'floor-only': { type: 'boolean' }, 'latency-ms': { type: 'string' }, 'page-size': { type: 'string' }, seed: { type: 'string' },
      'max-minutes': { type: 'string' }, keep: { type: 'boolean' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const smoke = values.smoke ?? false;
  if (quick && smoke) throw new Error('--quick and --smoke exclude each other');
  const positive = (name, text, fallback) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
    return value;
  };
  const repeat = positive('repeat', values.repeat, quick || smoke ? 1 : 3);
  const n = positive('n', values.n, smoke ? SMOKE_N : quick ? 300 : 5000);
  const sizes = (values.sizes ?? (smoke ? String(n) : quick ? '300,1000' : '1000,5000,10000')).split(',').map((s) => positive('sizes', s.trim()));
  return {
    quick,
    smoke,
    n,
    repeat,
    concurrency: positive('concurrency', values.concurrency, 8),
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    floorOnly: values['floor-only'] ?? false,
    latencyMs: positive('latency-ms', values['latency-ms'], 20),
    pageSize: positive('page-size', values['page-size'], 500),
    seed: positive('seed', values.seed, 1),
    maxMinutes: positive('max-minutes', values['max-minutes'], smoke ? 3 : quick ? 3 + 3 * repeat : 10 + 10 * repeat),
    keep: values.keep ?? false,
    cpuProfDir: values['cpu-prof'],
  };
}

const startedAt = performance.now();
/** Progress on stderr, with the seconds since the start: where a long run spends its time. */
const log = (message) => process.stderr.write(`bench: [${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The release whose /apis the k8s scenarios run against (SPEC §13: 13 deprecates /api). */
const K8S_GRAFANA = '13';
const NO_API_YET = 'dashsync has no --api yet';

/** Runs a copy of dist/: a rebuild during the run (watch mode, another checkout step) must not change what is measured. */
function snapshotBuild(workDir) {
  const app = join(workDir, 'app');
  cpSync(join(REPO_ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return join(app, 'dist/cli/index.js');
}

function treeFiles(root) {
  return fg.sync('**/*.json', { cwd: root }).sort();
}

async function main() {
  const options = readOptions();
  // DASHSYNC_BENCH_CLI measures another build (e.g. a release) with the same harness.
  const builtCli = process.env.DASHSYNC_BENCH_CLI ?? join(REPO_ROOT, 'dist/cli/index.js');
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first)`);
  const workDir = mkdtempSync(join(tmpdir(), 'dashsync-bench-'));
  const cliPath = process.env.DASHSYNC_BENCH_CLI ? builtCli : snapshotBuild(workDir);
  if (options.cpuProfDir) {
    process.env.BENCH_CPU_PROF_DIR = resolve(options.cpuProfDir);
    mkdirSync(process.env.BENCH_CPU_PROF_DIR, { recursive: true });
    log(`CPU profiles of the dashsync runs go to ${process.env.BENCH_CPU_PROF_DIR}`);
  }
  const cleanTemp = () => {
    if (options.keep) log(`trees kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  installCleanup({
    deadlineMs: options.maxMinutes * 60_000,
    onDeadline: () => {
      log(`gave up after ${options.maxMinutes} minutes (raise --max-minutes); children stopped`);
      cleanTemp();
      process.exit(1);
    },
  });

  try {
    const machineAtStart = sampleMachine();
    log(renderLoadNow(machineAtStart));
    const treeA = join(workDir, 'tree');
    const treeB = join(workDir, 'tree-changed');
    log(`generating ${options.n} dashboards (seed ${options.seed}) and their all-changed variant in ${workDir}`);
    const written = writeDashboardTree(treeA, { count: options.n, seed: options.seed });
    writeDashboardTree(treeB, { count: options.n, seed: options.seed, mutate: { fraction: 1, seed: options.seed } });
    log(`tree: ${written.count} files, ${(written.bytes / 2 ** 20).toFixed(1)} MB, mean ${Math.round(written.bytes / written.count / 1024)} KB, ${written.directories} directories`);
    const files = treeFiles(treeA);
    const common = { cliPath, treeA, treeB, files, count: options.n, concurrency: options.concurrency, latencyMs: options.latencyMs, repeat: options.repeat, workDir, log };
    const timeoutMs = options.maxMinutes * 60_000;
    let startupMs;
    let legacyOptions;
    let k8sOptions;
    let apisNote;
    if (!options.floorOnly) {
      const startup = await measureStartup({ cliPath, workDir });
      startupMs = startup.startupMs;
      legacyOptions = apiSetup({ pinLegacy: startup.hasApiOption }).options;
      if (startup.hasApiOption) k8sOptions = apiSetup({ api: 'k8s', grafanaVersion: K8S_GRAFANA }).options;
      else apisNote = startup.helpRead ? NO_API_YET : '`dashsync plan --help` failed: --api unknown';
    }
    const legacy = await measureLegacyPairs({ ...common, timeoutMs, dashsyncOptions: legacyOptions });
    const apis = await measureApisPairs({ ...common, timeoutMs, pageSize: options.pageSize, grafanaVersion: K8S_GRAFANA, dashsyncOptions: k8sOptions });
    // The tables show each measurement's median over the pairs; the ratios are the medians of the pairs' ratios.
    const floor = medianRecord(legacy.floorReps);
    const work = medianRecord(legacy.workReps);
    const listFloor = medianRecord(apis.listReps);
    const dashsync = legacy.dashsyncReps && medianRecord(legacy.dashsyncReps);
    const dashsyncApis = apis.dashsyncReps && medianRecord(apis.dashsyncReps);
    const sizes = [];
    if (!options.floorOnly) {
      const k8s = k8sOptions ? { api: 'k8s', grafanaVersion: K8S_GRAFANA } : undefined;
      // --quick keeps about a minute: its k8s scaling column has N only (the pairs above).
      const scaling = { ...common, sizes: options.sizes, seed: options.seed, timeoutMs, dashsync, dashsyncApis, k8s: options.quick ? undefined : k8s, pinLegacy: k8sOptions !== undefined };
      sizes.push(...(await measureScaling(scaling)));
    }
    const shape = { n: options.n, latencyMs: options.latencyMs, concurrency: options.concurrency };
    // A smoke run has no 10,000-dashboard run: its memory figures are its largest size's.
    const memory = options.smoke ? { memorySize: options.sizes.at(-1) } : {};
    const pairRatios = legacy.floorReps.map((_, i) => scenarioRatios({
      ...shape, ...memory, floor: legacy.floorReps[i], work: legacy.workReps[i], listFloor: apis.listReps[i],
      dashsync: legacy.dashsyncReps?.[i], dashsyncApis: apis.dashsyncReps?.[i], sizes,
    }));
    const ratios = medianRatios(pairRatios);
    const spreads = pairSpreads(pairRatios, shape);
    const header = renderMachineHeader(machineAtStart, sampleMachine());
    const report = renderReport({ header, options, floor, work, listFloor, dashsync, dashsyncApis, apisNote, sizes, startupMs, ratios, spreads });
    const smokeNote = options.smoke ? `smoke run (--smoke): every scenario once at N = ${options.n}, a check that the bench runs, not a measurement; rss10k below is at ${memory.memorySize} dashboards\n` : '';
    process.stdout.write(`${report}\n${smokeNote}${renderSummaryLines(ratios).join('\n')}\n`);
    const runs = [...(legacy.dashsyncReps ?? []), ...(apis.dashsyncReps ?? [])].flatMap((runsOf) => Object.values(runsOf));
    const failed = [...runs, ...sizes.flatMap((s) => [s.apply, s.plan, s.apis?.apply, s.apis?.plan])].filter((run) => run && !run.ok);
    return failed.length > 0 ? 1 : 0;
  } finally {
    cleanTemp();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Exit even if a keep-alive socket lingers, once stdout has been flushed.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
