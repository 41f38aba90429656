// Readiness probes of a service (`ready:`): one try of http, tcp or command; `log` is watched
// on the service's output lines instead. A try never throws: it says ready or why not.
import { connect } from 'node:net';
import { spawnProcess } from '../exec/index.js';
import type { ReadyProbe } from '../model/index.js';

/** Where and how a command probe runs. */
export interface ProbeEnvironment {
  cwd: string;
  env: Record<string, string>;
  killGraceMs: number;
}

export type ProbeResult = { ready: true } | { ready: false; why: string };

const MAX_TRY_MS = 5000;

/** One try of a probe, bounded by `budgetMs` (and 5 s). */
export function tryProbe(probe: Exclude<ReadyProbe, { kind: 'log' }>, budgetMs: number, where: ProbeEnvironment): Promise<ProbeResult> {
  const limit = Math.max(50, Math.min(MAX_TRY_MS, budgetMs));
  switch (probe.kind) {
    case 'http':
      return tryHttp(probe.url, limit);
    case 'tcp':
      return tryTcp(probe.host, probe.port, limit);
    case 'command':
      return tryCommand(probe.command, limit, { ...where, env: { ...where.env, ...probe.env } });
  }
}

/** A GET without keep-alive; 2xx and 3xx are ready. */
async function tryHttp(url: string, limitMs: number): Promise<ProbeResult> {
  // Imported here: node:http/https (and tls) cost every `flowstate run` start-up otherwise.
  const { request: send } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    const request = send(url, { method: 'GET', agent: false, timeout: limitMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? { ready: true } : { ready: false, why: `GET ${url} answered ${status}` });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${limitMs}ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ready: false, why: `GET ${url}: ${error.code ?? error.message}` }));
    request.end();
  });
}

/** A TCP connect, closed at once. */
function tryTcp(host: string, port: number, limitMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(limitMs, () => done({ ready: false, why: `tcp ${host}:${port}: no answer within ${limitMs}ms` }));
    socket.once('connect', () => done({ ready: true }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ready: false, why: `tcp ${host}:${port}: ${error.code ?? error.message}` }));
  });
}

/** The probe command exits 0. */
async function tryCommand(command: Extract<ReadyProbe, { kind: 'command' }>['command'], limitMs: number, where: ProbeEnvironment): Promise<ProbeResult> {
  const result = await spawnProcess({ command, cwd: where.cwd, env: where.env, timeoutMs: limitMs, killGraceMs: Math.min(where.killGraceMs, 1000) });
  if (result.outcome === 'exited' && result.exitCode === 0) return { ready: true };
  const last = result.tailLines[result.tailLines.length - 1];
  return { ready: false, why: `probe command: ${result.error ?? `exit ${result.exitCode}`}${last ? ` (${last})` : ''}` };
}

/** A human description of a probe, for reasons. */
export function describeProbe(probe: ReadyProbe | undefined): string {
  if (!probe) return 'started';
  if (probe.kind === 'http') return `GET ${probe.url}`;
  if (probe.kind === 'tcp') return `tcp ${probe.host}:${probe.port}`;
  if (probe.kind === 'log') return `output containing ${JSON.stringify(probe.text)}`;
  return 'probe command';
}
