// Secret environment variables make their values secrets: `env: { GH_TOKEN: "${{ inputs.tok }}" }`
// makes the rendered value and every value spliced into it (here inputs.tok) secret, wherever
// else they appear (the run's inputs, messages, logs, a nested run's `with:`).
import { evaluate, parseTemplate, renderTemplate, stringifyValue, type ExprContext } from '../expr/index.js';
import { allStages, isSecretName, type Pipeline } from '../model/index.js';
import type { Redactor } from './secrets.js';

/** Adds the values of secret-named variables of `env` (templates rendered with `ctx`) to the redactor. */
export function addSecretEnvValues(redact: Redactor, env: Record<string, string>, declared: readonly string[], ctx: ExprContext): void {
  for (const [name, template] of Object.entries(env)) {
    if (!isSecretName(name, declared)) continue;
    let rendered = '';
    for (const part of parseTemplate(template)) {
      if (part.kind === 'text') {
        rendered += part.value;
        continue;
      }
      let value: string;
      try {
        value = stringifyValue(evaluate(part.expr, ctx));
      } catch {
        return; // needs what is not known yet (stage outputs): added when the stage runs
      }
      redact.add(value);
      rendered += value;
    }
    redact.add(rendered);
  }
}

/** The expression context known before a run starts: inputs, env and the pipeline (no stage has run). */
export function staticContext(pipeline: Pipeline, inputs: Record<string, unknown>): ExprContext {
  const ctx: ExprContext = {
    inputs,
    env: process.env,
    stages: {},
    outputs: {},
    run: { id: '', dir: '' },
    pipeline: { name: pipeline.name },
    stage: { attempt: 0 },
  };
  ctx.env = { ...process.env, ...renderPipelineEnv(pipeline.env, ctx) };
  return ctx;
}

/** The pipeline's `env` with its templates rendered (it may read inputs and env, never stages). */
export function renderPipelineEnv(env: Record<string, string>, ctx: ExprContext): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) rendered[key] = renderTemplate(parseTemplate(value), ctx);
  return rendered;
}

/** Adds every secret env value of a pipeline (its env and each stage's) that inputs and env determine. */
export function addStaticSecretEnv(redact: Redactor, pipeline: Pipeline, inputs: Record<string, unknown>): void {
  const ctx = staticContext(pipeline, inputs);
  addSecretEnvValues(redact, pipeline.env, pipeline.secrets, ctx);
  for (const stage of allStages(pipeline)) addSecretEnvValues(redact, stage.env, pipeline.secrets, ctx);
}
