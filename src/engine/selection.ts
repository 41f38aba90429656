// --target / --from: which stages a run executes; the others are skipped with reason `target`.
import { parseExpression, parseTemplate, references, type ParsedExpression } from '../expr/index.js';
import { allStages, type Pipeline, type Stage } from '../model/index.js';
import { UsageError } from '../errors/index.js';

/** Stages that run with `--target` (the stage and what it needs) or `--from` (it and all after). */
export function selectStages(pipeline: Pipeline, options: { target?: string; from?: string }): Set<string> | undefined {
  if (!options.target && !options.from) return undefined;
  if (options.target && options.from) throw new UsageError('use either --target or --from, not both');
  const byId = new Map(allStages(pipeline).map((s) => [s.id, s]));
  const requested = (options.target ?? options.from) as string;
  if (!byId.has(requested)) {
    throw new UsageError(`unknown stage \`${requested}\`; stages are: ${[...byId.keys()].join(', ')}`);
  }
  return options.target ? targetClosure(pipeline, byId, requested) : fromStage(pipeline, requested);
}

/** The target, the stages whose outputs or status it references (transitively), and their groups. */
function targetClosure(pipeline: Pipeline, byId: Map<string, Stage>, target: string): Set<string> {
  const selected = new Set<string>();
  const pending = [target];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (selected.has(id)) continue;
    selected.add(id);
    const stage = byId.get(id) as Stage;
    if (stage.kind === 'parallel') pending.push(...stage.branches.map((b) => b.id));
    const group = groupOf(pipeline, id);
    if (group) selected.add(group.id);
    for (const needed of referencedStages(stage)) if (byId.has(needed)) pending.push(needed);
  }
  return selected;
}

/** The stage and every top-level stage declared after it (with branches). */
function fromStage(pipeline: Pipeline, from: string): Set<string> {
  const group = groupOf(pipeline, from);
  const selected = new Set<string>([from]);
  const startId = group ? group.id : from;
  const start = pipeline.stages.findIndex((s) => s.id === startId);
  for (const stage of pipeline.stages.slice(start)) {
    if (stage.id === group?.id) {
      selected.add(stage.id);
      continue;
    }
    selected.add(stage.id);
    if (stage.kind === 'parallel') for (const b of stage.branches) selected.add(b.id);
  }
  return selected;
}

/** The parallel group a branch belongs to, if any. */
function groupOf(pipeline: Pipeline, id: string): Stage | undefined {
  return pipeline.stages.find((s) => s.kind === 'parallel' && s.branches.some((b) => b.id === id));
}

/** Ids of the stages a stage's expressions refer to through `stages.<id>`. */
export function referencedStages(stage: Stage): Set<string> {
  const ids = new Set<string>();
  for (const ref of stageReads(stage)) ids.add(ref.stage);
  return ids;
}

/** One read of another stage: `stages.<stage>.outputs.<key>` (key set) or `stages.<stage>.status`. */
export interface StageRead {
  stage: string;
  field: string;
  key?: string;
  /** Read on the left of `??`: a missing value has a default. */
  defaulted: boolean;
}

/** Every `stages.<id>...` read in a stage's expressions. */
export function stageReads(stage: Stage): StageRead[] {
  const reads: StageRead[] = [];
  for (const expr of stageExpressions(stage)) {
    for (const ref of references(expr)) {
      const [root, id, field, key] = ref.path;
      if (root !== 'stages' || !id) continue;
      reads.push({ stage: id, field: field ?? '', ...(field === 'outputs' && key !== undefined ? { key } : {}), defaulted: ref.defaulted === true });
    }
  }
  return reads;
}

/**
 * What the selected stages read from stages the selection skips that `supplied` (their earlier
 * success) cannot give: `stages.a.outputs.v (read by c)`. Empty when the run can start.
 */
export function unsuppliedReads(pipeline: Pipeline, selection: ReadonlySet<string>, supplied: ReadonlyMap<string, Record<string, unknown>>): string[] {
  const missing = new Set<string>();
  for (const stage of allStages(pipeline)) {
    if (!selection.has(stage.id)) continue;
    for (const read of stageReads(stage)) {
      if (selection.has(read.stage) || read.defaulted) continue;
      const outputs = supplied.get(read.stage);
      if (outputs !== undefined && (read.key === undefined || Object.hasOwn(outputs, read.key))) continue;
      const path = read.key !== undefined ? `stages.${read.stage}.outputs.${read.key}` : `stages.${read.stage}.${read.field}`;
      missing.add(`${path} (read by ${stage.id})`);
    }
  }
  return [...missing];
}

/** Every expression of a stage: `if`, routes and the templates inside its strings. */
function stageExpressions(stage: Stage): ParsedExpression[] {
  const bare = [stage.if, ...stage.next.map((r) => r.when)].filter((e): e is string => typeof e === 'string');
  const templates = [...Object.values(stage.env)];
  if (stage.kind === 'command') templates.push(...(stage.run.kind === 'shell' ? [stage.run.script] : stage.run.argv));
  if (stage.kind === 'agent' && stage.agent.prompt) templates.push(stage.agent.prompt);
  if (stage.kind === 'pipeline') templates.push(...Object.values(stage.with));
  if (stage.fanout?.kind === 'for_each' && typeof stage.fanout.items === 'string') templates.push(stage.fanout.items);
  const exprs = bare.map((e) => parseExpression(e));
  for (const text of templates) {
    for (const part of parseTemplate(text)) if (part.kind === 'expr') exprs.push(part.expr);
  }
  return exprs;
}
