import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnProcess, type OutputStreamName, type SpawnSpec } from '../../src/exec/index.js';
import { fixture, useTempDir } from './helpers.js';

const tmp = useTempDir();

function shell(script: string, extra: Partial<SpawnSpec> = {}): SpawnSpec {
  return { command: { kind: 'shell', script }, cwd: tmp.dir, env: {}, ...extra };
}

function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}`);
}

describe('spawnProcess: onLine', () => {
  it('delivers every line of each stream in order', async () => {
    const seen: Record<OutputStreamName, string[]> = { stdout: [], stderr: [] };
    const result = await spawnProcess({
      command: { kind: 'argv', argv: ['sh', fixture('interleave.sh'), '300'] },
      cwd: tmp.dir,
      env: {},
      onLine: (line, stream) => seen[stream].push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(seen.stdout).toEqual(numbered('out', 300));
    expect(seen.stderr).toEqual(numbered('err', 300));
  });

  it('passes a final line without newline, empty lines, CRLF endings and UTF-8 intact', async () => {
    const lines: string[] = [];
    await spawnProcess(shell(`printf 'a\\n\\nwin\\r\\nhé ✓\\nlast'`, { onLine: (line) => lines.push(line) }));
    expect(lines).toEqual(['a', '', 'win', 'hé ✓', 'last']);
  });

  it('cuts a very long line into 64 KiB pieces for onLine but logs it whole', async () => {
    const logFile = join(tmp.dir, 'long.log');
    const pieces: string[] = [];
    const length = 200_000;
    await spawnProcess(
      shell(`head -c ${length} /dev/zero | tr '\\0' x; echo; echo after`, {
        logFile,
        onLine: (line) => pieces.push(line),
      }),
    );
    expect(pieces.at(-1)).toBe('after');
    const longPieces = pieces.slice(0, -1);
    expect(longPieces.length).toBeGreaterThan(3);
    expect(Math.max(...longPieces.map((piece) => piece.length))).toBeLessThanOrEqual(64 * 1024);
    expect(longPieces.join('')).toBe('x'.repeat(length));
    expect(await readFile(logFile, 'utf8')).toBe(`${'x'.repeat(length)}\nafter\n`);
  });
});

describe('spawnProcess: log file', () => {
  it('creates parent directories and appends stdout and stderr line by line', async () => {
    const logFile = join(tmp.dir, 'logs', 'deep', 'stage.1.log');
    await spawnProcess(shell('echo one; printf two', { logFile }));
    expect(await readFile(logFile, 'utf8')).toBe('one\ntwo\n');
    await spawnProcess(shell('echo three >&2', { logFile }));
    expect(await readFile(logFile, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('creates an empty log for a command that prints nothing, and appends to it later', async () => {
    const logFile = join(tmp.dir, 'quiet.1.log');
    expect(await spawnProcess(shell('true', { logFile }))).toMatchObject({ outcome: 'exited', exitCode: 0, error: null });
    expect(await readFile(logFile, 'utf8')).toBe('');
    await spawnProcess(shell('echo later', { logFile }));
    expect(await readFile(logFile, 'utf8')).toBe('later\n');
  });

  it('keeps lines of both streams whole in the log', async () => {
    const logFile = join(tmp.dir, 'both.log');
    await spawnProcess({
      command: { kind: 'argv', argv: ['sh', fixture('interleave.sh'), '500'] },
      cwd: tmp.dir,
      env: {},
      logFile,
    });
    const logged = (await readFile(logFile, 'utf8')).split('\n').slice(0, -1);
    expect(logged.filter((line) => line.startsWith('out'))).toEqual(numbered('out', 500));
    expect(logged.filter((line) => line.startsWith('err'))).toEqual(numbered('err', 500));
    expect(logged).toHaveLength(1000);
  });

  it('is closed and complete when the promise resolves', async () => {
    const logFile = join(tmp.dir, 'sized.log');
    await spawnProcess(shell('yes 0123456789 | head -n 100000', { logFile }));
    expect((await readFile(logFile)).length).toBe(1_100_000);
  });

  it('reports a log file that cannot be opened without running the command', async () => {
    const blocker = join(tmp.dir, 'file');
    await writeFile(blocker, '');
    const marker = join(tmp.dir, 'ran');
    const result = await spawnProcess(shell(`touch ${marker}`, { logFile: join(blocker, 'x.log') }));
    expect(result.outcome).toBe('spawn_failed');
    expect(result.error).toContain('cannot open log file');
    await expect(readFile(marker)).rejects.toThrow();
  });
});

describe('spawnProcess: redaction', () => {
  it('redacts every line before the log, onLine, tailLines and captured stdout', async () => {
    const logFile = join(tmp.dir, 'secret.log');
    const lines: string[] = [];
    const result = await spawnProcess(
      shell('echo "token=s3cret"; echo "s3cret on stderr" >&2; printf "tail s3cret"', {
        logFile,
        onLine: (line) => lines.push(line),
        redact: (text) => text.replaceAll('s3cret', '***'),
        captureStdout: true,
      }),
    );
    const logged = await readFile(logFile, 'utf8');
    expect(logged).not.toContain('s3cret');
    expect(logged).toContain('token=***\n');
    // Order across the two pipes is not defined; within each stream it is.
    expect(lines.filter((line) => line !== '*** on stderr')).toEqual(['token=***', 'tail ***']);
    expect(lines).toContain('*** on stderr');
    expect(result.tailLines.join('\n')).not.toContain('s3cret');
    expect(result.stdout).toBe('token=***\ntail ***');
  });

  it('withholds a line when redact throws and says so', async () => {
    const logFile = join(tmp.dir, 'failed-redaction.log');
    const result = await spawnProcess(
      shell('echo ok; echo s3cret', {
        logFile,
        redact: (text) => {
          if (text.includes('s3cret')) throw new Error('cannot redact');
          return text;
        },
      }),
    );
    expect(await readFile(logFile, 'utf8')).not.toContain('s3cret');
    expect(result.error).toContain('cannot redact');
  });
});

describe('spawnProcess: tailLines and captured stdout', () => {
  it('keeps the last 20 lines of combined output', async () => {
    const result = await spawnProcess(shell('i=1; while [ $i -le 30 ]; do echo "line $i"; i=$((i+1)); done'));
    expect(result.tailLines).toEqual(numbered('line', 30).slice(-20));
    expect(result.stdout).toBe('');
    const combined = await spawnProcess(shell('echo out; echo err >&2'));
    expect([...combined.tailLines].sort()).toEqual(['err', 'out']);
  });

  it('keeps the last tail lines with onLine too', async () => {
    const result = await spawnProcess(shell('seq 1 25', { onLine: () => undefined }));
    expect(result.tailLines).toEqual(Array.from({ length: 20 }, (_, index) => String(index + 6)));
  });

  it('captures stdout only, bounded to the last maxBytes', async () => {
    const full = await spawnProcess(shell('echo out; echo err >&2', { captureStdout: true }));
    expect(full.stdout).toBe('out\n');
    const bounded = await spawnProcess(shell('seq 1 100000', { captureStdout: { maxBytes: 12 } }));
    expect(bounded.stdout).toBe('99999\n100000\n'.slice(-12));
  });
});
