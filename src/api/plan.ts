// `run --dry-run`: what a run would do, resolved as far as inputs allow. Writes nothing.
import { cellsLabel } from '../compile/index.js';
import { coerceInputs } from '../config/index.js';
import { redactValue, selectStages, staticContext } from '../engine/index.js';
import { evaluateCondition, parseExpression, parseTemplate, references, stringifyValue, evaluate, type ExprContext, type ParsedExpression } from '../expr/index.js';
import { allStages, type Stage } from '../model/index.js';
import { resolveRuntimeId } from '../runtimes/index.js';
import { redactorFor } from './drive-run.js';
import { preparePipeline } from './load.js';
import { reuseForSelection } from './reuse-outputs.js';
import { openProject, resolvePipelineFile } from './project.js';
import type { RunOptions } from './run-pipeline.js';

export interface PlannedStage {
  id: string;
  kind: Stage['kind'];
  /** Parallel group of a branch. */
  group?: string;
  /** The command, prompt summary or child pipeline, with what inputs can resolve substituted. */
  action: string;
  runtime?: string;
  /** Why it would not run, when that is already known. */
  skip?: string;
  /** `if` that needs stage outputs: decided at run time. */
  condition?: string;
  /** A fanned-out stage: `matrix: 6 cells, at most 2 at once`. */
  cells?: string;
}

export interface DryRunPlan {
  pipeline: string;
  hash: string;
  inputs: Record<string, unknown>;
  stages: PlannedStage[];
}

const STATIC_CONTEXTS = new Set(['inputs', 'env', 'pipeline']);

/** Builds the plan of a run without running or writing anything. */
export function planRun(options: Omit<RunOptions, 'signal' | 'onEvent' | 'onStageLine'>): DryRunPlan {
  const project = openProject(options, options.pipeline);
  const prepared = preparePipeline(project, resolvePipelineFile(project, options.pipeline));
  const { pipeline } = prepared;
  const given = Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [k, String(v)]));
  const inputs = coerceInputs(pipeline, given);
  const selection = selectStages(pipeline, { target: options.target, from: options.from });
  // The same refusal (exit 2) and the same reuse as the run would have.
  const reuse = selection ? reuseForSelection(project.orchestrator.runsDir, pipeline, selection) : {};
  const ctx: ExprContext = { ...staticContext(pipeline, inputs), run: { id: '(dry-run)', dir: '(dry-run)' }, stage: { attempt: 1 } };
  const groups = new Map<string, string>();
  for (const s of pipeline.stages) if (s.kind === 'parallel') for (const b of s.branches) groups.set(b.id, s.id);
  const stages = allStages(pipeline).map((stage): PlannedStage => {
    const planned: PlannedStage = { id: stage.id, kind: stage.kind, action: describeAction(stage, ctx) };
    const group = groups.get(stage.id);
    if (group) planned.group = group;
    if (stage.kind !== 'parallel' && stage.fanout) planned.cells = `${stage.fanout.kind}: ${cellsLabel(stage)}`;
    if (stage.kind === 'agent') planned.runtime = resolveRuntimeId(stage, project.orchestrator)?.id;
    const reused = reuse[stage.id]?.reused_from;
    if (selection && !selection.has(stage.id)) planned.skip = `not selected (--target/--from)${reused ? `; reuses run ${reused}` : ''}`;
    else if (stage.if) {
      const expr = parseExpression(stage.if);
      if (!isStatic(expr)) planned.condition = `if ${stage.if} (decided at run time)`;
      else if (!evaluateCondition(expr, ctx)) planned.skip = `if ${stage.if} is false`;
    }
    return planned;
  });
  // Secrets (inputs, env, what is spliced into secret env vars) are masked like in a real run.
  return redactValue({ pipeline: pipeline.name, hash: prepared.compiled.hash, inputs, stages }, redactorFor(prepared, inputs));
}

/** True when an expression only reads inputs, env and pipeline (known before the run). */
function isStatic(expr: ParsedExpression): boolean {
  return references(expr).every((r) => STATIC_CONTEXTS.has(r.path[0] ?? ''));
}

/** Substitutes the templates that can be resolved now and leaves the others as written. */
function partialRender(text: string, ctx: ExprContext): string {
  return parseTemplate(text)
    .map((part) => {
      if (part.kind === 'text') return part.value;
      return isStatic(part.expr) ? stringifyValue(evaluate(part.expr, ctx)) : `\${{ ${part.expr.source} }}`;
    })
    .join('');
}

/** One line saying what a stage would do. */
function describeAction(stage: Stage, ctx: ExprContext): string {
  switch (stage.kind) {
    case 'command':
      return stage.run.kind === 'shell' ? partialRender(stage.run.script, ctx) : JSON.stringify(stage.run.argv.map((a) => partialRender(a, ctx)));
    case 'agent':
      return `agent ${stage.agent.role}: ${stage.agent.promptFile ?? firstLine(partialRender(stage.agent.prompt ?? '', ctx))}`;
    case 'pipeline':
      return `pipeline ${stage.pipeline}`;
    case 'parallel':
      return `parallel ${stage.branches.map((b) => b.id).join(', ')}${stage.failFast ? ' (fail_fast)' : ''}`;
  }
}

/** The first line of a text, shortened for display. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
