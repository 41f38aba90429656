// Which names an expression may read (DESIGN §2 contexts), and the message when it reads others.
import type { Reference } from '../expr/index.js';
import { didYouMean } from './did-you-mean.js';
import type { OutputReadCheck } from './output-writers.js';

/** What is known where an expression is written; `undefined` sets mean "not checkable here". */
export interface ExpressionScope {
  inputs?: ReadonlySet<string>;
  stages?: ReadonlySet<string>;
  /** `outputs` (the current stage's) is only readable in a route `when`. */
  outputs: boolean;
  /** Warns about reads of stage outputs nothing is seen writing (without a `??` default). */
  outputReads?: OutputReadCheck;
  /** The pipeline-level `env`: rendered once when the run starts, so no stage context is readable. */
  runLevel?: boolean;
  /** A matrix stage: the keys `matrix.<key>` may read. */
  matrixKeys?: ReadonlySet<string>;
  /** A for_each stage: the name (`as`) its item is read by. */
  item?: string;
}

const CONTEXTS = ['inputs', 'env', 'stages', 'outputs', 'run', 'pipeline', 'stage'];
const FIELDS: Record<string, readonly string[]> = { run: ['id', 'dir'], pipeline: ['name'], stage: ['attempt'] };
const STAGE_FIELDS = ['outputs', 'status'];

/** Why the pipeline-level `env` cannot read a stage context. */
const RUN_LEVEL_MESSAGE = (name: string): string =>
  `the pipeline's \`env\` is rendered once when the run starts, so it cannot read \`${name}\`; set the variable in the stage's own \`env:\``;

/** A problem with a reference and which of its path segments is at fault. */
export interface ReferenceProblem {
  message: string;
  /** Index of the path segment at fault (0 = the context name). */
  segment: number;
}

/** Checks one reference against the scope; undefined when it is fine. */
export function checkReference(reference: Reference, scope: ExpressionScope): ReferenceProblem | undefined {
  const [root, first, second, third] = reference.path;
  if (scope.item !== undefined && root === scope.item) return undefined;
  switch (root) {
    case 'matrix':
      return checkMatrix(first, scope);
    case 'inputs':
      return checkInput(first, reference.path.length, scope);
    case 'env':
      return reference.path.length > 2 ? { message: `\`env.${first}\` is a string; it has no property \`${second}\``, segment: 2 } : undefined;
    case 'stages':
      if (scope.runLevel) return { message: RUN_LEVEL_MESSAGE('stages'), segment: 0 };
      return checkStage(first, second, third, scope);
    case 'outputs':
      return scope.outputs ? undefined : { message: '`outputs` is only available in a route `when`; use `stages.<id>.outputs.<key>`', segment: 0 };
    case 'stage':
      if (scope.runLevel) return { message: RUN_LEVEL_MESSAGE('stage'), segment: 0 };
      return checkField(root, first, reference.path.length);
    case 'run':
    case 'pipeline':
      return checkField(root, first, reference.path.length);
    default:
      return {
        message: `unknown context \`${root}\`${didYouMean(root ?? '', CONTEXTS)} (expressions can read ${CONTEXTS.join(', ')})`,
        segment: 0,
      };
  }
}

function checkMatrix(key: string | undefined, scope: ExpressionScope): ReferenceProblem | undefined {
  if (scope.matrixKeys === undefined) {
    return { message: '`matrix` is only available in the commands, env and `with` of a stage with `matrix:` (not in its `if` or routes, decided once for the stage)', segment: 0 };
  }
  if (key === undefined) return { message: '`matrix` needs a key: `matrix.<key>`', segment: 0 };
  if (!scope.matrixKeys.has(key)) {
    return { message: `unknown matrix key \`${key}\`${didYouMean(key, scope.matrixKeys)} (matrix keys: ${[...scope.matrixKeys].join(', ')})`, segment: 1 };
  }
  return undefined;
}

function checkInput(name: string | undefined, length: number, scope: ExpressionScope): ReferenceProblem | undefined {
  if (name === undefined || scope.inputs === undefined) return undefined;
  if (!scope.inputs.has(name)) {
    const declared = scope.inputs.size === 0 ? 'this pipeline declares no inputs' : `inputs: ${[...scope.inputs].join(', ')}`;
    return { message: `unknown input \`${name}\`${didYouMean(name, scope.inputs)} (${declared})`, segment: 1 };
  }
  return length > 2 ? { message: `input \`${name}\` is a single value; it has no properties`, segment: 2 } : undefined;
}

function checkStage(id: string | undefined, field: string | undefined, key: string | undefined, scope: ExpressionScope): ReferenceProblem | undefined {
  const usage = 'use `stages.<id>.outputs.<key>` or `stages.<id>.status`';
  if (id === undefined) return { message: `\`stages\` needs a stage id: ${usage}`, segment: 0 };
  if (scope.stages !== undefined && !scope.stages.has(id)) {
    return { message: `unknown stage \`${id}\`${didYouMean(id, scope.stages)}`, segment: 1 };
  }
  if (field === undefined) return { message: `\`stages.${id}\` needs a field: ${usage}`, segment: 1 };
  if (!STAGE_FIELDS.includes(field)) {
    return { message: `unknown stage field \`${field}\`${didYouMean(field, STAGE_FIELDS)} (${usage})`, segment: 2 };
  }
  if (field === 'status' && key !== undefined) return { message: '`status` is a string; it has no properties', segment: 3 };
  return undefined;
}

function checkField(root: string, field: string | undefined, length: number): ReferenceProblem | undefined {
  const fields = FIELDS[root] ?? [];
  const valid = fields.map((f) => `${root}.${f}`).join(', ');
  if (field === undefined) return { message: `\`${root}\` needs a field: ${valid}`, segment: 0 };
  if (!fields.includes(field)) return { message: `unknown field \`${root}.${field}\`${didYouMean(field, fields)} (valid: ${valid})`, segment: 1 };
  return length > 2 ? { message: `\`${root}.${field}\` has no properties`, segment: 2 } : undefined;
}

/** Offset in `source` of path segment `segment` of a reference (its name, in `.name` or `['name']` form). */
export function segmentOffset(source: string, reference: Reference, segment: number): number {
  let position = reference.index;
  for (const [i, name] of reference.path.slice(0, segment + 1).entries()) {
    const found = source.indexOf(name, position);
    if (found === -1) return reference.index;
    position = i === segment ? found : found + name.length;
  }
  return position;
}
