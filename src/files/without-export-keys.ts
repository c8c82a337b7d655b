import { EXPORT_ONLY_KEYS } from './parse-dashboard-text.js';

/** The model without the keys only an "export for sharing" file holds (`__inputs`, `__requires`, `__elements`). */
export function withoutExportKeys(model: Record<string, unknown>): Record<string, unknown> {
  const body = { ...model };
  for (const key of EXPORT_ONLY_KEYS) delete body[key];
  return body;
}
