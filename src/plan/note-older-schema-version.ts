import type { DashboardAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Pure: a note for each classic dashboard written through `/api` whose file's schemaVersion is below Grafana's copy (a
 * save in Grafana's editor, which migrates a dashboard to its newest schema before saving). The `schemaVersion` change
 * shown is one the write makes: `/api` stores the model as posted on 11.2, and on 12 and 13 as
 * `dashboard.grafana.app/v0alpha1`, which Grafana never migrates on write (src/sandbox/README.md "Schema migration");
 * Grafana's editor migrates it again when someone opens the dashboard. (Through `/apis` at v1 Grafana migrates the file
 * on write, and dropMigratedSchemaVersion leaves that change out.)
 */
export function noteOlderSchemaVersions(actions: readonly DashboardAction[]): PlanWarning[] {
  return actions.flatMap((action) => {
    if (action.write?.api !== 'legacy' || action.file === null) return [];
    const change = action.changes.find((candidate) => candidate.path === 'schemaVersion' && candidate.kind === 'changed');
    if (change === undefined || typeof change.before !== 'number' || typeof change.after !== 'number' || change.after >= change.before) return [];
    return [
      {
        kind: 'note',
        code: 'schema-version-older',
        uid: action.uid,
        message:
          `older schema: ${action.uid} ${quoteText(action.title)} (${action.file}): the file's schemaVersion ${change.after} is older than Grafana's copy (${change.before}: ` +
          `Grafana's editor saves a dashboard at its newest schema); /api stores the file as it is (Grafana does not migrate it on write), and Grafana's editor migrates it again when the dashboard is opened`,
      },
    ];
  });
}
