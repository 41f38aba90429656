// Reuse, expanded before normalisation (the document is schema-valid here): `uses:` stage
// template files, `templates:` + `extends:`, and `env_file:` at pipeline and stage level. The
// result is an ordinary pipeline document, so every later check and the compiler see plain
// stages. Problems in other files (template files, env files) carry their own positions.
import path from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import type { PipelineDocument } from '../model/generated/pipeline-document.js';
import { didYouMean } from './did-you-mean.js';
import { readEnvFiles } from './env-file.js';
import type { DocPath, Problem } from './positions.js';
import { loadStageTemplate, walkStrings, type StageTemplateResult } from './stage-template-file.js';
import { substituteInText, valueExpression } from './template-inputs.js';
import { applyExtends, mergeStage, stageDefinition, type StageValue } from './templates.js';

export interface ReuseContext {
  root: string;
  display(abs: string): string;
  /** Template files already loaded in this load session, by absolute path. */
  templateFiles: Map<string, StageTemplateResult>;
}

export interface ExpandedReuse {
  doc: PipelineDocument;
  problems: Problem[];
  diagnostics: Diagnostic[];
  /** Stages whose template could not be used (a placeholder stands in; their checks are reported). */
  brokenStages: string[];
}

/** The document with every `uses`, `extends` and `env_file` resolved. */
export function expandReuse(doc: PipelineDocument, ctx: ReuseContext): ExpandedReuse {
  const out: ExpandedReuse = { doc, problems: [], diagnostics: [], brokenStages: [] };
  const templates = (doc.templates ?? {}) as Record<string, StageValue>;
  const env = withEnvFile(doc as unknown as StageValue, [], ctx, out);
  const stages: Record<string, StageValue> = {};
  for (const [id, raw] of Object.entries(doc.stages)) {
    if (!raw) continue;
    const at: DocPath = ['stages', id];
    let stage = raw as unknown as StageValue;
    if ('uses' in stage) stage = fromTemplateFile(id, stage, ctx, out);
    stage = withEnvFile(applyExtends(stage, at, templates, stageDefinition(stage, false), out.problems), at, ctx, out);
    if ('parallel' in stage && stage.parallel !== null && typeof stage.parallel === 'object') {
      const branches: Record<string, StageValue> = {};
      for (const [branchId, branch] of Object.entries(stage.parallel as Record<string, StageValue>)) {
        const branchAt = [...at, 'parallel', branchId];
        branches[branchId] = withEnvFile(applyExtends(branch, branchAt, templates, stageDefinition(branch, true), out.problems), branchAt, ctx, out);
      }
      stage = { ...stage, parallel: branches };
    }
    stages[id] = stage;
  }
  out.doc = { ...doc, env: env.env as PipelineDocument['env'], stages: stages as unknown as PipelineDocument['stages'] };
  delete out.doc.env_file;
  return out;
}

/** `value` with the variables of its `env_file` under its own `env`; `env_file` removed. */
function withEnvFile(value: StageValue, at: DocPath, ctx: ReuseContext, out: ExpandedReuse): StageValue {
  const { env_file: files, ...rest } = value;
  if (files === undefined) return value;
  const read = readEnvFiles(files as string | string[], [...at, 'env_file'], ctx.root, ctx.display);
  out.problems.push(...read.problems);
  out.diagnostics.push(...read.diagnostics);
  return mergeStage({ env: read.values }, rest);
}

/** The stage a `uses:` names, with its inputs substituted and the using stage's keys on top. */
function fromTemplateFile(id: string, using: StageValue, ctx: ReuseContext, out: ExpandedReuse): StageValue {
  const { uses, with: given, ...overrides } = using;
  const at: DocPath = ['stages', id];
  const abs = path.resolve(ctx.root, String(uses));
  const loaded = ctx.templateFiles.get(abs) ?? loadStageTemplate(abs, ctx.display(abs));
  ctx.templateFiles.set(abs, loaded);
  const broken = (): StageValue => {
    out.brokenStages.push(id);
    return { ...pickRouting(overrides), run: 'true' };
  };
  if ('message' in loaded) {
    out.problems.push({ path: [...at, 'uses'], at: 'value', message: `stage template ${String(uses)}: ${loaded.message}` });
    return broken();
  }
  if (loaded.status === 'invalid') {
    out.diagnostics.push(...loaded.diagnostics);
    out.problems.push({
      path: [...at, 'uses'],
      at: 'value',
      message: `stage template ${ctx.display(abs)} is invalid (${loaded.diagnostics.length} error(s), reported in that file)`,
    });
    return broken();
  }
  const values = inputValues(loaded.template.inputs, (given ?? {}) as Record<string, string | number | boolean>, [...at, 'with'], String(uses), out.problems);
  if (!values) return broken();
  const stage = substituteStage(loaded.template.stage as unknown as StageValue, values);
  return mergeStage(stage, overrides);
}

/** Routing keys of a using stage, kept on a placeholder so routes still resolve. */
function pickRouting(overrides: StageValue): StageValue {
  const kept: StageValue = {};
  for (const key of ['next', 'on_failure', 'max_visits']) if (key in overrides) kept[key] = overrides[key];
  return kept;
}

/** Input name -> value expression, from `with` and defaults; undefined (with problems) when they do not fit. */
function inputValues(
  inputs: Record<string, { type: string; default?: string | number | boolean; enum?: unknown[] }>,
  given: Record<string, string | number | boolean>,
  at: DocPath,
  file: string,
  problems: Problem[],
): Map<string, string> | undefined {
  const values = new Map<string, string>();
  const before = problems.length;
  const names = Object.keys(inputs);
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(inputs, name)) {
      const hint = didYouMean(name, names) || (names.length ? ` (inputs: ${names.join(', ')})` : ' (it declares no inputs)');
      problems.push({ path: [...at, name], at: 'key', message: `${file} has no input \`${name}\`${hint}` });
      continue;
    }
    const problem = typeProblem(inputs[name] as { type: string; enum?: unknown[] }, value);
    if (problem) problems.push({ path: [...at, name], at: 'value', message: `input \`${name}\` of ${file}: ${problem}` });
    values.set(name, valueExpression(value));
  }
  for (const [name, spec] of Object.entries(inputs)) {
    if (values.has(name) || Object.hasOwn(given, name)) continue;
    if (spec.default === undefined) problems.push({ path: at.slice(0, -1).concat('uses'), at: 'value', message: `${file} needs input \`${name}\` (give it in \`with:\`)` });
    else values.set(name, valueExpression(spec.default));
  }
  return problems.length === before ? values : undefined;
}

/** Why a literal `with` value does not fit its input (templated values are checked when they render). */
function typeProblem(spec: { type: string; enum?: unknown[] }, value: string | number | boolean): string | undefined {
  if (typeof value === 'string' && value.includes('${{')) return undefined;
  const ok =
    spec.type === 'string'
      ? typeof value === 'string'
      : spec.type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' && (spec.type === 'number' || Number.isInteger(value));
  if (!ok) return `expected ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}, got ${JSON.stringify(value)}`;
  if (spec.enum && !spec.enum.includes(value)) return `${JSON.stringify(value)} is not one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  return undefined;
}

/** A deep copy of the template's stage with every `inputs.<name>` read replaced by its value expression. */
function substituteStage(stage: StageValue, values: ReadonlyMap<string, string>): StageValue {
  const copy = structuredClone(stage);
  walkStrings(copy, [], (text, where, bare) => {
    const replaced = substituteInText(text, values, bare);
    if (replaced !== text) setPath(copy, where, replaced);
  });
  return copy;
}

function setPath(target: StageValue, where: DocPath, value: string): void {
  let node: unknown = target;
  for (const segment of where.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
  (node as Record<string | number, unknown>)[where[where.length - 1] as string | number] = value;
}
