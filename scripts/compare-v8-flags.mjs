// V8 flags set at a dashsync process's start, side by side (not a test: nothing is asserted). Each variant is a list of
// V8 flags set with v8.setFlagsFromString by a small entry that then imports the build's CLI, as the CLI's own entry
// would; the variant `none` sets nothing (the same entry, so every variant pays the same extra module). One Grafana 12
// sandbox in its own process, the bench's generated tree of N dashboards (seed 1) and its all-changed copy, `--api
// legacy --concurrency 8`. Per round every variant runs each scenario once, in an order rotated round by round; each
// variant's ratio to `none` is taken within the round. Prints each run's client CPU (user + system of the dashsync
// process, all its threads) and peak RSS, then per variant and scenario the median and spread of the ratios.
// Scenarios: plan-noop, plan-changed (a plan of the all-changed tree), apply-create (a fresh sandbox per run),
// apply-update (the all-changed tree applied, then the tree saved back by `none`, untimed).
// Usage: node scripts/compare-v8-flags.mjs <dist/cli/index.js> [--n 5000] [--rounds 3]
//          [--scenarios plan-noop,plan-changed,apply-create,apply-update] --variant none= --variant lazy=--max-lazy …
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, spreadOf } from './lib/bench-pairs.mjs';
import { runDashsync } from './lib/bench-run-dashsync.mjs';
import { startSandbox } from './lib/bench-sandbox.mjs';
import { writeDashboardTree } from './lib/generate-dashboards.mjs';

const SCENARIOS = ['plan-noop', 'plan-changed', 'apply-create', 'apply-update'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    scenarios: { type: 'string', default: 'plan-noop,plan-changed' },
    variant: { type: 'string', multiple: true, default: [] },
  },
});
const cliPath = positionals[0] && resolve(positionals[0]);
const scenarios = values.scenarios.split(',');
const variants = values.variant.map((text) => {
  const [name, flags = ''] = text.split(/=(.*)/s);
  return { name, flags: flags.split(',').filter(Boolean) };
});
if (!cliPath || !variants.some((v) => v.name === 'none' && v.flags.length === 0) || scenarios.some((s) => !SCENARIOS.includes(s))) {
  process.stderr.write('usage: node scripts/compare-v8-flags.mjs <dist/cli/index.js> [--n 5000] [--rounds 3] [--scenarios a,b] --variant none= --variant NAME=--flag[,--flag2] …\n');
  process.exit(2);
}

const n = Number(values.n);
const work = mkdtempSync(join(tmpdir(), 'dashsync-v8-flags-'));
const say = (line) => process.stdout.write(`${line}\n`);
const load = () => loadavg()[0].toFixed(1);

/** Per variant, an entry that sets its flags and then runs the CLI, as the CLI's entry would set them first. */
mkdirSync(join(work, 'entries'));
for (const variant of variants) {
  variant.entry = join(work, 'entries', `${variant.name}.mjs`);
  const sets = variant.flags.map((flag) => `setFlagsFromString(${JSON.stringify(flag)});`).join('\n');
  writeFileSync(variant.entry, `import { setFlagsFromString } from 'node:v8';\n${sets}\nawait import(${JSON.stringify(pathToFileURL(cliPath).href)});\n`);
}
const none = variants.find((v) => v.name === 'none');

writeDashboardTree(join(work, 'tree'), { count: n, seed: 1 });
writeDashboardTree(join(work, 'changed'), { count: n, seed: 1, mutate: { fraction: 1, seed: 1 } });
const common = ['--api', 'legacy', '--concurrency', '8'];

async function run(variant, sandbox, args, expect, what) {
  const result = await runDashsync({ cliPath: variant.entry, url: sandbox.url, args: [...args, ...common], expect, workDir: work, timeoutMs: 30 * 60_000, measureRss: true });
  if (!result.ok) throw new Error(`${what} (${variant.name}): ${result.note}`);
  return result;
}

const STEPS = {
  'plan-noop': (variant, held) => run(variant, held, ['plan', '--root', 'tree', '--detailed-exitcode'], [0], 'plan-noop'),
  'plan-changed': (variant, held) => run(variant, held, ['plan', '--root', 'changed', '--detailed-exitcode'], [2], 'plan-changed'),
  'apply-create': async (variant) => {
    const fresh = await startSandbox({ cliPath, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
    try {
      return await run(variant, fresh, ['apply', '--root', 'tree'], [0], 'apply-create');
    } finally {
      await fresh.close();
    }
  },
  'apply-update': async (variant, held) => {
    const result = await run(variant, held, ['apply', '--root', 'changed'], [0], 'apply-update');
    await run(none, held, ['apply', '--root', 'tree'], [0], 'tree saved back');
    return result;
  },
};

const runs = Object.fromEntries(scenarios.map((s) => [s, Object.fromEntries(variants.map((v) => [v.name, []]))]));
const held = await startSandbox({ cliPath, args: ['--grafana-version', '12'], timeoutMs: 60_000 });
try {
  await run(none, held, ['apply', '--root', 'tree'], [0], 'the tree applied');
  say(`${n} dashboards, variants: ${variants.map((v) => `${v.name}=${v.flags.join(' ') || '(none)'}`).join('; ')}; load ${load()}`);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const scenario of scenarios) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const variant of order) {
        const before = load();
        const result = await STEPS[scenario](variant, held);
        runs[scenario][variant.name].push(result);
        say(`round ${round + 1} ${scenario} ${variant.name}: CPU ${(result.cpuMs / 1000).toFixed(3)} s, wall ${(result.ms / 1000).toFixed(2)} s, peak ${result.rssMB.toFixed(0)} MB, load ${before}–${load()}`);
      }
    }
  }
} finally {
  await held.close();
  rmSync(work, { recursive: true, force: true });
}

const spread = (xs, digits = 3) => {
  const { median: middle, min, max } = spreadOf(xs);
  return `${middle.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
};
say(`\nper scenario and variant: CPU median (min–max) s; ratio to none per round, median (min–max), rounds lower; wall ratio; peak MB (load now ${load()})`);
for (const scenario of scenarios) {
  const base = runs[scenario].none;
  for (const variant of variants) {
    const mine = runs[scenario][variant.name];
    const cpu = mine.map((r) => r.cpuMs / 1000);
    const ratios = mine.map((r, i) => r.cpuMs / base[i].cpuMs);
    const walls = mine.map((r, i) => r.ms / base[i].ms);
    const lower = ratios.filter((x) => x < 1).length;
    say(`${scenario} ${variant.name}: CPU ${spread(cpu, 2)} s, ${((1e6 * median(cpu)) / n).toFixed(0)} µs/dashboard; CPU/none ${spread(ratios)} ${lower} of ${ratios.length} lower; wall/none ${spread(walls)}; peak ${median(mine.map((r) => r.rssMB)).toFixed(0)} MB`);
  }
}
