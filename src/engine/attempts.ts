// Runs one attempt of a stage by kind: command, agent (through its runtime) or nested pipeline.
import { readFileSync } from 'node:fs';
import type { AgentStage, NestedPipelineStage, ReadyProbe, RuntimeSpec, Stage } from '../model/index.js';
import { resolveRuntime, runAgent, runCommandAttempt, runtimeVersion, type AttemptContext, type AttemptOutcome } from '../runtimes/index.js';
import type { ExprContext } from '../expr/index.js';
import { servicePool } from './services.js';
import { projectPath, renderCommand, renderText } from './stage-context.js';
import type { EngineRun } from './types.js';
import type { ExecutedOutcome, RemoteAttempt, StageExecutor } from '../executors/index.js';

/** An attempt sent to a remote executor. */
export interface RemoteRun {
  executor: StageExecutor;
  attempt: RemoteAttempt;
}

/** The remote executor of a stage's attempts, or undefined to run them here (services, nested pipelines and `runs_on: local` stay here). */
export function remoteExecutorFor(run: EngineRun, stage: Stage): StageExecutor | undefined {
  const executor = run.executor;
  if (executor === undefined || stage.runsOn === 'local') return undefined;
  return stage.kind === 'agent' || (stage.kind === 'command' && !stage.service) ? executor : undefined;
}

/** Who ran an attempt, for the `stage.started` event. */
export interface AttemptIdentity {
  runtimeId: string | null;
  runtime?: RuntimeSpec;
  adapter?: string;
  runtimeSource?: 'stage' | 'role' | 'default';
  /** The CLI's answer to `--version` (null when it gave none). */
  runtimeVersion?: string | null;
}

/** Which runtime (and CLI version) an attempt of this stage will use (null for command and nested stages). */
export async function identifyAttempt(run: EngineRun, stage: Stage): Promise<AttemptIdentity> {
  if (stage.kind !== 'agent') return { runtimeId: null };
  const { runtime, source } = resolveRuntime(stage, run.orchestrator);
  const version = await runtimeVersion(runtime, run.root);
  return { runtimeId: runtime.id, runtime, adapter: runtime.adapter, runtimeSource: source, runtimeVersion: version };
}

/** Executes one attempt of a non-parallel stage; `childRun` is the child run id of a `pipeline:` stage. */
export function runAttempt(run: EngineRun, stage: Stage, ctx: AttemptContext, exprCtx: ExprContext, childRun?: string, remote?: RemoteRun): Promise<ExecutedOutcome> {
  switch (stage.kind) {
    case 'command':
      if (stage.service) return servicePool(run).start(stage, renderCommand(stage.run, exprCtx), ctx, renderProbe(stage.service.ready, exprCtx));
      if (remote) return remote.executor.runCommand(renderCommand(stage.run, exprCtx), ctx, remote.attempt);
      return runCommandAttempt(renderCommand(stage.run, exprCtx), ctx);
    case 'agent':
      return runAgentAttempt(run, stage, ctx, exprCtx, remote);
    case 'pipeline':
      return runNestedAttempt(run, stage, ctx, exprCtx, childRun ?? run.services.newChildRunId());
    case 'parallel':
      throw new Error(`internal: parallel stage ${stage.id} has no attempts`);
  }
}

/** A ready probe with its templates rendered (command values go through the shell quoting). */
function renderProbe(probe: ReadyProbe | undefined, exprCtx: ExprContext): ReadyProbe | undefined {
  if (probe?.kind === 'http') return { kind: 'http', url: renderText(probe.url, exprCtx) };
  if (probe?.kind === 'log') return { kind: 'log', text: renderText(probe.text, exprCtx) };
  if (probe?.kind === 'command') {
    const rendered = renderCommand(probe.command, exprCtx);
    if (rendered.kind === 'argv') return { kind: 'command', command: rendered };
    return { kind: 'command', command: { kind: 'shell', script: rendered.script }, env: rendered.env };
  }
  return probe;
}

/** Renders the prompt and hands it to the stage's runtime. */
function runAgentAttempt(run: EngineRun, stage: AgentStage, ctx: AttemptContext, exprCtx: ExprContext, remote?: RemoteRun): Promise<AttemptOutcome> {
  const { runtime } = resolveRuntime(stage, run.orchestrator);
  const template = stage.agent.promptFile ? readFileSync(projectPath(run, stage.agent.promptFile), 'utf8') : (stage.agent.prompt ?? '');
  const request = {
    prompt: renderText(template, exprCtx),
    role: stage.agent.role,
    runtime,
    model: stage.agent.model,
    backendProfile: run.orchestrator.runtimeProfile.backendProfile,
  };
  return remote ? remote.executor.runAgent(request, ctx, remote.attempt) : runAgent(request, ctx);
}

/** Runs the child pipeline as its own run and maps its status to the stage's. */
async function runNestedAttempt(run: EngineRun, stage: NestedPipelineStage, ctx: AttemptContext, exprCtx: ExprContext, childRun: string): Promise<AttemptOutcome> {
  const started = Date.now();
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(stage.with)) inputs[key] = renderText(value, exprCtx);
  const child = await run.services.runChildPipeline({
    parentStage: stage.id,
    runId: childRun,
    file: projectPath(run, stage.pipeline),
    inputs,
    signal: ctx.signal,
  });
  const base = { exitCode: null, signal: null, durationMs: Date.now() - started, pid: null, tail: [] };
  if (child.status === 'succeeded') return { ...base, status: 'succeeded', outputs: child.outputs, reason: null };
  const status = child.status === 'cancelled' ? 'cancelled' : 'failed';
  const why = child.reason ? `: ${child.reason}` : '';
  return { ...base, status, outputs: child.outputs, reason: `child run ${child.runId} ended ${child.status}${why}` };
}
