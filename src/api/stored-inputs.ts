// The inputs a run was started with, as stored: secret ones are masked (`***`) and were never
// written in clear, so a command that runs the pipeline again (resume, retry) needs them again.
import { MASK } from '../engine/index.js';
import { UsageError } from '../errors/index.js';

/** Throws UsageError (exit 2) naming each masked input not given again, with the `--input` to add. */
export function refuseMaskedInputs(stored: Record<string, unknown>, given: Record<string, unknown>, runId: string, command: string): void {
  const missing = Object.keys(stored).filter((name) => !Object.hasOwn(given, name) && typeof stored[name] === 'string' && (stored[name] as string).includes(MASK));
  if (missing.length === 0) return;
  const names = missing.map((m) => `\`${m}\``).join(', ');
  const flags = missing.map((name) => `--input ${name}=...`).join(' ');
  throw new UsageError(`run ${runId} needs its secret input${missing.length > 1 ? 's' : ''} ${names} again (secrets are never stored): ${command} with ${flags}`);
}
