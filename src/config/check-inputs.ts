// Input declarations: `default` and `enum` values match the declared type; `default` is in `enum`.
import type { InputSpec, InputType, Scalar } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import type { Problem } from './positions.js';

/** True when a value fits an input type. */
export function fitsType(value: Scalar, type: InputType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
  }
}

const ARTICLE: Record<InputType, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean' };

/** Problems of every input declaration. */
export function checkInputs(ctx: CheckContext): Problem[] {
  return Object.entries(ctx.pipeline.inputs).flatMap(([name, spec]) => inputProblems(name, spec));
}

function inputProblems(name: string, spec: InputSpec): Problem[] {
  const path = ['inputs', name];
  const problems: Problem[] = [];
  spec.enum?.forEach((value, i) => {
    if (!fitsType(value, spec.type)) {
      problems.push({ path: [...path, 'enum', i], at: 'value', message: `enum value \`${String(value)}\` of input \`${name}\` is not ${ARTICLE[spec.type]}` });
    }
  });
  if (spec.default === undefined) return problems;
  if (!fitsType(spec.default, spec.type)) {
    problems.push({ path: [...path, 'default'], at: 'value', message: `default \`${String(spec.default)}\` of input \`${name}\` is not ${ARTICLE[spec.type]}` });
  } else if (spec.enum && !spec.enum.includes(spec.default)) {
    problems.push({
      path: [...path, 'default'],
      at: 'value',
      message: `default \`${String(spec.default)}\` of input \`${name}\` is not one of its enum values (${spec.enum.map(String).join(', ')})`,
    });
  }
  return problems;
}
