import type { SelectionPlaces, Settings } from '../config/types.js';
import { renderNextCommand } from '../report/next-command.js';
import type { Diagnostic } from '../errors.js';
import { describeEmptiedSelection, type SelectionSettings } from '../files/emptied-selection.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import type { Shell } from '../describe-error.js';

/** The rule of check's warning on an environment whose include selects no file. */
const ENVIRONMENT_EMPTIED_RULE = 'environment-emptied';

/** check's warning on such an environment: what its plan will do and the clean-up, on the config file (as shown), at its include. */
export function describeEmptiedEnvironmentInCheck(
  settings: SelectionSettings & { selectionPlaces?: SelectionPlaces } & Partial<Pick<Settings, 'commandLine'>>,
  discovered: Pick<DiscoveredTree, 'dashboardFiles' | 'libraryFiles'>,
  configFile: string,
  shell: Shell = 'cli',
): Diagnostic | null {
  const plan = shell === 'action' ? `the plan step with environment: ${settings.environment}` : renderNextCommand({ invocation: settings.commandLine?.invocation, environment: settings.environment }, 'plan');
  const message = describeEmptiedSelection(settings, discovered, plan);
  return message === null ? null : { file: configFile, ...settings.selectionPlaces?.include?.list, severity: 'warning', rule: ENVIRONMENT_EMPTIED_RULE, message };
}
