import * as core from '@actions/core';
import { positiveNumber } from '../config/checks.js';
import type { Settings } from '../config/types.js';
import { InputError, markNothingApplied } from '../errors.js';
import { proxySecrets } from '../grafana/network/resolve-proxy.js';
import type { ActionCommand } from './action-command.js';
import { readActionInputs, type ActionInputs } from './action-inputs.js';
import { markPlanCommentFailed } from './mark-plan-comment-failed.js';
import { planCommentTree, planCommentTreeOfConfig } from './plan-comment-tree.js';
import { writeOutputs, type ActionOutputs } from './action-outputs.js';
import { describeError } from '../describe-error.js';
import { describeDiagnostic } from '../report/render-diagnostics.js';
import { renderStack } from '../report/render-stack.js';
import { emitAnnotations } from './emit-annotations.js';
import { appendJobSummary } from './append-job-summary.js';
import { renderFailedStepSummary } from './render-failed-step-summary.js';
import { escapeText } from '../report/escape-untrusted.js';
import { workflowJobOf } from '../report/rerun-job.js';
import { loadActionSettings } from './load-action-settings.js';
import { resumeCommands } from './print-untrusted.js';
import { runApplyStep } from './run-apply-step.js';
import { runCheckStep } from './run-check-step.js';
import { runPlanStep } from './run-plan-step.js';
import type { StepContext, StepFailure, StepTeardown } from './step-context.js';
import { abortOnSignals, describeGrace, IN_FLIGHT_GRACE_MS } from '../abort-on-signals.js';

const STEPS: Record<ActionCommand, (context: StepContext) => Promise<StepFailure>> = {
  plan: runPlanStep,
  apply: runApplyStep,
  check: runCheckStep,
};

/** The Action: inputs → the same core as the CLI → outputs, job summary, annotations. */
export async function run(): Promise<void> {
  const secrets = maskCredentials();
  const outputs: Partial<ActionOutputs> = {};
  // A cancelled run gets SIGINT, then SIGTERM: start no new work, end the requests in flight (a write gets the grace to be answered).
  let graceMs = IN_FLIGHT_GRACE_MS;
  // Once the step's outcome is printed (StepContext.settle): what it still does, for the note of a cancel that comes then.
  let left: StepTeardown = 'closing its connections';
  const cancel = abortOnSignals({
    onFirst: (name) => {
      resumeCommands();
      core.warning(`${name}: the run was cancelled; no new work starts, requests in flight get up to ${describeGrace(graceMs)} to finish`);
    },
    // No terminal here: the runner sends SIGTERM some seconds after SIGINT, and that second signal ends the step at once. A
    // step the cancel interrupted (its outcome says so) has had its note: this is the runner's next signal.
    onSettled: (name) => {
      resumeCommands();
      const ended = cancel.signal.aborted ? 'this step has ended (its outcome above)' : 'the run was cancelled after this step had ended: its outcome above stands';
      core.warning(`${name}: ${ended}; it finishes ${left}, then exits with that outcome (the runner's next signal ends it at once)`);
    },
  });
  const settle = (teardown: StepTeardown) => {
    left = teardown;
    cancel.settle();
  };
  let failure: StepFailure;
  // The files a bad-input failure names (path:line:col: error: …), for the pull-request comment's notice.
  let failedFiles: string[] = [];
  let inputs: ActionInputs | undefined;
  let settings: Settings | undefined;
  let stepStarted = false;
  let context: StepContext | undefined;
  try {
    inputs = readActionInputs((name) => core.getInput(name));
    const loaded = await loadActionSettings(inputs, process.env, process.cwd());
    settings = loaded.settings;
    graceMs = settings.interruptGraceMs;
    stepStarted = true;
    context = { inputs, settings, savedPlan: loaded.savedPlan, env: process.env, signal: cancel.signal, settle, outputs };
    failure = await STEPS[inputs.command](context);
  } catch (error) {
    // An apply whose inputs or config fail has sent nothing: its line says so, as every apply failure before its first write does.
    if (!stepStarted && core.getInput('command') === 'apply') markNothingApplied(error);
    // A step that failed while printing text from outside: what follows are commands again.
    resumeCommands();
    if (error instanceof InputError) {
      emitAnnotations(error.diagnostics, { cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE });
      failedFiles = error.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map(describeDiagnostic);
    }
    const described = describeError(error, 'action', workflowJobOf(process.env));
    if (described.unexpected && error instanceof Error) {
      // One escaped block, as the CLI's --verbose prints it: a message from outside cannot pass for a line of its own.
      const stack = renderStack(error);
      if (stack) core.debug(stack);
    }
    failure = `${described.line}${described.hint ?? ''}${described.unexpected ? '. Re-run with debug logging for the stack trace, and please report it.' : ''}`;
    // The job page shows the summary first: a failed step says there what stopped it, as a finished one says what it did.
    if (!context?.failureSummarized) {
      const command = inputs?.command ?? (core.getInput('command').trim() || undefined);
      await appendJobSummary(renderFailedStepSummary(command, failure, failedFiles), process.env).catch((summaryError: unknown) => {
        core.warning(escapeText(`could not write the job summary: ${summaryError instanceof Error ? summaryError.message : String(summaryError)}`));
      });
    }
  } finally {
    cancel.dispose();
    resumeCommands();
    writeOutputs(outputs, { failed: failure !== undefined, check: (inputs?.command ?? core.getInput('command').trim()) === 'check' });
  }
  if (failure === undefined) return;
  core.setFailed(failure);
  // A plan step that made and published its plan and fails for what it says (unreadable dashboards) leaves its comment as it is.
  if (inputs?.command === 'plan' && inputs.comment && outputs['has-changes'] === undefined) {
    const environment = settings?.environment ?? inputs.environment ?? (process.env.DASHSYNC_ENV?.trim() || null);
    // The tree the step's comments are keyed on: the one it read, or (its settings not read) the one its config file names.
    const workspace = process.env.GITHUB_WORKSPACE?.trim() || process.cwd();
    const tree = settings === undefined ? await planCommentTreeOfConfig(inputs, process.cwd(), workspace) : planCommentTree(inputs.path, settings.root, workspace);
    await markPlanCommentFailed(failure, { inputs, environment, tree, env: process.env, secrets, failedFiles, timeoutMs: settings?.timeoutMs ?? timeoutOfArgs(inputs) });
  }
}

/**
 * The step's `--timeout` when the step failed before its settings were read: the `args` input's, when valid (the config
 * file's is not known then; undefined leaves GitHub's requests the default, which their timeout line names as such).
 */
function timeoutOfArgs(inputs: ActionInputs): number | undefined {
  const checked = positiveNumber(inputs.args.timeout, '--timeout');
  return checked.ok ? checked.value * 1000 : undefined;
}

/**
 * Before anything else can print: the runner hides these values in every later log line —
 * both tokens, every GRAFANA_TOKEN / GRAFANA_PASSWORD (also per environment: _<NAME>) and
 * the password of a proxy URL. Returns them, for text that leaves the log (the failed plan's comment).
 */
function maskCredentials(): string[] {
  const secrets = new Set<string>();
  const fromEnv = Object.entries(process.env).filter(([name]) => /^GRAFANA_(TOKEN|PASSWORD)(_[A-Za-z0-9_]+)?$/.test(name)).map(([, value]) => value);
  for (const secret of [core.getInput('grafana-token'), core.getInput('github-token'), ...fromEnv, ...proxySecrets(process.env)]) {
    // The token input is often GRAFANA_TOKEN too: each value masked once (a second ::add-mask:: of it is noise in the log).
    if (secret && secret.trim() !== '' && !secrets.has(secret.trim())) {
      core.setSecret(secret.trim());
      secrets.add(secret.trim());
    }
  }
  return [...secrets];
}
