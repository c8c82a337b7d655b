/**
 * The built-in "Annotations & Alerts" annotation the frontend's DashboardModel adds first to a dashboard's list where none
 * has `builtIn` 1 (addBuiltInAnnotationQuery on load, so the UI's v2 save keeps it; the backend's migration replicates it,
 * applyFrontendDefaults; Grafana's `/apis` read conversions add none: src/sandbox/README.md), as the conversion back to v1
 * writes it (convertAnnotationsToV1): `builtIn: 1`, `type: "dashboard"`, its datasource `{type, uid}`. Frozen: a writer
 * takes a copy.
 */
export const BUILT_IN_ANNOTATION: Readonly<Record<string, unknown>> = Object.freeze({
  builtIn: 1,
  datasource: Object.freeze({ type: 'grafana', uid: '-- Grafana --' }),
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
});
