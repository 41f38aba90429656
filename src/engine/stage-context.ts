// Builds what a stage attempt sees: the expression context, its env and rendered command.
import { resolve } from 'node:path';
import { parseTemplate, renderShellTemplate, renderTemplate, type ExprContext } from '../expr/index.js';
import type { Command, Stage } from '../model/index.js';
import type { RenderedCommand } from '../runtimes/index.js';
import type { RunState } from './run-state.js';
import { addSecretEnvValues, renderPipelineEnv } from './secret-env.js';
import type { EngineRun } from './types.js';

const envOfRun = new WeakMap<EngineRun, Record<string, string | undefined>>();
const pipelineEnvOfRun = new WeakMap<EngineRun, Record<string, string>>();

/** The pipeline's `env`, rendered once when the run starts (the loader refuses `stages` there). */
function pipelineEnv(run: EngineRun): Record<string, string> {
  let env = pipelineEnvOfRun.get(run);
  if (!env) {
    const ctx: ExprContext = {
      inputs: run.inputs,
      env: process.env,
      stages: {},
      outputs: {},
      run: { id: run.runId, dir: run.runDir },
      pipeline: { name: run.pipeline.name },
      stage: { attempt: 0 },
    };
    pipelineEnvOfRun.set(run, (env = renderPipelineEnv(run.pipeline.env, ctx)));
  }
  return env;
}

/** `env` for expressions: the runner's environment with the pipeline's rendered env on top (merged once per run). */
function expressionEnv(run: EngineRun): Record<string, string | undefined> {
  let env = envOfRun.get(run);
  if (!env) envOfRun.set(run, (env = { ...process.env, ...pipelineEnv(run) }));
  return env;
}

/** The expression context at a point of the run; `outputs` is the current stage's. */
export function expressionContext(run: EngineRun, state: RunState, stageId?: string): ExprContext {
  const current = stageId ? state.stage(stageId) : undefined;
  const locals = stageId ? state.localsOf(stageId) : undefined;
  return {
    ...locals,
    inputs: run.inputs,
    env: expressionEnv(run),
    stages: state.expressionView(),
    outputs: current?.outputs ?? {},
    run: { id: run.runId, dir: run.runDir },
    pipeline: { name: run.pipeline.name },
    stage: { attempt: current?.attempts ?? 0, id: stageId },
  };
}

/** Renders a template string (argv items, prompts, env values) against the context. */
export function renderText(text: string, ctx: ExprContext): string {
  return renderTemplate(parseTemplate(text), ctx);
}

/** Substitutes templates into a command: shell values go through env vars, argv items stay one argument. */
export function renderCommand(command: Command, ctx: ExprContext): RenderedCommand {
  if (command.kind === 'shell') {
    const { script, env } = renderShellTemplate(parseTemplate(command.script), ctx);
    return { kind: 'shell', script, env };
  }
  return { kind: 'argv', argv: command.argv.map((item) => renderText(item, ctx)) };
}

/** Environment of one attempt: pipeline env, stage env (templated) and the FLOWSTATE_* variables. */
export function attemptEnv(run: EngineRun, stage: Stage, attempt: number, outputFile: string, ctx: ExprContext): Record<string, string> {
  const env: Record<string, string> = { ...pipelineEnv(run) };
  for (const [key, value] of Object.entries(stage.env)) env[key] = renderText(value, ctx);
  addSecretEnvValues(run.redact, { ...run.pipeline.env, ...stage.env }, run.pipeline.secrets, ctx);
  Object.assign(env, run.extraEnv);
  env.FLOWSTATE_RUN_ID = run.runId;
  env.FLOWSTATE_RUN_DIR = run.runDir;
  env.FLOWSTATE_PIPELINE = run.pipeline.name;
  env.FLOWSTATE_STAGE = stage.id;
  env.FLOWSTATE_ATTEMPT = String(attempt);
  env.FLOWSTATE_OUTPUT = outputFile;
  return env;
}

/** Working directory of a stage: its `cwd` relative to the project root, else the root. */
export function stageCwd(run: EngineRun, stage: Stage): string {
  return stage.cwd ? resolve(run.root, stage.cwd) : run.root;
}

/** Absolute path of a file named relative to the project root. */
export function projectPath(run: EngineRun, file: string): string {
  return resolve(run.root, file);
}

/** What a stage will execute, rendered: the part of its fingerprint that is not file contents. */
export function stageIdentity(run: EngineRun, stage: Stage, ctx: ExprContext): string {
  const env: Record<string, string> = { ...pipelineEnv(run) };
  for (const [key, value] of Object.entries(stage.env)) env[key] = renderText(value, ctx);
  let action: unknown;
  if (stage.kind === 'command') action = renderCommand(stage.run, ctx);
  else if (stage.kind === 'agent') action = { agent: stage.agent, prompt: stage.agent.prompt ? renderText(stage.agent.prompt, ctx) : null };
  else if (stage.kind === 'pipeline') action = { pipeline: stage.pipeline, with: stage.with };
  return JSON.stringify({ action, env, cwd: stage.cwd ?? null });
}
