// What commands write to and read from; tests can substitute streams.
import { createReadStream } from 'node:fs';
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Makes a closed reader harmless: a write error on stdout/stderr (EPIPE from `| head`, EIO
 * from a closed terminal) ends printing to that stream instead of killing the process. The
 * stream is then destroyed, and writers check `destroyed` (see canWrite).
 */
function guardOutput(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => undefined);
}

/** False once a stream is closed or broken: nothing more should be written to it. */
function canWrite(stream: NodeJS.WritableStream): boolean {
  const state = stream as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
  return state.destroyed !== true && state.writableEnded !== true;
}

/** The IO of the current process (stdout and stderr guarded against closed readers). */
export function processIO(): CliIO {
  guardOutput(process.stdout);
  guardOutput(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Writes a line (adds the newline); nothing once the stream is closed. */
export function println(stream: NodeJS.WritableStream, text = ''): void {
  if (canWrite(stream)) stream.write(`${text}\n`);
}

/** Prints one JSON document (the --json contract). */
export function printJson(io: CliIO, value: unknown): void {
  println(io.stdout, JSON.stringify(value, null, 2));
}

/** Copies bytes [start, end] of a file to `out` in chunks, waiting while the reader is slow; stops quietly once it is gone. */
export async function copyFileTo(out: NodeJS.WritableStream, path: string, start = 0, end?: number): Promise<void> {
  const input = createReadStream(path, { start, end });
  try {
    for await (const chunk of input) {
      if (!canWrite(out)) return;
      if (!out.write(chunk as Buffer)) await drainedOrClosed(out);
    }
  } finally {
    input.destroy();
  }
}

/** Resolves when `out` can take more data, or can take none ever again. */
function drainedOrClosed(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const settle = (): void => {
      out.off('drain', settle);
      out.off('close', settle);
      out.off('error', settle);
      resolve();
    };
    out.on('drain', settle);
    out.on('close', settle);
    out.on('error', settle);
  });
}
