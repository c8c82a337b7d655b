import { createServer, request as forwardRequest } from 'node:http';
import { onTestFinished } from 'vitest';

const NOT_FOUND_PAGE = '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';

/**
 * A reverse proxy on a free port serving `target` under `prefix` (`/grafana`): `/grafana/api/…` goes to
 * `target/api/…`, any other path gets the proxy's own HTML 404 page, as nginx in front of a Grafana
 * served from a sub-path does. Not Grafana behaviour. Closed when the test ends.
 */
export async function startSubPathProxy(target: string, prefix = '/grafana'): Promise<{ url: string; urlWithPrefix: string; paths: () => string[] }> {
  const seen: string[] = [];
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    seen.push(path);
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end(NOT_FOUND_PAGE);
      return;
    }
    const headers = { ...request.headers, host: upstream.host };
    const forwarded = forwardRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: path.slice(prefix.length) || '/', headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the sub-path proxy has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  return { url, urlWithPrefix: `${url}${prefix}`, paths: () => [...seen] };
}
