/**
 * Envoy's own 503 (Istio, Contour, Envoy Gateway and other meshes and ingresses in front of Grafana) when its stream to
 * Grafana ended before Grafana's answer began: `upstream connect error or disconnect/reset before headers. reset reason:
 * connection termination` (`retried and the latest reset reason: …` after its own retries). Only the reasons that
 * come once the request may have been passed on: Grafana closed the connection (`connection termination`, the
 * keep-alive race), or a stream was reset (`remote reset`, `local reset`, `protocol error`). A connection it could
 * not open (`… connection failure`, `connection timeout`), a full pool (`overflow`), a stream Grafana refused unread
 * (`… refused stream reset`) or Envoy's overload manager passed nothing on: those stay a refusal.
 */
const RESET_AFTER_SEND = /disconnect\/reset before headers\.? (?:retried and the latest )?reset reason: (?:connection termination|remote reset|local reset|protocol error)\b/;

/** Whether a 503's body is a proxy's word that the request may have reached Grafana before the connection ended. Pure. */
export function proxyResetAfterSend(body: string): boolean {
  return RESET_AFTER_SEND.test(body);
}
