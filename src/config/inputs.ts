// `--input key=value` strings -> typed input values, with defaults; every problem in one UsageError.
import { UsageError } from '../errors/index.js';
import { isSecretName, type InputSpec, type Pipeline, type Scalar } from '../model/index.js';
import { fitsType } from './check-inputs.js';
import { didYouMean } from './did-you-mean.js';

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** Converts given input strings to the declared types and fills defaults; throws UsageError (exit 2). */
export function coerceInputs(pipeline: Pipeline, given: Record<string, string>, source = '--input'): Record<string, unknown> {
  const declared = Object.keys(pipeline.inputs);
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(given)) {
    const spec = Object.hasOwn(pipeline.inputs, name) ? pipeline.inputs[name] : undefined;
    if (!spec) {
      const known = declared.length > 0 ? `inputs: ${declared.join(', ')}` : 'it declares no inputs';
      problems.push(`${source}: unknown input \`${name}\` for pipeline \`${pipeline.name}\`${didYouMean(name, declared)} (${known})`);
      continue;
    }
    const value = convert(String(text), spec);
    // A secret's value is never echoed in an error message (messages reach logs and CI output).
    const shown = isSecretName(name, pipeline.secrets) ? undefined : String(text);
    const problem = value === undefined ? typeProblem(name, shown, spec) : enumProblem(name, value, spec, shown);
    if (problem) problems.push(`${source}: ${problem}`);
    else values[name] = value;
  }
  for (const name of declared) {
    if (Object.hasOwn(given, name)) continue;
    const spec = pipeline.inputs[name];
    if (spec === undefined) continue;
    if (spec.default !== undefined) values[name] = spec.default;
    else problems.push(`${source}: missing required input \`${name}\` of pipeline \`${pipeline.name}\` (${spec.type}); pass --input ${name}=...`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return values;
}

/** The typed value of `text`, or undefined when it is not of the input's type. */
function convert(text: string, spec: InputSpec): Scalar | undefined {
  switch (spec.type) {
    case 'string':
      return text;
    case 'boolean': {
      const word = text.trim().toLowerCase();
      return Object.hasOwn(BOOLEAN_WORDS, word) ? BOOLEAN_WORDS[word] : undefined;
    }
    case 'number':
    case 'integer': {
      if (text.trim() === '') return undefined;
      const number = Number(text);
      return fitsType(number, spec.type) ? number : undefined;
    }
  }
}

/** `got \`value\``, or a note that a secret's value is not shown (`shown` undefined). */
function got(shown: string | undefined): string {
  return shown === undefined ? ' (the secret value given is not shown)' : `, got \`${shown}\``;
}

function typeProblem(name: string, shown: string | undefined, spec: InputSpec): string {
  const expected = spec.type === 'boolean' ? 'a boolean (true/false, yes/no, 1/0)' : spec.type === 'integer' ? 'an integer' : 'a number';
  return `input \`${name}\` must be ${expected}${got(shown)}`;
}

function enumProblem(name: string, value: Scalar, spec: InputSpec, shown: string | undefined): string | undefined {
  if (!spec.enum || spec.enum.includes(value)) return undefined;
  const allowed = spec.enum.map(String);
  const hint = shown === undefined ? '' : didYouMean(String(value), allowed);
  return `input \`${name}\` must be one of ${allowed.join(', ')}${got(shown)}${hint}`;
}
