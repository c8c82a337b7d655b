import { secretsOf } from '../config/credential-secrets.js';
import { redactUrl } from '../config/redact-url.js';
import type { GrafanaAuth } from '../config/types.js';
import { commandLineFlagsOf, planSelectionOf, renderNextCommand, renderRedactedUrlNote, type CommandLineFlags, type RecordedSelection, type RunSelection } from '../report/next-command.js';
import { urlFlagOf } from '../report/pasted-url-flag.js';

/** What apply's command line says, as typed, before any setting is loaded (its flags of place and of deletes: CommandLineFlags). */
export interface ApplyFlags extends CommandLineFlags {
  plan?: string;
  autoApprove?: boolean;
  format?: 'text' | 'json';
  /** `--env` or DASHSYNC_ENV, else the saved plan's environment: the one a command it advises must name. */
  environment?: string;
  url?: string;
  /** The run's credentials (the variables they came from) and whether GRAFANA_URL holds `url` too: a `--url` holding a secret is advised as urlFlagOf says. */
  urlContext?: { auth: GrafanaAuth; sameAsGrafanaUrl: boolean };
  orgId?: number;
  /** The saved plan, where it reads as one: a new plan advised in its place has its run's flags (`--prune` as typed too), but for those typed now. */
  savedPlan?: { target: { environment: string | null; url?: string; urlSha256?: string }; selection?: RecordedSelection };
}

/** A flag apply refuses before it reads a setting, and the commands that do what it asked, with the run's flags (renderNextCommand). */
export interface ApplyFlagRefusal {
  problem: string;
  next: string;
}

/**
 * The refusal of flags that make no sense together (a saved plan with `--prune`, `--root`, `--include` or `--exclude`;
 * `--format json` with nothing to apply without asking), or undefined. Its advice names the run's `--env`, `--config`…
 * and the plan file given, so it is run as pasted (walk-67 L1). Pure.
 */
export function findApplyFlagRefusal(flags: ApplyFlags): ApplyFlagRefusal | undefined {
  // A saved plan's selection as show reads it (planSelectionOf): one saved before URLs were redacted recorded the --url as typed.
  const selection = withUrlRedacted({ ...(flags.savedPlan && planSelectionOf(flags.savedPlan)), ...selectionOf(flags) }, flags.urlContext?.auth);
  const planFile = flags.plan ?? 'plan.json';
  const plan = renderNextCommand(selection, ['plan', '--out', planFile]);
  if (flags.plan !== undefined && flags.prune !== undefined) {
    return { problem: '--prune is decided when planning: the saved plan already lists its deletes', next: withUrlNote(`To prune, make the plan with ${plan}`, selection) };
  }
  if (flags.format === 'json' && flags.plan === undefined && flags.autoApprove !== true) {
    const apply = renderNextCommand(selection, ['apply', '--format', 'json', planFile]);
    return { problem: 'apply --format json cannot ask for confirmation', next: withUrlNote(`Apply a saved plan (${plan}, then ${apply}), or add --auto-approve`, selection, 2) };
  }
  const pinned = flags.plan === undefined ? undefined : pinnedFlagOf(flags);
  if (pinned !== undefined) {
    return { problem: `${pinned} is decided when planning: the saved plan applies whole`, next: withUrlNote(`Make the plan with ${plan}, or apply it without ${pinned}`, selection) };
  }
  return undefined;
}

/**
 * The selection with its `--url` shown with this run's secrets redacted, as every URL is (redactUrl): one a saved plan recorded
 * holds them where that plan was made with them but before URLs were redacted, or its digest is not the target's (edited).
 */
function withUrlRedacted(selection: RunSelection, auth: GrafanaAuth | undefined): RunSelection {
  return selection.urlFlag === undefined || auth === undefined ? selection : { ...selection, urlFlag: redactUrl(selection.urlFlag, secretsOf(auth)) };
}

/** The advice, and where its `--url` shows `[redacted]`, the note that says what to give instead: a sentence of its own, as the refusal is one line. */
function withUrlNote(next: string, selection: RunSelection, commands: 1 | 2 = 1): string {
  const note = renderRedactedUrlNote(selection, commands).trimEnd();
  return note === '' ? next : `${next}. ${note}`;
}

function selectionOf(flags: ApplyFlags): RunSelection {
  return {
    ...commandLineFlagsOf(flags),
    ...(flags.environment !== undefined && { environment: flags.environment }),
    ...(flags.orgId !== undefined && { orgIdFlag: flags.orgId }),
    ...(flags.url !== undefined && isPlainUrl(flags.url) && urlFlagOf(flags.url, flags.urlContext ?? {})),
  };
}

/** A URL the settings would take as it is: one holding a user, password, query or fragment (a credential, maybe) is refused there, and never printed. */
function isPlainUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
}

function pinnedFlagOf(flags: ApplyFlags): string | undefined {
  if (flags.root !== undefined) return '--root';
  if (flags.include !== undefined && flags.include.length > 0) return '--include';
  if (flags.exclude !== undefined && flags.exclude.length > 0) return '--exclude';
  return undefined;
}
