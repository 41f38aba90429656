// `service: true` + `ready:` + `until:` of a command stage -> the model's ServiceSpec.
import type { CommandBranch, CommandStage as CommandDoc, Ready } from '../model/generated/pipeline-document.js';
import { DEFAULT_READY_INTERVAL_MS, DEFAULT_READY_TIMEOUT_MS, type BranchStage, type ReadyProbe, type ServiceSpec } from '../model/index.js';
import { durationMs } from './durations.js';
import type { DocPath, Problem } from './positions.js';

/** Sets `stage.service` when the document says `service: true` (other service keys are checked in check-services.ts). */
export function attachService(stage: BranchStage, doc: object, path: DocPath, ctx: { problems: Problem[] }): void {
  if (stage.kind !== 'command' || !('service' in doc) || (doc as CommandDoc | CommandBranch).service !== true) return;
  const { ready, until } = doc as CommandDoc | CommandBranch;
  const spec: ServiceSpec = {
    readyTimeoutMs: durationMs(ready?.timeout, [...path, 'ready', 'timeout'], ctx) ?? DEFAULT_READY_TIMEOUT_MS,
    intervalMs: durationMs(ready?.interval, [...path, 'ready', 'interval'], ctx) ?? DEFAULT_READY_INTERVAL_MS,
  };
  const probe = ready && readyProbe(ready);
  if (probe) spec.ready = probe;
  if (until !== undefined) spec.until = until;
  stage.service = spec;
}

/** The one probe of a `ready:` block (the first, when several are given: check-services reports that). */
export function readyProbe(ready: Ready): ReadyProbe | undefined {
  if (ready.http !== undefined) return { kind: 'http', url: ready.http };
  if (ready.tcp !== undefined) {
    if (typeof ready.tcp === 'number') return { kind: 'tcp', host: '127.0.0.1', port: ready.tcp };
    const colon = ready.tcp.lastIndexOf(':');
    return { kind: 'tcp', host: ready.tcp.slice(0, colon), port: Number(ready.tcp.slice(colon + 1)) };
  }
  if (ready.command !== undefined) {
    const command = ready.command;
    return { kind: 'command', command: typeof command === 'string' ? { kind: 'shell', script: command } : { kind: 'argv', argv: command.map(String) } };
  }
  if (ready.log !== undefined) return { kind: 'log', text: ready.log };
  return undefined;
}

/** The probe keys written in a `ready:` block. */
export const PROBE_KEYS = ['http', 'tcp', 'command', 'log'] as const;
