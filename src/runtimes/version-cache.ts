// The version of a runtime's CLI (`--version`), asked once per installed executable and
// remembered for the life of the process: recorded on every agent `stage.started`.
import { statSync } from 'node:fs';
import type { RuntimeSpec } from '../model/index.js';
import { locateRuntime } from './availability.js';
import { probeVersion } from './probe.js';

/** A loaded machine can take several seconds to start a CLI (opencode: 3-4 s at load 9 on 2 cores). */
const VERSION_PROBE_TIMEOUT_MS = 10_000;

const known = new Map<string, Promise<string | null>>();

/** Which installation a runtime would start: the executable's path, size and mtime, and the command line. */
function installationKey(runtime: RuntimeSpec, root: string): string | null {
  const file = locateRuntime(runtime, root);
  if (file === null) return null;
  try {
    const info = statSync(file);
    return JSON.stringify([file, info.size, info.mtimeMs, runtime.adapter, runtime.command, runtime.env]);
  } catch {
    return null;
  }
}

/**
 * The first line the runtime's CLI prints for `--version` (e.g. `codex-cli 0.169.0`), or null
 * when it cannot be found or does not answer. Never throws; an upgraded executable is asked again.
 */
export function runtimeVersion(runtime: RuntimeSpec, root: string): Promise<string | null> {
  const key = installationKey(runtime, root);
  if (key === null) return Promise.resolve(null);
  let version = known.get(key);
  if (version === undefined) {
    version = probeVersion(runtime, root, VERSION_PROBE_TIMEOUT_MS).then(
      (probe) => (probe.ok ? probe.version : null),
      () => null,
    );
    known.set(key, version);
  }
  return version;
}
