import type { Settings } from './types.js';

type EnvironmentSelection = Settings['environmentSelections'][string];

/**
 * Pure: the settings of a run of several environments (`plan --env a --env b`, `--all-envs`), each environment of the
 * run judged by the prune and the include/exclude its plan in this run uses (a `--prune`, `--include` or `--exclude` given
 * for the run) instead of the config file's: one plan that leaves a dashboard to another must not say "which deploys with
 * prune off: no plan deletes it" while that one's plan, printed beside it, deletes it. Such a prune is also its
 * `runPrune`, and typed lists its `runLists`, which the advice repeats. An environment outside the run keeps the config's.
 */
export function withRunSelections(everySettings: readonly Settings[]): Settings[] {
  const inRun = new Map(
    everySettings.flatMap((settings) => {
      const own = settings.environment === undefined ? undefined : settings.environmentSelections[settings.environment];
      return settings.environment === undefined || own === undefined ? [] : [[settings.environment, { prune: settings.prune, own }] as const];
    }),
  );
  const asRun = (name: string, selection: EnvironmentSelection): EnvironmentSelection => {
    const run = inRun.get(name);
    if (run === undefined) return selection;
    const { own, prune } = run;
    const typed = own.from.include === '--include' || own.from.exclude === '--exclude';
    // The config file's places name no typed list; what the environment deploys stays its config file's (`configured`).
    const { places: _places, ...placeless } = selection;
    const configured = selection.configured ?? { include: selection.include, exclude: selection.exclude };
    const lists = typed ? { ...placeless, include: own.include, exclude: own.exclude, configured, from: own.from, runLists: true as const } : selection;
    return prune === selection.prune ? lists : { ...lists, prune, runPrune: prune };
  };
  return everySettings.map((settings) => {
    const selections = Object.entries(settings.environmentSelections).map(([name, selection]) => [name, asRun(name, selection)] as const);
    if (selections.every(([name, selection]) => selection === settings.environmentSelections[name])) return settings;
    return { ...settings, environmentSelections: Object.fromEntries(selections) };
  });
}
