import { createServer, type IncomingMessage } from 'node:http';
import { onTestFinished } from 'vitest';

/**
 * What the proxy changes: in each request's path and query (`request`), and in each answer's body (`answer`, told the path
 * asked for); `authorization`: the Authorization header it sends on (a gateway that takes its own credential and sends
 * Grafana's), where given.
 */
export interface Rewrites {
  request: (pathAndQuery: string) => string;
  answer: (body: string, pathAndQuery: string) => string;
  authorization?: (sent: string | undefined) => string;
}

/**
 * A reverse proxy on a free port in front of `target` that rewrites what passes through it: what a
 * server at Grafana's address that is not Grafana (or a proxy that edits answers) does. Not Grafana
 * behaviour. Closed when the test ends.
 */
export async function startRewritingProxy(target: string, rewrites: Rewrites): Promise<{ url: string }> {
  const server = createServer((request, response) => {
    void forward(target, request, rewrites).then(
      ({ status, contentType, body }) => {
        response.writeHead(status, contentType ? { 'content-type': contentType } : {});
        response.end(body);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the rewriting proxy has no TCP address');
  return { url: `http://127.0.0.1:${address.port}` };
}

/** One request passed on to `target` as `rewrites` change it: the answer's status, content type and (rewritten) body. */
export async function forward(target: string, request: IncomingMessage, rewrites: Rewrites) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length', 'keep-alive'].includes(name)) headers[name] = value;
  }
  if (rewrites.authorization) headers.authorization = rewrites.authorization(headers.authorization);
  const method = request.method ?? 'GET';
  const pathAndQuery = request.url ?? '/';
  const answer = await fetch(`${target}${rewrites.request(pathAndQuery)}`, {
    method,
    headers,
    body: chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
  });
  return { status: answer.status, contentType: answer.headers.get('content-type'), body: rewrites.answer(await answer.text(), pathAndQuery) };
}
