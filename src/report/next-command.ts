import type { Settings } from '../config/types.js';

/**
 * What chose this run's Grafana, as a command printed for the user to run next must repeat it: the environment (with
 * environments, a command without `--env` is refused, and the directory's owner may be another org), and `--org-id` /
 * `--url` when flags gave them (a variable or the config gives them to the next run as well). Never a credential: a URL
 * holding one is refused before any run starts.
 */
export interface RunSelection {
  environment?: string;
  orgIdFlag?: number;
  urlFlag?: string;
}

/** The selection of a run from its settings: `--org-id` and `--url` only where they came from those flags. */
export function runSelectionOf(settings: Partial<Pick<Settings, 'environment' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag'>>): RunSelection {
  return {
    ...(settings.environment !== undefined && { environment: settings.environment }),
    ...(settings.orgIdFrom === '--org-id' && settings.orgId !== undefined && { orgIdFlag: settings.orgId }),
    ...(settings.urlFromFlag === true && settings.url !== undefined && { urlFlag: settings.url }),
  };
}

/** The selection a saved plan records: its environment (the flags that chose its Grafana are not kept in it). */
export function planSelectionOf(target: { environment: string | null }): RunSelection {
  return target.environment === null ? {} : { environment: target.environment };
}

/**
 * `dashsync pull --env prod --force web`: the command named by `command` (its first word the subcommand, the rest its
 * own options and arguments), with this run's selection after the subcommand, so it can be pasted as printed.
 */
export function renderNextCommand(selection: RunSelection | undefined, command: string): string {
  const [subcommand, ...rest] = command.split(' ');
  const flags = [
    selection?.environment === undefined ? '' : `--env ${selection.environment}`,
    selection?.orgIdFlag === undefined ? '' : `--org-id ${selection.orgIdFlag}`,
    selection?.urlFlag === undefined ? '' : `--url ${selection.urlFlag}`,
  ];
  return ['dashsync', subcommand, ...flags, ...rest].filter(Boolean).join(' ');
}
