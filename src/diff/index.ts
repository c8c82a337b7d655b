export { diffDashboards } from './diff-dashboards.js';
export { renderValue } from './render-value.js';
export { renderPath, type PathSegment } from './render-path.js';
