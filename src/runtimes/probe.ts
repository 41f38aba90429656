// Asks a runtime's CLI for its version (`--version`) within a timeout: does it start and answer?
import { spawnProcess } from '../exec/index.js';
import { formatDuration } from '../model/index.js';
import type { RuntimeSpec } from '../model/index.js';
import { adapterFor } from './agent/registry.js';

/** Default time a CLI has to answer --version. */
export const DEFAULT_VERSION_TIMEOUT_MS = 5000;

/** What the version probe found: the first line of the answer, or why there is none. */
export type VersionProbe = { ok: true; version: string; argv: string[] } | { ok: false; problem: string; argv: string[] };

/** Runs the adapter's version command of a runtime in `cwd`; never throws. */
export async function probeVersion(runtime: RuntimeSpec, cwd: string, timeoutMs = DEFAULT_VERSION_TIMEOUT_MS): Promise<VersionProbe> {
  const argv = adapterFor(runtime.adapter).versionArgv(runtime);
  const shown = `\`${argv.join(' ')}\``;
  const result = await spawnProcess({
    command: { kind: 'argv', argv },
    cwd,
    env: runtime.env,
    timeoutMs,
    killGraceMs: 500,
    captureStdout: { maxBytes: 64 * 1024 },
  });
  const firstLine = (text: string): string =>
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? '';
  switch (result.outcome) {
    case 'timed_out':
      return { ok: false, argv, problem: `${shown} did not answer within ${formatDuration(timeoutMs, 'setting')}` };
    case 'spawn_failed':
    case 'cancelled':
      return { ok: false, argv, problem: `${shown} could not start: ${result.error ?? 'spawn failed'}` };
    case 'exited': {
      const answer = firstLine(result.stdout) || firstLine(result.tailLines.join('\n'));
      if (result.exitCode === 0) return { ok: true, argv, version: answer.slice(0, 120) || '(no version printed)' };
      const said = answer ? `: ${answer.slice(0, 120)}` : '';
      return { ok: false, argv, problem: `${shown} exited ${result.exitCode ?? result.signal ?? '?'}${said}` };
    }
  }
}
