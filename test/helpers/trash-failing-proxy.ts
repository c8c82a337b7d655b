import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { onTestFinished } from 'vitest';

/**
 * A reverse proxy on a free port in front of `target` that answers 500 to every read of `/apis`' "Recently deleted" list
 * (a GET whose query asks for `grafana.app/get-trash`) and passes everything else on: a trash query that times out on a
 * large history, or a proxy that refuses label selectors. Not Grafana behaviour. `failed`: how many it answered so.
 */
export async function startTrashFailingProxy(target: string): Promise<{ url: string; failed: () => number }> {
  let failed = 0;
  const server = createServer((request, response) => {
    if (request.method === 'GET' && decodeURIComponent(request.url ?? '').includes('get-trash')) {
      failed++;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the trash query timed out', code: 500 }));
      return;
    }
    void pass(target, request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the trash-failing proxy has no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, failed: () => failed };
}

async function pass(target: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length', 'keep-alive'].includes(name)) headers[name] = value;
  }
  const answer = await fetch(`${target}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(chunks.length > 0 && { body: Buffer.concat(chunks) }) });
  const body = Buffer.from(await answer.arrayBuffer());
  const contentType = answer.headers.get('content-type');
  response.writeHead(answer.status, contentType === null ? {} : { 'content-type': contentType });
  response.end(body);
}
