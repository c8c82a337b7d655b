/**
 * What Grafana 12.3 on stores beside a classic dashboard written at a v1-family version that names none of these:
 * the frontend-defaults pass of its schema migration (apps/dashboard/pkg/migration/frontend_defaults.go; src/sandbox/README.md
 * "Schema migration"). A dashboard without panels gets `panels: []` too (the cleanup's).
 */
export const BUILT_IN_ANNOTATION = {
  datasource: { uid: '-- Grafana --', type: 'grafana' },
  name: 'Annotations & Alerts',
  type: 'dashboard',
  iconColor: 'rgba(0, 211, 255, 1)',
  enable: true,
  hide: true,
  builtIn: 1,
};

export const MIGRATION_DEFAULTS = {
  tags: [],
  timezone: '',
  weekStart: '',
  editable: true,
  graphTooltip: 0,
  time: { from: 'now-6h', to: 'now' },
  timepicker: {},
  fiscalYearStartMonth: 0,
  links: [],
  templating: { list: [] },
  annotations: { list: [BUILT_IN_ANNOTATION] },
};
