import type { Settings } from './types.js';

/**
 * Pure: the settings of a run of several environments (`plan --env a --env b`, `--all-envs`), each environment of the
 * run judged by the prune its plan in this run uses (a `--prune` given for the run) instead of the config file's: one
 * plan that leaves a dashboard to another must not say "which deploys with prune off: no plan deletes it" while that
 * one's plan, printed beside it, deletes it. Such a prune is also its `runPrune`, which the advice repeats.
 */
export function withRunPrunes(everySettings: readonly Settings[]): Settings[] {
  const inRun = new Map(everySettings.flatMap((settings) => (settings.environment === undefined ? [] : [[settings.environment, settings.prune] as const])));
  return everySettings.map((settings) => {
    const selections = Object.entries(settings.environmentSelections);
    if (!selections.some(([name, selection]) => inRun.has(name) && inRun.get(name) !== selection.prune)) return settings;
    const environmentSelections = Object.fromEntries(
      selections.map(([name, selection]) => {
        const prune = inRun.get(name);
        return [name, prune === undefined || prune === selection.prune ? selection : { ...selection, prune, runPrune: prune }];
      }),
    );
    return { ...settings, environmentSelections };
  });
}
