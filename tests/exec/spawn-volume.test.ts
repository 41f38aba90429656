import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnProcess, type SpawnSpec } from '../../src/exec/index.js';
import { useTempDir } from './helpers.js';

const SIZE = 100 * 1024 * 1024;
const MEMORY_BOUND = 100 * 1024 * 1024;

const tmp = useTempDir();

/** Runs spec while sampling rss from onLine; returns the highest growth seen. */
async function peakRssGrowth(spec: SpawnSpec, onLine: (line: string) => void): Promise<number> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let calls = 0;
  const result = await spawnProcess({
    ...spec,
    onLine: (line) => {
      onLine(line);
      calls += 1;
      if (calls % 2048 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  expect(result).toMatchObject({ outcome: 'exited', exitCode: 0 });
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

async function lastBytes(file: string, count: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(count);
    await handle.read(buffer, 0, count, size - count);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

describe('spawnProcess: large output', () => {
  it('streams 100 MB of lines to the log and onLine in bounded memory', async () => {
    const logFile = join(tmp.dir, 'flood.log');
    const line = 'y'.repeat(63);
    let lines = 0;
    const growth = await peakRssGrowth(
      {
        command: { kind: 'shell', script: `yes ${line} | head -c ${SIZE}` },
        cwd: tmp.dir,
        env: {},
        logFile,
        redact: (text) => text.replaceAll('s3cret', '***'),
      },
      (received) => {
        if (received === line) lines += 1;
      },
    );
    expect(lines).toBe(SIZE / 64);
    expect((await stat(logFile)).size).toBe(SIZE);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('streams a single 100 MB line in 64 KiB pieces without holding it', async () => {
    const logFile = join(tmp.dir, 'one-line.log');
    let bytes = 0;
    let longest = 0;
    const growth = await peakRssGrowth(
      {
        command: { kind: 'shell', script: `head -c ${SIZE} /dev/zero | tr '\\0' z` },
        cwd: tmp.dir,
        env: {},
        logFile,
      },
      (piece) => {
        bytes += piece.length;
        longest = Math.max(longest, piece.length);
      },
    );
    expect(bytes).toBe(SIZE);
    expect(longest).toBeLessThanOrEqual(64 * 1024);
    // Logged whole: no line breaks added inside, one at the end of the final line.
    expect((await stat(logFile)).size).toBe(SIZE + 1);
    expect(await lastBytes(logFile, 4)).toBe('zzz\n');
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });
});
