// `matrix` / `include` / `exclude` / `for_each` / `as` / `max_parallel` / `fail_fast` of one
// stage document -> the model FanOutSpec, with the problems a JSON Schema cannot express.
import type { AgentStage, CommandStage, PipelineStage, Scalar } from '../model/generated/pipeline-document.js';
import { matrixCombinations, type FanOutSpec, type MatrixSpec } from '../model/index.js';
import { parseTemplate } from '../expr/index.js';
import { didYouMean } from './did-you-mean.js';
import type { DocPath, Problem } from './positions.js';

type FanOutDoc = CommandStage | AgentStage | PipelineStage;

/** Most cells one stage may fan out into (a bigger fan-out is almost surely a mistake). */
export const MAX_CELLS = 10_000;

/** Names a for_each item cannot take: they would hide an expression context. */
const RESERVED_AS = ['inputs', 'env', 'stages', 'outputs', 'run', 'pipeline', 'stage', 'matrix'];

/** The fan-out of a stage (undefined when it has none); problems are appended to `problems`. */
export function normaliseFanOut(id: string, doc: FanOutDoc, path: DocPath, problems: Problem[]): FanOutSpec | undefined {
  const at = (key: string, message: string): void => void problems.push({ path: [...path, key], at: 'key', message });
  const isMatrix = doc.matrix !== undefined || doc.include !== undefined;
  if (doc.exclude !== undefined && doc.matrix === undefined) at('exclude', '`exclude` needs `matrix`: it removes cells of the matrix product');
  if (doc.as !== undefined && doc.for_each === undefined) at('as', '`as` needs `for_each`: it names the item a for_each cell reads');
  if (isMatrix && doc.for_each !== undefined) at('for_each', 'use either `matrix` or `for_each`, not both');
  if (!isMatrix && doc.for_each === undefined) {
    for (const key of ['max_parallel', 'fail_fast'] as const) {
      if (doc[key] !== undefined) at(key, `\`${key}\` only applies to \`parallel\` stages and stages with \`matrix\` or \`for_each\``);
    }
    return undefined;
  }
  if (doc.approval !== undefined) at('approval', `stage \`${id}\` fans out: an approval would be asked once per cell; put it on a stage before this one`);
  const limits = { failFast: doc.fail_fast ?? false, ...(doc.max_parallel === undefined ? {} : { maxParallel: doc.max_parallel }) };
  if (isMatrix) return { ...matrixSpec(id, doc, path, problems), ...limits };
  return { kind: 'for_each', items: forEachItems(doc.for_each ?? [], [...path, 'for_each'], problems), as: forEachAs(doc.as, path, problems), ...limits };
}

/** The matrix spec; its exclude keys must be axes, and it must leave at least one cell (and not too many). */
function matrixSpec(id: string, doc: FanOutDoc, path: DocPath, problems: Problem[]): MatrixSpec {
  const axes: Record<string, Scalar[]> = {};
  for (const [key, values] of Object.entries(doc.matrix ?? {})) if (values) axes[key] = values;
  const spec: MatrixSpec = { kind: 'matrix', axes, include: (doc.include ?? []).map(scalars), exclude: (doc.exclude ?? []).map(scalars) };
  const keys = Object.keys(axes);
  spec.exclude.forEach((entry, index) => {
    for (const key of Object.keys(entry)) {
      if (keys.includes(key)) continue;
      problems.push({ path: [...path, 'exclude', index, key], at: 'key', message: `unknown matrix key \`${key}\`${didYouMean(key, keys)} (matrix keys: ${keys.join(', ')})` });
    }
  });
  const count = matrixCombinations(spec).length;
  const where: DocPath = [...path, doc.matrix !== undefined ? 'matrix' : 'include'];
  if (count === 0) problems.push({ path: where, at: 'key', message: `stage \`${id}\`: the matrix has no cells (\`exclude\` removes every combination)` });
  if (count > MAX_CELLS) problems.push({ path: where, at: 'key', message: `stage \`${id}\`: the matrix has ${count} cells; at most ${MAX_CELLS} are supported` });
  return spec;
}

function scalars(entry: Record<string, Scalar | undefined>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(entry)) if (value !== undefined) out[key] = value;
  return out;
}

/** A literal list, or a string that is exactly one `${{ expr }}`. */
function forEachItems(value: string | Scalar[], path: DocPath, problems: Problem[]): string | Scalar[] {
  if (Array.isArray(value)) {
    if (value.length > MAX_CELLS) problems.push({ path, at: 'key', message: `for_each has ${value.length} items; at most ${MAX_CELLS} are supported` });
    return value;
  }
  let single = false;
  try {
    const parts = parseTemplate(value.trim());
    single = parts.length === 1 && parts[0]?.kind === 'expr';
  } catch {
    return value; // the expression check reports the syntax error at its position
  }
  if (!single)
    problems.push({ path, at: 'value', message: '`for_each` must be one `${{ expression }}` whose value is a list (or a literal list), e.g. `${{ stages.plan.outputs.files }}`' });
  return value.trim();
}

/** The name of the item (default `item`), which must not hide a context. */
function forEachAs(as: string | undefined, path: DocPath, problems: Problem[]): string {
  const name = as ?? 'item';
  if (RESERVED_AS.includes(name)) {
    problems.push({ path: [...path, 'as'], at: 'value', message: `\`as: ${name}\` would hide the \`${name}\` context; choose another name` });
  }
  return name;
}
