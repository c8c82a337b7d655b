export { normalizeDashboard, stripOwnedFields, clampRefresh, DROPPED_KEYS } from './normalize-dashboard.js';
export type { NormalizeOptions } from './normalize-dashboard.js';
export { canonicalJson } from './canonical-json.js';
export { compactStableJson } from './compact-stable-json.js';
export { contentHash } from './content-hash.js';
export { parseGrafanaDuration } from './parse-grafana-duration.js';
