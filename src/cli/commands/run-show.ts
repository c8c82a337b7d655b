import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT_OK, PlanFileError, UsageError } from '../../errors.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { describeReadError } from '../../files/file-error-reasons.js';
import type { Plan } from '../../plan/types.js';
import { escapeJsonOutput, escapeText } from '../../report/escape-untrusted.js';
import { STALE_PLAN_SUFFIX } from '../set-aside-stale-plan.js';
import { renderPlan } from '../../report/render-plan.js';
import { treeWarningsOfRun } from '../../report/tree-warnings-of-run.js';
import { toPlanJson } from '../../report/render-plan-json.js';
import { planSelectionOf, renderNextCommand, type RunSelection } from '../../report/next-command.js';
import type { CliIo } from '../cli-io.js';
import type { EnvironmentPlans } from '../plan-each-environment.js';
import { streamColor } from '../stream-color.js';
import type { ShowArgs } from './show.js';

/** What `plan --out DIR` writes for each environment. */
const ENVIRONMENT_PLAN = /^(.+)\.plan\.json$/;

/**
 * `dashsync show`: a saved plan printed as `plan` printed it, from the file alone (the retries a run took are not saved, so
 * their note is not shown). A directory of `<env>.plan.json` files prints each in the config's order of environments (as the
 * plans recorded it; those it does not name after them, by name), as `plan --all-envs` does: text and markdown one after
 * another, json one document of them all. Every file is read before anything is printed.
 */
export async function runShow(args: ShowArgs, io: CliIo): Promise<number> {
  if (args.plan === undefined || String(args.plan) === '') throw new UsageError(`name the plan to show: ${renderNextCommand({ invocation: io.invocation }, ['show', 'dashsync-plan.json'])}`);
  const path = String(args.plan);
  const environments = (args.env ?? []).map(String);
  const directory = await stat(resolve(io.cwd, path)).then((found) => found.isDirectory(), () => false);
  const files = directory ? await environmentPlanFiles(path, environments, io) : [path];
  const read: Plan[] = [];
  for (const file of files) read.push(await readPlanFile(file, io.cwd, 'show', 'cli', undefined, { invocation: io.invocation }));
  if (directory) {
    const planned = new Map(files.map((file, index) => [file, read[index]!.createdAt]));
    for (const stale of await stalePlanFiles(path, environments, io.cwd)) {
      // A later run that planned the environment wrote a newer plan beside it (review-66a L2): that one is shown, and no note.
      const newer = planned.get(join(path, `${stale.environment}.plan.json`));
      if (newer !== undefined && (await stalePlanCreatedAt(stale.file, io.cwd)) < newer) continue;
      io.stderr.write(`note: ${escapeText(describeStalePlan(stale, path))}\n`);
    }
  }
  const plans = directory ? inConfigOrder(read) : read;
  if (!directory && environments.length > 0) refuseOtherEnvironment(path, plans[0]!, environments, io.invocation);
  if (args.format === 'json' && directory) {
    const document: EnvironmentPlans = { plans: plans.map((plan) => toPlanJson(plan, null)), errors: [] };
    io.stdout.write(`${escapeJsonOutput(JSON.stringify(document, null, 2))}\n`);
    return EXIT_OK;
  }
  const color = streamColor(io.stdout, args.color, io.env);
  // As plan --all-envs prints them: what the plans say alike of the tree and the config, once, after them.
  const treeWarnings = args.format !== 'json' && plans.length > 1 ? treeWarningsOfRun() : undefined;
  // Its advice names the plan's environment and the flags its run recorded, begun as this shell ran dashsync.
  const shown = plans.map((plan) => renderPlan(treeWarnings?.setApart(plan) ?? plan, args.format, { color, verbose: args.verbose, selection: planSelectionOf(plan, io.invocation) }));
  const said = args.format === 'json' ? '' : treeWarnings?.render(args.format, { color, verbose: args.verbose, selectionOf: (environment) => planSelectionOfEnvironment(plans, environment, io.invocation) }) ?? '';
  io.stdout.write([...shown, ...(said === '' ? [] : [said])].join('\n'));
  return EXIT_OK;
}

/** The directory's `<env>.plan.json` files (relative to the working directory as `dir` is), those of `environments` when named. */
/** The selection of the shown plan of `environment`, as its commands repeat it (planSelectionOf). */
function planSelectionOfEnvironment(plans: readonly Plan[], environment: string, invocation: string | undefined): RunSelection | undefined {
  const plan = plans.find((each) => (each.target.environment ?? '') === environment);
  return plan === undefined ? undefined : planSelectionOf(plan, invocation);
}

async function environmentPlanFiles(dir: string, environments: string[], io: Pick<CliIo, 'cwd' | 'invocation'>): Promise<string[]> {
  const names = (await listPlanDirectory(dir, io.cwd)).flatMap((name) => ENVIRONMENT_PLAN.exec(name)?.[1] ?? []).sort();
  if (names.length === 0) {
    const plan = renderNextCommand({ invocation: io.invocation }, ['plan', '--all-envs', '--out', dir]);
    throw new PlanFileError(`${dir} is a directory holding no <env>.plan.json; ${plan} saves one per environment there, or name a plan file`);
  }
  const missing = environments.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new PlanFileError(`${dir} has no plan for environment ${missing.join(', ')} (no ${missing[0]}.plan.json); it holds the plans of ${names.join(', ')}`);
  }
  const wanted = environments.length > 0 ? names.filter((name) => environments.includes(name)) : names;
  return wanted.map((name) => join(dir, `${name}.plan.json`));
}

/** The directory's `<env>.plan.json.stale` files (set aside by a run that could not plan their environment), those of `environments` when named. */
async function stalePlanFiles(dir: string, environments: string[], cwd: string): Promise<{ environment: string; file: string }[]> {
  const stale = new RegExp(`^(.+)\\.plan\\.json${STALE_PLAN_SUFFIX.replace('.', '\\.')}$`);
  return (await listPlanDirectory(dir, cwd))
    .flatMap((name) => {
      const environment = stale.exec(name)?.[1];
      return environment === undefined || (environments.length > 0 && !environments.includes(environment)) ? [] : [{ environment, file: join(dir, name) }];
    })
    .sort((a, b) => (a.environment < b.environment ? -1 : 1));
}

/** The names in a directory of plans `show` was given; one it may not list is a PlanFileError in the file error table's words. */
async function listPlanDirectory(dir: string, cwd: string): Promise<string[]> {
  return readdir(resolve(cwd, dir)).catch((error: unknown) => {
    throw new PlanFileError(`cannot read plan directory ${dir}: ${describeReadError(error, 'directory')}`);
  });
}

/** When a set-aside plan was made (its ISO `createdAt`); where it cannot be read, a text after every time (its note stays). */
async function stalePlanCreatedAt(file: string, cwd: string): Promise<string> {
  try {
    const createdAt: unknown = (JSON.parse(await readFile(resolve(cwd, file), 'utf8')) as { createdAt?: unknown }).createdAt;
    return typeof createdAt === 'string' ? createdAt : '\uffff';
  } catch {
    return '\uffff';
  }
}

function describeStalePlan(stale: { environment: string; file: string }, dir: string): string {
  return `${stale.file} is an earlier plan of environment ${stale.environment}, set aside by a plan run that could not plan it: not shown; ${dir} holds no plan of ${stale.environment} from that run`;
}

/** The plans in the order of the config's environments their newest one recorded (Plan.configEnvironments); the rest after them, as read (by name). */
function inConfigOrder(plans: readonly Plan[]): Plan[] {
  const newest = plans.filter((plan) => plan.configEnvironments !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const order = newest?.configEnvironments ?? [];
  const place = (plan: Plan) => {
    const index = plan.target.environment === null ? -1 : order.indexOf(plan.target.environment);
    return index === -1 ? order.length : index;
  };
  return plans.map((plan, index) => ({ plan, index })).sort((a, b) => place(a.plan) - place(b.plan) || a.index - b.index).map(({ plan }) => plan);
}

/** `--env` with one plan file: the file must be that environment's plan, or the reader takes another environment's for it. */
function refuseOtherEnvironment(path: string, plan: Plan, environments: string[], invocation: string | undefined): void {
  const own = plan.target.environment;
  if (own !== null && environments.length === 1 && environments[0] === own) return;
  const made = own === null ? 'made for no environment' : `the plan of environment ${own}`;
  throw new PlanFileError(`${path} is ${made}, not of ${environments.join(', ')}; --env picks a plan out of a plan directory (${renderNextCommand({ invocation }, 'plan --all-envs --out DIR')})`);
}
