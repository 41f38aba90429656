// Stage template files for `uses:`: `inputs:` (typed, like a pipeline's) and one `stage:`.
// Checked on their own, with `file:line:col` in the template file: top-level keys, the schema
// (the stage and inputs are validated as a pipeline's would be), no `uses`/`extends` inside, and
// every `inputs.<name>` the stage reads is declared.
import type { Diagnostic } from '../errors/index.js';
import type { Input, Stage as StageDocument } from '../model/generated/pipeline-document.js';
import { didYouMean } from './did-you-mean.js';
import { SourceMap, type DocPath, type Problem } from './positions.js';
import { readSourceFile } from './read-file.js';
import { validateAgainstSchema } from './schema-validate.js';
import { inputNamesIn } from './template-inputs.js';
import { readYamlSource } from './yaml-source.js';

/** A loaded, valid stage template. */
export interface StageTemplate {
  inputs: Record<string, Input>;
  stage: StageDocument;
}

export type StageTemplateResult =
  { status: 'ok'; template: StageTemplate; diagnostics: Diagnostic[] } | { status: 'missing' | 'unreadable'; message: string } | { status: 'invalid'; diagnostics: Diagnostic[] };

const TOP_KEYS = ['version', 'description', 'inputs', 'stage'];
const WRAPPED_ID = 'template';

/** Reads and checks one template file (`abs`), shown as `display` in diagnostics. */
export function loadStageTemplate(abs: string, display: string): StageTemplateResult {
  const read = readSourceFile(abs);
  if (!read.ok) return { status: read.missing ? 'missing' : 'unreadable', message: read.message };
  const yaml = readYamlSource(read.text, abs, display, 'a stage template');
  if (!yaml.ok) return { status: 'invalid', diagnostics: yaml.diagnostics };
  const map = new SourceMap(yaml.source);
  const value = yaml.source.value;
  const problems: Problem[] = [];
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.includes(key))
      problems.push({ path: [key], at: 'key', message: `unknown key \`${key}\` in a stage template${didYouMean(key, TOP_KEYS) || ` (keys: ${TOP_KEYS.join(', ')})`}` });
  }
  if (value.version !== undefined && value.version !== 1) problems.push({ path: ['version'], at: 'value', message: 'version must be 1' });
  if (value.description !== undefined && typeof value.description !== 'string') problems.push({ path: ['description'], at: 'value', message: 'description must be a string' });
  if (value.stage === undefined) problems.push({ path: [], at: 'key', message: 'a stage template needs `stage:` (the stage it stands for)' });
  else problems.push(...stageProblems(value));
  const diagnostics = problems.map((p) => map.diagnostic(p));
  if (diagnostics.length > 0) return { status: 'invalid', diagnostics };
  return { status: 'ok', template: { inputs: (value.inputs ?? {}) as Record<string, Input>, stage: value.stage as StageDocument }, diagnostics };
}

/** Schema problems of `inputs` and `stage` (validated inside a minimal pipeline), then the template rules. */
function stageProblems(value: Record<string, unknown>): Problem[] {
  const wrapped = { version: 1, name: 'template', inputs: value.inputs ?? {}, stages: { [WRAPPED_ID]: value.stage } };
  const schema = validateAgainstSchema('pipeline', wrapped).map((p) => ({ ...p, path: unwrapPath(p.path) }));
  if (schema.length > 0) return schema;
  const stage = value.stage as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of ['uses', 'extends'] as const) {
    if (key in stage) problems.push({ path: ['stage', key], at: 'key', message: `a stage template cannot use \`${key}\` (templates do not nest)` });
  }
  const declared = Object.keys((value.inputs ?? {}) as object);
  walkStrings(stage, ['stage'], (text, path, bare) => {
    for (const name of inputNamesIn(text, bare)) {
      if (!declared.includes(name))
        problems.push({
          path,
          at: 'value',
          message: `\`inputs.${name}\` is not an input of this template${didYouMean(name, declared) || (declared.length ? ` (inputs: ${declared.join(', ')})` : ' (it declares no inputs)')}`,
        });
    }
  });
  return problems;
}

/** Paths of the wrapped pipeline back into the template file. */
function unwrapPath(path: DocPath): DocPath {
  if (path[0] === 'stages' && path[1] === WRAPPED_ID) return ['stage', ...path.slice(2)];
  if (path[0] === 'stages') return ['stage'];
  return path;
}

/** Calls `visit` for every string in `value`; `bare` for `if` and `when` (conditions without `${{ }}`). */
export function walkStrings(value: unknown, path: DocPath, visit: (text: string, path: DocPath, bare: boolean) => void): void {
  if (typeof value === 'string') {
    const key = path[path.length - 1];
    visit(value, path, key === 'if' || key === 'when');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkStrings(item, [...path, index], visit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}
