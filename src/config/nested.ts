// Nested pipeline stages: the child file loads and is valid, no file nests itself, and `with:`
// gives exactly the child's inputs.
import path from 'node:path';
import type { NestedPipelineStage, Pipeline } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import { didYouMean } from './did-you-mean.js';
import type { StageEntry } from './normalise-stage.js';
import type { Problem } from './positions.js';

/** The outcome of loading a nested pipeline file. */
export type NestedResult = { status: 'ok'; pipeline: Pipeline } | { status: 'missing' | 'unreadable'; message: string } | { status: 'invalid'; errors: number; display: string };

/** What the nested check needs from the loader: load a file (stack = files being loaded). */
export interface NestedLoader {
  loadNested(file: string, stack: readonly string[]): NestedResult;
}

/** Problems of every nested pipeline stage of the pipeline loaded from `stack`'s last file. */
export function checkNested(ctx: CheckContext, loader: NestedLoader, stack: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.entries) {
    if (entry.stage.kind !== 'pipeline' || ctx.brokenStages.has(entry.id)) continue;
    problems.push(...nestedProblems(ctx, entry, entry.stage, loader, stack));
  }
  return problems;
}

function nestedProblems(ctx: CheckContext, entry: StageEntry, stage: NestedPipelineStage, loader: NestedLoader, stack: readonly string[]): Problem[] {
  const file = path.resolve(ctx.root, stage.pipeline);
  const at = { path: [...entry.path, 'pipeline'], at: 'value' as const };
  const relative = (abs: string) => path.relative(ctx.root, abs).split(path.sep).join('/') || abs;
  if (stack.includes(file)) {
    const chain = [...stack.slice(stack.indexOf(file)), file].map(relative).join(' -> ');
    return [{ ...at, message: `nested pipelines form a cycle: ${chain}` }];
  }
  const result = loader.loadNested(file, stack);
  switch (result.status) {
    case 'missing':
      return [{ ...at, message: `nested pipeline file \`${stage.pipeline}\` not found (paths are relative to the project root)` }];
    case 'unreadable':
      return [{ ...at, message: `nested pipeline file \`${stage.pipeline}\`: ${result.message}` }];
    case 'invalid':
      return [{ ...at, message: `nested pipeline \`${stage.pipeline}\` is invalid (${result.errors} error${result.errors === 1 ? '' : 's'} in ${result.display})` }];
    case 'ok':
      return withProblems(entry, stage, result.pipeline);
  }
}

function withProblems(entry: StageEntry, stage: NestedPipelineStage, child: Pipeline): Problem[] {
  const inputs = Object.keys(child.inputs);
  const problems: Problem[] = [];
  for (const key of Object.keys(stage.with)) {
    if (Object.hasOwn(child.inputs, key)) continue;
    const declared = inputs.length > 0 ? `its inputs: ${inputs.join(', ')}` : 'it declares no inputs';
    problems.push({
      path: [...entry.path, 'with', key],
      at: 'key',
      message: `\`${key}\` is not an input of nested pipeline \`${child.name}\`${didYouMean(key, inputs)} (${declared})`,
    });
  }
  const missing = inputs.filter((name) => child.inputs[name]?.required === true && !Object.hasOwn(stage.with, name));
  if (missing.length > 0) {
    const names = missing.map((n) => `\`${n}\``).join(', ');
    problems.push({
      path: [...entry.path, 'with' in entry.doc ? 'with' : 'pipeline'],
      at: 'key',
      message: `nested pipeline \`${child.name}\` requires input${missing.length === 1 ? '' : 's'} ${names} (no default); set ${missing.length === 1 ? 'it' : 'them'} under \`with:\``,
    });
  }
  return problems;
}
