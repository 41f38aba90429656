// Faults on the runner's own output: a reader that goes away (EPIPE), a reader that is slow
// (bounded memory, dropped lines counted), and a terminal that is closed (SIGHUP via a pty).
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, runCli } from '../e2e/helpers.js';
import { expectNoProcessesOf, expectNoStackTrace, expectStatusAgreesWithJournal, runDirs, start, until } from './helpers.js';

const NOISY = pipelineYaml('noisy', '  a:\n    run: seq 1 200000; sleep 0.3\n  b:\n    run: echo b > b.done\n');

describe('a closed stdout', () => {
  it('`run -v | head -3`: printing stops, the run finishes, exit 0, no stack trace, nothing left', async () => {
    const project = makeProject({ 'noisy.yaml': NOISY });
    const shell = start(project, ['-c', `node ${JSON.stringify(join(process.cwd(), 'bin/flowstate.js'))} run noisy.yaml -v | head -3; echo "rc=\${PIPESTATUS[0]}" >&2`], {
      command: 'bash',
    });
    expect(await shell.exit).toBe(0);
    expect(shell.out().split('\n').filter(Boolean)).toHaveLength(3);
    expect(shell.err()).toContain('rc=0');
    expectNoStackTrace(shell.err());
    const [runDir] = runDirs(project, 'noisy');
    expect(readEvents(runDir).at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect(existsSync(join(project, 'b.done'))).toBe(true);
    await expectNoProcessesOf(runDir.split('/').pop() as string);
    expectStatusAgreesWithJournal(project, runDir);
  });

  it('listing commands exit 0 quietly when the reader is gone before they print', async () => {
    const project = makeProject({ 'noisy.yaml': NOISY });
    expect(runCli(project, ['run', 'noisy.yaml']).code).toBe(0);
    for (const args of [['runs'], ['status', '--json'], ['logs', 'last']]) {
      const cli = start(project, args);
      cli.child.stdout?.destroy(); // the read end closes before the command writes anything
      expect(await cli.exit, args.join(' ')).toBe(0);
      expect(cli.err(), args.join(' ')).toBe('');
    }
  });
});

describe('a slow reader of `run -v`', () => {
  it('keeps the runner bounded: lines it cannot write are counted and reported, the run succeeds', async () => {
    const project = makeProject({ 'flood.yaml': pipelineYaml('flood', '  a:\n    run: seq 1 2000000\n') });
    const cli = start(project, ['run', 'flood.yaml', '-v']);
    cli.child.stdout?.removeAllListeners('data');
    cli.child.stdout?.pause(); // nobody reads: the pipe fills and stays full
    const status = `/proc/${cli.child.pid}/status`;
    let peakKb = 0;
    const sample = (): void => {
      try {
        peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1] ?? peakKb);
      } catch {
        // exited
      }
    };
    const runDir = await until('the run dir', () => runDirs(project, 'flood')[0]);
    await until(
      'the stage to finish',
      () => {
        sample();
        return readEvents(runDir).some((e) => e.type === 'stage.finished');
      },
      120_000,
    );
    sample();
    let out = '';
    cli.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    cli.child.stdout?.resume();
    expect(await cli.exit).toBe(0);
    // Without backpressure the runner buffers every line: over 300 MB for these 2M lines.
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(200 * 1024);
    expect(out).toMatch(/… [\d,]+ lines not shown \(output was faster than the reader\), see flowstate logs \d{8}-\d{6}-\w{4}/);
    expect(out).toContain('✓ succeeded');
    expectNoStackTrace(cli.err());
  }, 150_000);
});

/** `script` gives the command a real pty; SIGKILLing `script` closes it (a closed terminal). */
function inPty(project: string, command: string): ReturnType<typeof start> {
  return start(project, ['-qfec', `exec node ${JSON.stringify(join(process.cwd(), 'bin/flowstate.js'))} ${command}`, '/dev/null'], {
    command: 'script',
    env: { SHELL: '/bin/sh' },
  });
}

describe('SIGHUP (the terminal is closed)', () => {
  const STAGE = '  serve:\n    run: if [ -f go-on ]; then echo resumed; else sleep 30; fi\n';

  it('under `run`: stages are stopped, the run is journalled and resumes', async () => {
    const project = makeProject({ 'h.yaml': pipelineYaml('h', STAGE) });
    const pty = inPty(project, 'run h.yaml');
    const runDir = await until('the stage to start', () => runDirs(project, 'h').find((d) => readEvents(d).some((e) => e.type === 'stage.started')));
    const runId = runDir.split('/').pop() as string;
    pty.child.kill('SIGKILL');
    await pty.exit;
    await until('the runner to end', () => !existsSync(join(runDir, 'lock')));
    await expectNoProcessesOf(runId);
    const events = readEvents(runDir);
    expect(events.find((e) => e.type === 'stage.finished')).toMatchObject({ status: 'cancelled', reason: 'interrupted' });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    expect(expectStatusAgreesWithJournal(project, runDir).resumable).toBe(true);
    writeFileSync(join(project, 'go-on'), '');
    const resumed = runCli(project, ['resume', runId]);
    expect(resumed.code).toBe(0);
    expectNoStackTrace(resumed.stderr);
  });

  it('under `watch`: the server stage is stopped, so the next watch does not start a second one', async () => {
    const project = makeProject({ 'w.yaml': pipelineYaml('w', STAGE) });
    const first = inPty(project, 'watch w.yaml');
    const runDir = await until('the server to start', () => runDirs(project, 'w').find((d) => readEvents(d).some((e) => e.type === 'stage.started')));
    first.child.kill('SIGKILL');
    await first.exit;
    await until('the watch to end', () => !existsSync(join(runDir, 'lock')));
    await expectNoProcessesOf(runDir.split('/').pop() as string);
    expect(readEvents(runDir).at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    expectStatusAgreesWithJournal(project, runDir);
  });
});

describe('`flowstate logs` of a huge log', () => {
  it('streams it in bounded memory, all of it, to a slow reader', async () => {
    const project = makeProject({ 'p.yaml': pipelineYaml('p', '  a:\n    run: echo hi\n') });
    expect(runCli(project, ['run', 'p.yaml']).code).toBe(0);
    const runDir = runDirs(project, 'p')[0];
    const size = 300_000_000;
    truncateSync(join(runDir, 'logs/a.1.log'), size); // sparse: 300 MB to read, none to write
    const cli = start(project, ['logs', runDir.split('/').pop() as string, 'a']);
    const status = `/proc/${cli.child.pid}/status`;
    let peakKb = 0;
    const sample = (): void => {
      try {
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1] ?? 0));
      } catch {
        // exited
      }
    };
    cli.child.stdout?.removeAllListeners('data');
    cli.child.stdout?.pause(); // a slow reader first: the pipe fills
    await until('the log to be opened', () => (sample(), peakKb > 0));
    let bytes = 0;
    const timer = setInterval(sample, 10);
    cli.child.stdout?.on('data', (chunk: Buffer) => (bytes += chunk.length));
    cli.child.stdout?.resume();
    expect(await cli.exit).toBe(0);
    clearInterval(timer);
    expect(bytes).toBe(size);
    // Reading the whole file into memory first (the old way) peaks above 300 MB.
    expect(peakKb).toBeLessThan(150 * 1024);
    expectNoStackTrace(cli.err());
  }, 60_000);
});
