/** The plan's once-per-run warning for `--api legacy` on Grafana 13 with `saves` updates and moves (src/plan/decide-labels-through-api.ts). */
export function labelsNotSeenMessage(saves: number): string {
  const what = saves === 1 ? 'save of a dashboard already in Grafana goes' : `${saves} saves of dashboards already in Grafana (updates and moves) go`;
  return (
    'labels not seen: this plan reads dashboards through /api (api "legacy"), which shows none of the labels and annotations Grafana 13 keeps ' +
    `on a dashboard (set through /apis: kubectl, another tool); its ${what} through /api, which removes every one without a line in this plan; ` +
    'to see and keep them, plan and apply with --api auto or k8s'
  );
}

/** The plan text's warnings block holding only that warning: on Grafana 13 through /api, nothing on other releases. */
export function labelsNotSeenBlock(grafanaVersion: string, saves: number): string[] {
  return grafanaVersion === '13' ? ['Warnings:', `  ! ${labelsNotSeenMessage(saves)}`, ''] : [];
}
