import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSettingsForEach } from '../config/load-settings.js';
import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { ConfigError, EXIT_CHANGES, EXIT_ERROR, EXIT_OK } from '../errors.js';
import { createPlan } from '../plan/create-plan.js';
import { writePlanFile } from '../plan/plan-file.js';
import { hasChanges } from '../plan/summarize-plan.js';
import type { Plan } from '../plan/types.js';
import { renderPlan } from '../report/render-plan.js';
import type { PlanArgs } from './commands/plan.js';
import { flagsFrom, printSettingsWarning } from './common-options.js';
import { createCliClient } from './create-client.js';
import { printError } from './print-error.js';
import { createProgressReporter } from './progress.js';
import { parsePruneFlag } from './prune-option.js';
import { stdoutColor } from './stdout-color.js';

/** `plan --format json` with several environments: one document holding each plan, and each failure. */
export interface EnvironmentPlans {
  plans: Plan[];
  errors: { environment: string; message: string }[];
}

/**
 * `plan --env a --env b` / `--all-envs`: each environment planned in turn, its plan printed
 * (text, markdown) as soon as it is made; json prints one EnvironmentPlans document at the end.
 * `--out` is a directory then: `<dir>/<env>.plan.json`. One environment failing does not stop
 * the others; the exit status is 1 when any failed, else 2 with --detailed-exitcode when any
 * has changes.
 */
export async function planEachEnvironment(args: PlanArgs, names: string[] | 'all'): Promise<number> {
  const everySettings = await loadSettingsForEach(
    { flags: flagsFrom({ ...args, env: undefined }, { prune: parsePruneFlag(args.prune) }), env: process.env, cwd: process.cwd(), onWarning: printSettingsWarning },
    names,
  );
  const outDir = args.out === undefined ? undefined : await prepareOutDir(args.out);
  const git = await readGitInfo(process.cwd(), process.env);
  const color = stdoutColor(args.color, everySettings[0]!.color);
  const result: EnvironmentPlans = { plans: [], errors: [] };
  let printed = 0;
  for (const settings of everySettings) {
    const environment = settings.environment!;
    let plan: Plan;
    try {
      plan = await planOne(settings, git);
    } catch (error) {
      printError(error, { verbose: settings.verbose, context: `environment ${environment}` });
      result.errors.push({ environment, message: error instanceof Error ? error.message.replace(/\n/g, '; ') : String(error) });
      continue;
    }
    result.plans.push(plan);
    const file = outDir === undefined ? undefined : join(outDir, `${environment}.plan.json`);
    if (file !== undefined) await writePlanFile(file, plan);
    if (args.format !== 'json') process.stdout.write(`${printed++ > 0 ? '\n' : ''}${renderPlan(plan, args.format, { color })}`);
    if (file !== undefined) process.stderr.write(`Saved the plan for ${environment} to ${file}; apply it with: dashsync apply --env ${environment} ${file}\n`);
  }
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.errors.length > 0) return EXIT_ERROR;
  return args.detailedExitcode && result.plans.some((plan) => hasChanges(plan.summary)) ? EXIT_CHANGES : EXIT_OK;
}

async function planOne(settings: Settings, git: GitInfo): Promise<Plan> {
  const client = createCliClient(settings);
  const progress = createProgressReporter(`Planning ${settings.environment}`);
  try {
    return await createPlan({ settings, client, git, onProgress: progress.onProgress });
  } finally {
    progress.stop();
    await client.close();
  }
}

/** With several environments --out names a directory (made when missing), never a file. */
async function prepareOutDir(out: string): Promise<string> {
  const existing = await stat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new ConfigError([`--out ${out} is a file: with several environments --out names a directory, which gets one <env>.plan.json per environment`]);
  }
  await mkdir(out, { recursive: true });
  return out;
}
