// One stage of the pipeline document -> the model Stage (durations in ms, defaults filled in).
import type {
  AgentBranch,
  AgentStage as AgentDoc,
  Approval,
  CommandBranch,
  CommandStage as CommandDoc,
  Next,
  ParallelStage as ParallelDoc,
  PipelineBranch,
  PipelineStage as PipelineDoc,
  Retry,
  Scalar,
} from '../model/generated/pipeline-document.js';
import type { ApprovalSpec, BranchStage, Command, RetryPolicy, Route, Stage, StageCommon } from '../model/index.js';
import { unwrapCondition } from './conditions.js';
import { durationMs } from './durations.js';
import { normaliseFanOut } from './normalise-matrix.js';
import { attachService } from './normalise-service.js';
import type { DocPath, Problem, SourceMap } from './positions.js';

export type StageDoc = CommandDoc | AgentDoc | PipelineDoc | ParallelDoc;
export type BranchDoc = CommandBranch | AgentBranch | PipelineBranch;

/** A stage with where it is written, for checks that report at its keys. */
export interface StageEntry {
  id: string;
  /** ['stages', id] or ['stages', group, 'parallel', id]. */
  path: DocPath;
  doc: StageDoc | BranchDoc;
  stage: Stage;
  /** Id of the parallel stage a branch belongs to. */
  group?: string;
}

const DEFAULT_MAX_DELAY_MS = 5 * 60_000;

/** What normalising a stage needs from the pipeline around it. */
export interface StageContext {
  map: SourceMap;
  problems: Problem[];
  defaultRetry?: RetryPolicy;
  entries: StageEntry[];
}

/** A retry policy with every field set: given fields, then `base`, then built-in defaults. */
export function normaliseRetry(doc: Retry, path: DocPath, ctx: { problems: Problem[] }, base?: RetryPolicy): RetryPolicy {
  return {
    max: doc.max,
    delayMs: durationMs(doc.delay, [...path, 'delay'], ctx) ?? base?.delayMs ?? 0,
    backoff: doc.backoff ?? base?.backoff ?? 1,
    maxDelayMs: durationMs(doc.max_delay, [...path, 'max_delay'], ctx) ?? base?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
}

/** Stringifies scalar map values (env, with). */
export function stringValues(values: Record<string, Scalar | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) if (value !== undefined) out[key] = String(value);
  return out;
}

/** Normalises a top-level stage; `following` is the id of the next stage in declaration order (or `end`). */
export function normaliseStage(id: string, doc: StageDoc, following: string, ctx: StageContext): Stage {
  const path: DocPath = ['stages', id];
  const common = commonFields(id, doc, path, ctx, normaliseNext(doc.next, following));
  common.onFailure = doc.on_failure ?? 'fail';
  common.maxVisits = doc.max_visits;
  if (!('parallel' in doc)) {
    const fanout = normaliseFanOut(id, doc, path, ctx.problems);
    if (fanout) common.fanout = fanout;
    const stage = kindFields(doc, common);
    attachService(stage, doc, path, ctx);
    ctx.entries.push({ id, path, doc, stage });
    return stage;
  }
  const branchEntries: BranchEntry[] = [];
  for (const [branchId, branchDoc] of Object.entries(doc.parallel)) {
    if (branchDoc) branchEntries.push(normaliseBranch(branchId, branchDoc, id, ctx));
  }
  const branches = branchEntries.map((entry) => entry.stage);
  const stage: Stage = { ...common, kind: 'parallel', branches, failFast: doc.fail_fast ?? false };
  if (doc.max_parallel !== undefined) stage.maxParallel = doc.max_parallel;
  ctx.entries.push({ id, path, doc, stage }, ...branchEntries);
  return stage;
}

type BranchEntry = StageEntry & { stage: BranchStage };

function normaliseBranch(id: string, doc: BranchDoc, group: string, ctx: StageContext): BranchEntry {
  const path: DocPath = ['stages', group, 'parallel', id];
  const stage = kindFields(doc, commonFields(id, doc, path, ctx, []));
  attachService(stage, doc, path, ctx);
  return { id, path, doc, stage, group };
}

function kindFields(doc: Exclude<StageDoc, ParallelDoc> | BranchDoc, common: StageCommon): BranchStage {
  if ('run' in doc) return { ...common, kind: 'command', run: normaliseRun(doc.run) };
  if ('agent' in doc) {
    const { role, prompt, prompt_file: promptFile, runtime, model } = doc.agent;
    return { ...common, kind: 'agent', agent: dropUndefined({ role, prompt, promptFile, runtime, model }) };
  }
  return { ...common, kind: 'pipeline', pipeline: doc.pipeline, with: stringValues(doc.with) };
}

function normaliseRun(run: string | (string | number)[]): Command {
  return typeof run === 'string' ? { kind: 'shell', script: run } : { kind: 'argv', argv: run.map(String) };
}

function commonFields(id: string, doc: StageDoc | BranchDoc, path: DocPath, ctx: StageContext, next: Route[]): StageCommon {
  const at = ctx.map.position({ path, at: 'key' });
  return dropUndefined({
    id,
    description: doc.description,
    if: doc.if === undefined ? undefined : unwrapCondition(doc.if).source,
    env: stringValues(doc.env),
    cwd: doc.cwd,
    timeoutMs: durationMs(doc.timeout, [...path, 'timeout'], ctx),
    idleTimeoutMs: 'idle_timeout' in doc ? durationMs(doc.idle_timeout, [...path, 'idle_timeout'], ctx) : undefined,
    retry: doc.retry && normaliseRetry(doc.retry, [...path, 'retry'], ctx, ctx.defaultRetry),
    onFailure: 'fail',
    next,
    sources: doc.sources ?? [],
    generates: doc.generates ?? [],
    idempotent: doc.idempotent ?? true,
    runsOn: doc.runs_on === undefined || doc.runs_on === 'local' ? doc.runs_on : [...doc.runs_on].sort(),
    approval: doc.approval && normaliseApproval(id, doc.approval, [...path, 'approval'], ctx),
    loc: { file: ctx.map.display, line: at.line, col: at.col },
  });
}

function normaliseApproval(id: string, doc: Approval, path: DocPath, ctx: StageContext): ApprovalSpec {
  return dropUndefined({
    message: doc.message ?? `Approve stage \`${id}\`?`,
    timeoutMs: durationMs(doc.timeout, [...path, 'timeout'], ctx),
    onTimeout: doc.on_timeout ?? 'reject',
  });
}

/** `next` as routes whose last has no `when` (the default route is appended when missing). */
function normaliseNext(next: Next | undefined, following: string): Route[] {
  if (next === undefined) return [{ to: following }];
  if (typeof next === 'string') return [{ to: next }];
  const routes: Route[] = next.map((route) => (route.when === undefined ? { to: route.to } : { when: unwrapCondition(route.when).source, to: route.to }));
  if (routes[routes.length - 1]?.when !== undefined) routes.push({ to: following });
  return routes;
}

/** A copy without the keys whose value is undefined, so optional fields are absent rather than undefined. */
function dropUndefined<T extends object>(value: T): T {
  const copy: Partial<T> = {};
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] !== undefined) copy[key] = value[key];
  return copy as T; // only optional fields are ever undefined here
}
