// `viz --serve`: an HTTP server on 127.0.0.1 (another address only when --host names it) that
// serves the chart page and pushes each new journal event's frame to it as server-sent events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { UsageError } from '../errors/index.js';
import { renderChartHtml } from '../viz/chart/html.js';
import { LiveChart, type LiveMessage } from './viz-live.js';
import { chartInput, type ChartOptions } from './viz-chart.js';

export const LOOPBACK = '127.0.0.1';

export interface ServeOptions extends ChartOptions {
  /** 0: any free port. */
  port: number;
  /** Only from an explicit --host: the address to bind instead of 127.0.0.1. */
  host?: string;
  signal: AbortSignal;
  /** Told the page's URL once the server listens. */
  onListening: (url: string) => void;
}

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host a request says it is for, without the port. */
function requestHost(request: IncomingMessage): string {
  const header = request.headers.host ?? '';
  return header.startsWith('[') ? header.slice(1, header.indexOf(']')) : (header.split(':')[0] ?? '');
}

/** One server-sent event. */
function sse(response: ServerResponse, message: LiveMessage): void {
  if (message.type === 'run') response.write(`event: run\ndata: ${JSON.stringify(message.state)}\n\n`);
  else response.write(`event: frame\ndata: ${JSON.stringify({ frame: message.frame, event: message.event })}\n\n`);
}

/** Serves the live chart until the signal aborts; resolves once the server has closed. */
export async function serveChart(options: ServeOptions): Promise<void> {
  const host = options.host ?? LOOPBACK;
  if (host.trim() === '' || (isIP(host) === 0 && host !== 'localhost')) throw new UsageError(`viz --serve: --host must be an IP address or localhost, got \`${host}\``);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new UsageError(`viz --serve: --port must be 0-65535, got ${options.port}`);
  const input = chartInput(options);
  const followLatest = options.run === undefined || options.run === 'last';
  const live = new LiveChart({ input, runsDir: input.project.orchestrator.runsDir, pipelineName: input.pipelineName, runDir: input.runDir, followLatest, signal: options.signal });
  const loopbackOnly = isLoopback(host);

  const server = createServer((request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (loopbackOnly && !isLoopback(requestHost(request))) return end(response, 403, 'forbidden: this server answers only requests for 127.0.0.1 or localhost\n');
    if (request.method !== 'GET') return end(response, 405, 'only GET\n');
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      renderChartHtml({ machine: input.machine, info: input.info, events: live.state.events }, { live: true, title: input.pipelineName }).then(
        (html) => end(response, 200, html, 'text/html; charset=utf-8'),
        (error: unknown) => end(response, 500, `${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (path === '/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      sse(response, { type: 'run', state: live.state });
      const unsubscribe = live.subscribe((message) => sse(response, message));
      request.on('close', unsubscribe);
      return;
    }
    end(response, 404, 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`viz --serve: cannot listen on ${host}:${options.port}: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.onListening(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  let failure: unknown;
  const stopped = new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  // A follower that fails (unreadable journal) stops the server instead of serving a frozen page.
  const following = live.run().then(
    () => stopped,
    (error: unknown) => {
      failure = error;
    },
  );
  await Promise.race([stopped, following]);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (failure !== undefined) throw failure;
}

function end(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': type });
  response.end(body);
}
