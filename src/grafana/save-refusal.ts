import type { GrafanaHttpError } from '../errors.js';

/** Grafana's refusal of a save as a conflict (409, 412 version-mismatch): its status and its words, as sent (not escaped). */
export interface SaveRefusal {
  status: number;
  message: string;
}

export function refusalOf(error: GrafanaHttpError): SaveRefusal {
  return { status: error.status, message: error.grafanaMessage };
}
