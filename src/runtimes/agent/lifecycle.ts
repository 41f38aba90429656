// The adapter lifecycle every agent attempt goes through:
//   prepare -> start -> send -> resolveOutcome -> cleanup
// prepare builds the command line (and scratch files); start spawns the CLI in its own
// process group (exec); send delivers the prompt (stdin, written and closed as soon as the
// process exists, or already in argv); resolveOutcome turns the streamed output into a
// verdict; cleanup releases scratch files and always runs: after success, adapter errors,
// timeouts and cancellation.
import { spawnProcess, type ProcessResult } from '../../exec/index.js';
import type { AttemptContext, AttemptOutcome } from '../types.js';
import { HUMAN_TAIL_LINES, HumanTail, isProtocolLine } from './human-tail.js';
import { appendLogNotes, summaryNote } from './log-notes.js';
import { adapterFailure, composeOutcome } from './outcome.js';
import { ScratchDir } from './scratch.js';
import type { AgentAdapter, AgentRequest, AgentSession, AgentVerdict } from './types.js';

/** The lifecycle phases, in order. */
export type LifecyclePhase = 'prepare' | 'start' | 'send' | 'resolveOutcome' | 'cleanup';

/** Test and tracing hook: told when each phase begins. */
export interface LifecycleObserver {
  onPhase?: (phase: LifecyclePhase) => void;
}

/** stderr lines kept for a failure tail (before the adapter's own lines). */
const STDERR_TAIL_LINES = 3;

/** Runs one agent attempt through an adapter; never throws for agent or adapter failures. */
export async function runAdapterLifecycle(adapter: AgentAdapter, req: AgentRequest, ctx: AttemptContext, observer: LifecycleObserver = {}): Promise<AttemptOutcome> {
  const phase = (name: LifecyclePhase): void => observer.onPhase?.(name);
  const scratch = new ScratchDir(`flowstate-${adapter.name}-`);
  const notes: string[] = [];
  let session: AgentSession | undefined;
  let result: ProcessResult | null = null;
  try {
    phase('prepare');
    session = await adapter.prepare(req, { cwd: ctx.cwd, scratch });
    const consumer = guardedConsumer(session.onStdoutLine);
    const stderr = new HumanTail(STDERR_TAIL_LINES);
    const forward = guardedForward(ctx.onLine, notes);
    const onLine: AttemptContext['onLine'] = (line, stream) => {
      if (stream === 'stderr' && !isProtocolLine(line)) stderr.say(line);
      forward?.(line, stream);
    };
    result = await startAndSend(session, req, { ...ctx, onLine }, consumer.consume, phase);
    phase('resolveOutcome');
    consumer.rethrow();
    const verdict: AgentVerdict = await session.resolveOutcome(result);
    notes.push(...verdict.notes);
    if (result.lingered === true && result.error !== null) notes.push(`${adapter.cli}: ${result.error}`);
    const summary = summaryNote(adapter.cli, verdict.sessionId, verdict.usage);
    if (summary !== null) notes.push(summary);
    const tail = verdict.tail === undefined ? undefined : [...stderr.lines(), ...verdict.tail].slice(-HUMAN_TAIL_LINES);
    return composeOutcome(result, { ...verdict, ...(tail === undefined ? {} : { tail }) }, ctx.outputFile);
  } catch (error) {
    notes.push(`${adapter.name} adapter failed: ${error instanceof Error ? error.message : String(error)}`);
    return adapterFailure(adapter.name, error, result);
  } finally {
    phase('cleanup');
    notes.push(...(await cleanUp(session, scratch)));
    appendLogNotes(ctx.logFile, notes);
  }
}

/** start + send: spawns the CLI with the prompt on stdin (or in argv) and streams stdout to the session. */
function startAndSend(
  session: AgentSession,
  req: AgentRequest,
  ctx: AttemptContext,
  consume: (line: string) => void,
  phase: (name: LifecyclePhase) => void,
): Promise<ProcessResult> {
  const { invocation } = session;
  phase('start');
  return spawnProcess({
    command: { kind: 'argv', argv: invocation.argv },
    cwd: ctx.cwd,
    env: { ...ctx.env, ...req.runtime.env, ...invocation.env },
    stdin: invocation.stdin,
    logFile: ctx.logFile,
    timeoutMs: ctx.timeoutMs,
    idleTimeoutMs: ctx.idleTimeoutMs,
    killGraceMs: ctx.killGraceMs,
    finishedSignal: session.finished,
    lingerGraceMs: ctx.lingerGraceMs,
    signal: ctx.signal,
    redact: ctx.redact,
    captureStdout: invocation.captureStdoutBytes === undefined ? false : { maxBytes: invocation.captureStdoutBytes },
    onSpawn: (pid) => {
      ctx.onSpawn(pid);
      phase('send'); // exec has handed the prompt to stdin and closed it (or it is in argv)
    },
    onLine: (line, stream) => {
      if (stream === 'stdout') consume(line);
      ctx.onLine?.(line, stream);
    },
  });
}

/** Wraps a stdout consumer so that a parser bug cannot stop exec's line routing; rethrown later. */
function guardedConsumer(onLine: ((line: string) => void) | undefined): { consume: (line: string) => void; rethrow: () => void } {
  let failure: { error: unknown } | null = null;
  return {
    consume: (line) => {
      if (onLine === undefined || failure !== null) return;
      try {
        onLine(line);
      } catch (error) {
        failure = { error };
      }
    },
    rethrow: () => {
      if (failure !== null) throw failure.error;
    },
  };
}

/** The caller's line callback, kept from stopping exec's line routing (the parser needs every line). */
function guardedForward(onLine: AttemptContext['onLine'], notes: string[]): AttemptContext['onLine'] {
  if (onLine === undefined) return undefined;
  let failed = false;
  return (line, stream) => {
    if (failed) return;
    try {
      onLine(line, stream);
    } catch (error) {
      failed = true;
      notes.push(`output callback failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** Runs the session's cleanup and removes the scratch directory; returns problems as log notes. */
async function cleanUp(session: AgentSession | undefined, scratch: ScratchDir): Promise<string[]> {
  const problems: string[] = [];
  try {
    await session?.cleanup?.();
  } catch (error) {
    problems.push(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    scratch.remove();
  } catch (error) {
    problems.push(`could not remove scratch directory: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
