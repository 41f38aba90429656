// Turning a CommandSpec into something to spawn, and describing why a spawn failed.
import type { CommandSpec } from './types.js';

/** The shell that runs `{ kind: 'shell' }` commands. */
export const SHELL_PATH = '/bin/sh';

/** An executable and its arguments, ready for a spawn without a shell. */
export interface SpawnTarget {
  file: string;
  args: string[];
}

/** Exit code and message for a command that could not be started. */
export interface SpawnFailure {
  exitCode: 126 | 127;
  message: string;
}

/** The executable and arguments of a command; null for an empty argv. */
export function toSpawnTarget(command: CommandSpec): SpawnTarget | null {
  if (command.kind === 'shell') return { file: SHELL_PATH, args: ['-c', command.script] };
  const [file, ...args] = command.argv;
  if (file === undefined || file === '') return null;
  return { file, args };
}

/** Maps a spawn error code to the shell's convention: 127 not found, 126 cannot execute. */
export function describeSpawnFailure(code: string | undefined, file: string, detail: string): SpawnFailure {
  if (code === 'ENOENT') return { exitCode: 127, message: `command not found: ${file}` };
  if (code === 'EACCES') return { exitCode: 126, message: `not executable: ${file} (permission denied)` };
  return { exitCode: 126, message: `cannot execute ${file}: ${detail}` };
}
