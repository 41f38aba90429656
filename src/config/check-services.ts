// Rules for services that the schema cannot express: `ready`/`until` only with `service: true`,
// exactly one probe, a port in range, `until` names another existing stage, and no keys that
// contradict a long-running process (timeouts, fingerprint caching).
import { allStages } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import { didYouMean } from './did-you-mean.js';
import { PROBE_KEYS } from './normalise-service.js';
import type { Problem } from './positions.js';

const CONFLICTING: Readonly<Record<string, string>> = {
  timeout: 'a service runs until the run ends (or its `until` stage finishes); bound its start with `ready.timeout`',
  idle_timeout: 'a service may be silent while it serves; bound its start with `ready.timeout`',
  sources: 'a service is never skipped as cached: it must run for the stages after it',
  generates: 'a service is never skipped as cached: it must run for the stages after it',
};

/** Problems of `service`, `ready` and `until` keys. */
export function checkServices(ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const ids = allStages(ctx.pipeline).map((s) => s.id);
  for (const entry of ctx.entries) {
    if (ctx.brokenStages.has(entry.id)) continue;
    const doc = entry.doc as unknown as Record<string, unknown>;
    const isService = doc.service === true;
    for (const key of ['ready', 'until'] as const) {
      if (key in doc && !isService) problems.push({ path: [...entry.path, key], at: 'key', message: `\`${key}\` only applies to a service: add \`service: true\`` });
    }
    if (!isService) continue;
    for (const [key, why] of Object.entries(CONFLICTING))
      if (key in doc) problems.push({ path: [...entry.path, key], at: 'key', message: `\`${key}\` cannot be set on a service: ${why}` });
    const ready = doc.ready as Record<string, unknown> | undefined;
    if (ready) {
      const probes = PROBE_KEYS.filter((key) => key in ready);
      if (probes.length !== 1) {
        const found = probes.length === 0 ? 'none' : probes.map((p) => `\`${p}\``).join(' and ');
        problems.push({ path: [...entry.path, 'ready'], at: 'key', message: `\`ready\` needs exactly one probe of \`http\`, \`tcp\`, \`command\` or \`log\`, found ${found}` });
      }
      const port = typeof ready.tcp === 'string' ? Number(ready.tcp.slice(ready.tcp.lastIndexOf(':') + 1)) : undefined;
      if (port !== undefined && (port < 1 || port > 65535))
        problems.push({ path: [...entry.path, 'ready', 'tcp'], at: 'value', message: `port ${port} is out of range (1-65535)` });
    }
    const until = doc.until;
    if (typeof until === 'string') {
      if (until === entry.id) problems.push({ path: [...entry.path, 'until'], at: 'value', message: '`until` names the service itself; name the stage after which it may stop' });
      else if (!ids.includes(until))
        problems.push({ path: [...entry.path, 'until'], at: 'value', message: `\`until\` names an unknown stage \`${until}\`${didYouMean(until, ids)}` });
    }
  }
  return problems;
}
