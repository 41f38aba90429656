// Secret environment variables make their values secrets: `env: { GH_TOKEN: "${{ inputs.tok }}" }`
// makes the rendered value and every value spliced into it (here inputs.tok) secret, wherever
// else they appear (the run's inputs, messages, logs, a nested run's `with:`).
import { evaluate, parseTemplate, stringifyValue, type ExprContext } from '../expr/index.js';
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
  return {
    inputs,
    env: { ...process.env, ...pipeline.env },
    stages: {},
    outputs: {},
    run: { id: '', dir: '' },
    pipeline: { name: pipeline.name },
    stage: { attempt: 0 },
  };
}

/** Adds every secret env value of a pipeline (its env and each stage's) that inputs and env determine. */
export function addStaticSecretEnv(redact: Redactor, pipeline: Pipeline, inputs: Record<string, unknown>): void {
  const ctx = staticContext(pipeline, inputs);
  addSecretEnvValues(redact, pipeline.env, pipeline.secrets, ctx);
  for (const stage of allStages(pipeline)) addSecretEnvValues(redact, stage.env, pipeline.secrets, ctx);
}
