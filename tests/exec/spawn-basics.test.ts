import { chmod, mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnProcess, type SpawnSpec } from '../../src/exec/index.js';
import { useTempDir } from './helpers.js';

const tmp = useTempDir();

function shell(script: string, extra: Partial<SpawnSpec> = {}): SpawnSpec {
  return { command: { kind: 'shell', script }, cwd: tmp.dir, env: {}, ...extra };
}

function argv(args: string[], extra: Partial<SpawnSpec> = {}): SpawnSpec {
  return { command: { kind: 'argv', argv: args }, cwd: tmp.dir, env: {}, ...extra };
}

function collectLines(): { lines: string[]; onLine: (line: string) => void } {
  const lines: string[] = [];
  return { lines, onLine: (line) => lines.push(line) };
}

describe('spawnProcess: exit codes', () => {
  it('reports exit 0 and a non-zero exit code as "exited"', async () => {
    const ok = await spawnProcess(shell('true'));
    expect(ok).toMatchObject({ outcome: 'exited', exitCode: 0, signal: null, error: null });
    expect(ok.pid).toBeGreaterThan(1);
    const failed = await spawnProcess(shell('exit 3'));
    expect(failed).toMatchObject({ outcome: 'exited', exitCode: 3, signal: null });
  });

  it('reports the signal that killed the command', async () => {
    const result = await spawnProcess(shell('kill -USR1 $$'));
    expect(result).toMatchObject({ outcome: 'exited', exitCode: null, signal: 'SIGUSR1' });
  });

  it('treats sh reporting an unknown command as a plain exit 127', async () => {
    const result = await spawnProcess(shell('flowstate-no-such-command-xyz'));
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 127, error: null });
  });
});

describe('spawnProcess: spawn failures', () => {
  it('reports a missing executable as spawn_failed with 127', async () => {
    const result = await spawnProcess(argv(['flowstate-no-such-command-xyz', 'a']));
    expect(result).toMatchObject({
      outcome: 'spawn_failed',
      exitCode: 127,
      pid: null,
      error: 'command not found: flowstate-no-such-command-xyz',
    });
  });

  it('reports a file without the execute bit as spawn_failed with 126', async () => {
    const script = join(tmp.dir, 'not-executable.sh');
    await writeFile(script, '#!/bin/sh\necho hi\n');
    await chmod(script, 0o644);
    const result = await spawnProcess(argv([script]));
    expect(result.outcome).toBe('spawn_failed');
    expect(result.exitCode).toBe(126);
    expect(result.error).toContain(script);
  });

  it('refuses an empty argv and a missing working directory without spawning', async () => {
    expect(await spawnProcess(argv([]))).toMatchObject({ outcome: 'spawn_failed', exitCode: 127, pid: null });
    const missing = join(tmp.dir, 'nope');
    const result = await spawnProcess(argv(['true'], { cwd: missing }));
    expect(result).toMatchObject({ outcome: 'spawn_failed', exitCode: 127, pid: null, error: `working directory not found: ${missing}` });
    // The same for a shell command (the shell exists; the directory does not).
    expect(await spawnProcess(shell('true', { cwd: missing }))).toMatchObject({ exitCode: 127, error: `working directory not found: ${missing}` });
  });

  it('tells a working directory that is a file from a command that is not found (the kernel checks both at spawn)', async () => {
    const file = join(tmp.dir, 'plain-file');
    await writeFile(file, '');
    expect(await spawnProcess(argv(['true'], { cwd: file }))).toMatchObject({
      outcome: 'spawn_failed',
      exitCode: 126,
      pid: null,
      error: `working directory is not a directory: ${file}`,
    });
    expect(await spawnProcess(argv(['no-such-command-flowstate']))).toMatchObject({ exitCode: 127, error: 'command not found: no-such-command-flowstate' });
  });

  it('reports arguments that cannot be passed to a process as spawn_failed', async () => {
    const result = await spawnProcess(argv(['echo', 'a\0b']));
    expect(result).toMatchObject({ outcome: 'spawn_failed', exitCode: 126, pid: null });
    expect(result.error).toContain('null bytes');
  });

  it('does not start a command whose signal is already aborted', async () => {
    const marker = join(tmp.dir, 'ran');
    const result = await spawnProcess(shell(`touch ${marker}`, { signal: AbortSignal.abort() }));
    expect(result).toMatchObject({ outcome: 'cancelled', pid: null });
    await expect(realpath(marker)).rejects.toThrow();
  });
});

describe('spawnProcess: argv versus shell', () => {
  it('passes argv items literally, without a shell', async () => {
    const out = collectLines();
    await spawnProcess(argv(['printf', '%s\\n', '$(echo injected)', 'a b'], { onLine: out.onLine }));
    expect(out.lines).toEqual(['$(echo injected)', 'a b']);
  });

  it('runs shell scripts through /bin/sh -c', async () => {
    const out = collectLines();
    await spawnProcess(shell('echo $((1 + 2)); echo "$0"', { onLine: out.onLine }));
    expect(out.lines).toEqual(['3', '/bin/sh']);
  });
});

describe('spawnProcess: environment, directory and stdin', () => {
  it('sets env on top of process.env', async () => {
    const out = collectLines();
    const inherited = Object.keys(process.env).find((key) => /^[A-Z_]+$/.test(key) && process.env[key] !== '');
    expect(inherited).toBeDefined();
    const script = `echo "$FLOWSTATE_TEST_VAR"; printenv ${inherited}`;
    await spawnProcess(shell(script, { env: { FLOWSTATE_TEST_VAR: 'v a l' }, onLine: out.onLine }));
    expect(out.lines).toEqual(['v a l', process.env[inherited as string]]);
  });

  it('runs in the given working directory', async () => {
    const sub = join(tmp.dir, 'sub tmp.dir');
    await mkdir(sub);
    const out = collectLines();
    await spawnProcess(argv(['pwd', '-P'], { cwd: sub, onLine: out.onLine }));
    expect(out.lines).toEqual([await realpath(sub)]);
  });

  it('writes stdin then closes it; without stdin the command reads end-of-file', async () => {
    const out = collectLines();
    const fed = await spawnProcess(argv(['cat'], { stdin: 'first\nsecond', onLine: out.onLine }));
    expect(fed.exitCode).toBe(0);
    expect(out.lines).toEqual(['first', 'second']);
    const empty = collectLines();
    const none = await spawnProcess(argv(['cat'], { onLine: empty.onLine }));
    expect(none.exitCode).toBe(0);
    expect(empty.lines).toEqual([]);
  });

  it('survives stdin that the command never reads', async () => {
    const result = await spawnProcess(shell('exit 0', { stdin: 'x'.repeat(1024 * 1024) }));
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0 });
  });
});

describe('spawnProcess: onSpawn', () => {
  it('gives the pid before any output, and it equals result.pid', async () => {
    const events: string[] = [];
    let spawnedPid = 0;
    const result = await spawnProcess(
      shell('echo one', {
        onSpawn: (pid) => {
          spawnedPid = pid;
          events.push('spawn');
        },
        onLine: (line) => events.push(line),
      }),
    );
    expect(events).toEqual(['spawn', 'one']);
    expect(spawnedPid).toBe(result.pid);
  });

  it('reports a throwing onSpawn in error without failing the process', async () => {
    const result = await spawnProcess(
      shell('exit 0', {
        onSpawn: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, error: 'output callback failed: boom' });
  });
});
