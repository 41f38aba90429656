// The adapter lifecycle prepare -> start -> send -> resolveOutcome -> cleanup: the order, and
// that cleanup runs after success, adapter errors, spawn failures, timeouts and cancellation.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAdapterLifecycle, type AgentAdapter, type AgentSession, type LifecyclePhase } from '../../src/runtimes/index.js';
import { codexAdapter } from '../../src/runtimes/agent/codex.js';
import { agentRequest, attemptContext, FAKE_CLI, runtimeSpec, tempDir } from './helpers.js';

interface Probe {
  phases: LifecyclePhase[];
  cleanups: number;
  scratch: string | null;
}

/** A test adapter around `node -e SCRIPT`; `fail` makes one hook throw. */
function probeAdapter(probe: Probe, script: string, fail?: 'prepare' | 'line' | 'resolve' | 'cleanup'): AgentAdapter {
  return {
    name: 'probe',
    cli: 'probe',
    versionArgv: () => ['node', '--version'],
    prepare(req, ctx): AgentSession {
      probe.scratch = ctx.scratch.file('state.txt');
      writeFileSync(probe.scratch, 'x');
      if (fail === 'prepare') throw new Error('prepare exploded');
      return {
        invocation: { argv: [process.execPath, '-e', script], env: {}, stdin: req.prompt },
        onStdoutLine: () => {
          if (fail === 'line') throw new Error('parser exploded');
        },
        resolveOutcome: (result) => {
          if (fail === 'resolve') throw new Error('verdict exploded');
          return { text: `exit ${result.exitCode}`, failure: null, sessionId: 's', notes: ['probe note'] };
        },
        cleanup: () => {
          probe.cleanups++;
          if (fail === 'cleanup') throw new Error('cleanup exploded');
        },
      };
    },
  };
}

const ECHO = 'process.stdin.pipe(process.stdout)';

async function run(script: string, fail?: 'prepare' | 'line' | 'resolve' | 'cleanup', ctxExtra = {}) {
  const probe: Probe = { phases: [], cleanups: 0, scratch: null };
  const dir = tempDir();
  const ctx = attemptContext(dir, ctxExtra);
  const outcome = await runAdapterLifecycle(probeAdapter(probe, script, fail), agentRequest(runtimeSpec('probe', ['probe'])), ctx, {
    onPhase: (phase) => probe.phases.push(phase),
  });
  const log = existsSync(ctx.logFile) ? readFileSync(ctx.logFile, 'utf8') : '';
  return { probe, outcome, log };
}

describe('adapter lifecycle', () => {
  it('runs the phases in order and cleans up after success', async () => {
    const { probe, outcome, log } = await run(ECHO);
    expect(probe.phases).toEqual(['prepare', 'start', 'send', 'resolveOutcome', 'cleanup']);
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: { text: 'exit 0' }, sessionId: 's' });
    expect(probe.cleanups).toBe(1);
    expect(existsSync(probe.scratch ?? '')).toBe(false);
    expect(log).toContain('Review the change');
    expect(log).toContain('[flowstate] probe note');
  });

  it('cleans up when prepare throws, and fails the attempt with the adapter’s message', async () => {
    const { probe, outcome } = await run(ECHO, 'prepare');
    expect(probe.phases).toEqual(['prepare', 'cleanup']);
    expect(outcome).toMatchObject({ status: 'failed', pid: null, reason: 'probe adapter: prepare exploded' });
    expect(existsSync(probe.scratch ?? '')).toBe(false);
  });

  it('cleans up when the stream parser throws', async () => {
    const { probe, outcome } = await run(ECHO, 'line');
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 0, reason: 'probe adapter: parser exploded' });
    expect(probe.cleanups).toBe(1);
  });

  it('cleans up when resolveOutcome throws', async () => {
    const { probe, outcome } = await run(ECHO, 'resolve');
    expect(outcome.reason).toBe('probe adapter: verdict exploded');
    expect(probe.phases.at(-1)).toBe('cleanup');
    expect(existsSync(probe.scratch ?? '')).toBe(false);
  });

  it('a failing cleanup is noted in the log and does not change the outcome', async () => {
    const { outcome, log, probe } = await run(ECHO, 'cleanup');
    expect(outcome.status).toBe('succeeded');
    expect(log).toContain('[flowstate] cleanup failed: cleanup exploded');
    expect(existsSync(probe.scratch ?? '')).toBe(false);
  });

  it('a throwing line callback of the caller does not starve the stream parser', async () => {
    const dir = tempDir();
    const ctx = attemptContext(dir, {
      onLine: () => {
        throw new Error('reporter broke');
      },
    });
    const outcome = await runAdapterLifecycle(codexAdapter, agentRequest(runtimeSpec('codex', [FAKE_CLI.codex])), ctx);
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: { signal: 'pass' } });
    expect(readFileSync(ctx.logFile, 'utf8')).toContain('[flowstate] output callback failed: reporter broke');
  });

  it('cleans up after a timeout', async () => {
    const { probe, outcome } = await run('setInterval(() => {}, 1000)', undefined, { timeoutMs: 150, killGraceMs: 100 });
    expect(outcome.status).toBe('timed_out');
    expect(probe.phases).toEqual(['prepare', 'start', 'send', 'resolveOutcome', 'cleanup']);
    expect(existsSync(probe.scratch ?? '')).toBe(false);
  });

  it('cleans up after cancellation, also when cancelled before the start', async () => {
    const controller = new AbortController();
    const running = run("console.log('ready'); setInterval(() => {}, 1000)", undefined, {
      signal: controller.signal,
      onLine: () => controller.abort(),
    });
    const { probe, outcome } = await running;
    expect(outcome.status).toBe('cancelled');
    expect(probe.cleanups).toBe(1);
    const early = new AbortController();
    early.abort();
    const before = await run(ECHO, undefined, { signal: early.signal });
    expect(before.outcome.status).toBe('cancelled');
    expect(before.probe.phases).toEqual(['prepare', 'start', 'resolveOutcome', 'cleanup']);
  });

  it('cleans up when the executable does not exist (exit 127)', async () => {
    const dir = tempDir();
    const ctx = attemptContext(dir);
    const phases: LifecyclePhase[] = [];
    const req = agentRequest(runtimeSpec('codex', [`${dir}/no-such-codex`]));
    const outcome = await runAdapterLifecycle(codexAdapter, req, ctx, { onPhase: (p) => phases.push(p) });
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 127 });
    expect(phases.at(-1)).toBe('cleanup');
  });

  it('removes the codex -o scratch file after a CLI that ignored SIGTERM was killed', async () => {
    const dir = tempDir();
    const ctx = attemptContext(dir, { timeoutMs: 1000, killGraceMs: 100 }, { FAKE_AGENT_MODE: 'ignore-term' });
    const outcome = await runAdapterLifecycle(codexAdapter, agentRequest(runtimeSpec('codex', [FAKE_CLI.codex])), ctx);
    expect(outcome.status).toBe('timed_out');
    const argv = (JSON.parse(readFileSync(`${dir}/record.jsonl`, 'utf8')) as { argv: string[] }).argv;
    expect(existsSync(argv[argv.indexOf('-o') + 1].replace(/\/[^/]+$/, ''))).toBe(false);
  });
});
