import type { IncomingMessage } from 'node:http';
import type { EchoForm } from './types.js';

/**
 * The body of an echo fault: the request's method, URL and headers (sorted by name, the credentials among them),
 * written as a request-echo service or a debugging proxy writes them (EchoForm). Not Grafana behaviour.
 */
export function renderEchoBody(request: IncomingMessage, form: EchoForm): { contentType: string; body: string } {
  const headers = Object.entries(request.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (form === 'urlencoded') {
    const fields: [string, string][] = [['method', request.method ?? ''], ['url', request.url ?? ''], ...headers.map(([name, value]): [string, string] => [name, String(value)])];
    return { contentType: 'text/plain; charset=utf-8', body: fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&') };
  }
  if (form === 'html') {
    const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const rows = [['method', request.method ?? ''], ['url', request.url ?? ''], ...(basic === undefined ? [] : [['credentials', Buffer.from(basic, 'base64').toString('utf8')]]), ...headers.map(([name, value]) => [name, String(value)])];
    const items = rows.map(([name, value]) => `<li>${escapeHtmlText(name!)}: ${escapeHtmlText(value!)}</li>`).join('');
    return { contentType: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><body><h1>Bad Request</h1><ul>${items}</ul></body></html>` };
  }
  const json = JSON.stringify({ method: request.method, url: request.url, headers: Object.fromEntries(headers) });
  return { contentType: 'application/json', body: form === 'escaped-json' ? escapeAsPhp(json) : json };
}

/** JSON text as PHP's json_encode writes it by default: `/` as `\/`, every character beyond ASCII as `\uXXXX`. */
function escapeAsPhp(json: string): string {
  return json.replace(/\//g, '\\/').replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text inside an HTML element as a gateway's page writes it: `& < > " '` as entities. */
function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${HTML_ENTITIES[char]!};`);
}

const HTML_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' };
