import { createServer, request as forwardRequest } from 'node:http';
import { onTestFinished } from 'vitest';

const NOT_FOUND_PAGE = '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';

/**
 * A reverse proxy on a free port serving `target` under `prefix` (`/grafana`): `/grafana/api/…` goes to
 * `target/api/…`, any other path gets the proxy's own HTML 404 page, as nginx in front of a Grafana
 * served from a sub-path does. Not Grafana behaviour. Closed when the test ends.
 */
export async function startSubPathProxy(target: string, prefix = '/grafana'): Promise<{ url: string; urlWithPrefix: string; paths: () => string[] }> {
  const proxy = await startSubPathsProxy({ [prefix]: target });
  return { url: proxy.url, urlWithPrefix: `${proxy.url}${prefix}`, paths: proxy.paths };
}

/**
 * The same for several Grafanas behind one host and port, each under its own prefix (`{ '/team-a': urlA, '/team-b': urlB }`).
 */
export async function startSubPathsProxy(targets: Record<string, string>): Promise<{ url: string; paths: () => string[] }> {
  const seen: string[] = [];
  const routes = Object.entries(targets).map(([prefix, target]) => ({ prefix, upstream: new URL(target) }));
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    seen.push(path);
    const route = routes.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end(NOT_FOUND_PAGE);
      return;
    }
    const { prefix, upstream } = route;
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
  return { url: `http://127.0.0.1:${address.port}`, paths: () => [...seen] };
}
