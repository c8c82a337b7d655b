import { decodeBody } from '../http/redacted-body-start.js';
import type { LiveDashboard } from '../port.js';
import { legacyDashboardOfBody } from './endpoints/dashboards.js';
import { toLiveDashboard } from './to-live-dashboard.js';

/**
 * Pure: GET /api/dashboards/uid/:uid's answer, from its bytes, as the port's read gives it (UnparsedDashboard.parse,
 * in the decision worker). Throws where the bytes are no such answer: the read's own parse says how, in its words.
 */
export function liveDashboardOfBytes(uid: string, bytes: Uint8Array, numbersAsText: boolean): LiveDashboard {
  return toLiveDashboard(uid, legacyDashboardOfBody(uid, JSON.parse(decodeBody(bytes)) as unknown, bytes, numbersAsText));
}
