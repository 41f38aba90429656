// A `matrix:` / `for_each:` stage: expands its cells when it starts, runs them through the
// scheduler's queue, and records the stage's own result: succeeded when every cell did, its
// outputs a map of the cells' outputs plus counts (docs/pipeline-language.md, "Fan-out").
import { forEachCells, matrixCells, stageFinishedDraft, type Cell, type BranchStage, type Outputs, type Stage, type StageStatus } from '../model/index.js';
import { evaluateValue, parseTemplate } from '../expr/index.js';
import { isFailedStatus, type RunState } from './run-state.js';
import { runQueue } from './scheduler.js';
import { expressionContext } from './stage-context.js';
import { skipBeforeStart, type StageVisitResult } from './stage-runner.js';
import type { EngineRun } from './types.js';

/** Runs one visit of a fanned-out stage; resolves with its aggregate status. */
export async function runFanOutVisit(run: EngineRun, state: RunState, stage: BranchStage, signal: AbortSignal, started: number): Promise<StageVisitResult> {
  const record = state.stage(stage.id);
  const fanout = stage.fanout;
  if (!fanout) throw new Error(`internal: stage ${stage.id} does not fan out`);
  if (run.selection && !run.selection.has(stage.id)) return skipBeforeStart(run, state, stage) ?? { stage: stage.id, status: record.status };
  let cells: Cell[];
  try {
    cells = fanout.kind === 'matrix' ? matrixCells(stage.id, fanout) : forEachCells(stage.id, forEachItems(run, state, stage));
  } catch (error) {
    return finish(run, state, stage, started, 'failed', {}, error instanceof Error ? error.message : String(error));
  }
  const instances = cells.map((cell) => cellStage(state, stage, cell, run));
  const limit = fanout.maxParallel ?? instances.length;
  const { notStarted } = await runQueue(run, state, instances, { limit, failFast: fanout.failFast }, signal);
  if (signal.aborted) return { stage: stage.id, status: record.status }; // the run stopped: resume continues the cells
  return aggregate(run, state, stage, cells, new Set(notStarted), started);
}

/** The items of a for_each stage: a literal list, or its expression's value, which must be a list. */
function forEachItems(run: EngineRun, state: RunState, stage: BranchStage): unknown[] {
  const fanout = stage.fanout;
  if (fanout?.kind !== 'for_each') return [];
  if (Array.isArray(fanout.items)) return fanout.items;
  const part = parseTemplate(fanout.items)[0];
  if (part?.kind !== 'expr') throw new Error(`for_each of stage \`${stage.id}\` is not an expression`);
  let value = evaluateValue(part.expr, expressionContext(run, state, stage.id));
  if (typeof value === 'string') value = parseJsonList(value);
  if (!Array.isArray(value)) {
    throw new Error(`for_each of stage \`${stage.id}\`: \`${part.expr.source}\` is ${describeType(value)}, not a list (write a JSON array, e.g. ["a","b"])`);
  }
  return value;
}

/** Outputs are text when written as key=value lines: a JSON array there is read as a list. */
function parseJsonList(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** `a string ("x")`, `an object`, `undefined`: how a wrong for_each value is named. */
function describeType(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value)})`;
}

/** The stage of one cell: the stage's settings under the cell's id, its state registered (reset on a new visit). */
function cellStage(state: RunState, stage: BranchStage, cell: Cell, run: EngineRun): Stage {
  const fanout = stage.fanout;
  const as = fanout?.kind === 'for_each' ? fanout.as : undefined;
  const locals: Record<string, unknown> = as !== undefined ? { [as]: cell.item } : { matrix: cell.matrix ?? {} };
  const cellRecord = state.addCell(cell.id, locals);
  if (!run.resume?.progress.has(cell.id)) {
    cellRecord.status = 'pending';
    cellRecord.reason = null;
  }
  cellRecord.visits = state.stage(stage.id).visits;
  const { fanout: _fanout, if: _if, approval: _approval, ...rest } = stage;
  return { ...rest, id: cell.id, cellOf: { parent: stage.id, cell, ...(as !== undefined ? { as } : {}) } };
}

/** The stage's result from its cells: failed when one failed (or never started after a fail_fast). */
function aggregate(run: EngineRun, state: RunState, stage: BranchStage, cells: Cell[], notStarted: ReadonlySet<string>, started: number): StageVisitResult {
  const byId: Record<string, Outputs> = {};
  const counts = { total: cells.length, succeeded: 0, failed: 0, skipped: 0, not_started: notStarted.size };
  const failed: string[] = [];
  for (const cell of cells) {
    const cellState = state.stage(cell.id);
    const status: StageStatus | 'not_started' = notStarted.has(cell.id) ? 'not_started' : cellState.status;
    byId[cell.id] = { status, outputs: cellState.outputs, ...(cell.matrix ? { matrix: cell.matrix } : { item: cell.item as Outputs[string] }) };
    if (status === 'succeeded') counts.succeeded++;
    else if (status === 'skipped') counts.skipped++;
    else if (status !== 'not_started' && isFailedStatus(status)) {
      counts.failed++;
      failed.push(cell.id);
    }
  }
  const status: StageStatus = failed.length > 0 ? 'failed' : 'succeeded';
  const shown =
    failed
      .slice(0, 3)
      .map((id) => `\`${id}\``)
      .join(', ') + (failed.length > 3 ? ` and ${failed.length - 3} more` : '');
  const reason = failed.length > 0 ? `${failed.length} of ${cells.length} cells failed: ${shown}` : null;
  return finish(run, state, stage, started, status, { ...counts, cells: byId, results: cells.map((cell) => state.stage(cell.id).outputs) }, reason);
}

/** Records the end of the stage (once per visit: a resumed visit that had ended is not journalled again). */
function finish(run: EngineRun, state: RunState, stage: Stage, started: number, status: StageStatus, outputs: Outputs, reason: string | null): StageVisitResult {
  const record = state.stage(stage.id);
  const journalled = record.status !== 'running';
  record.status = status;
  record.outputs = outputs;
  record.reason = reason;
  if (journalled) return { stage: stage.id, status };
  run.services.emit(stageFinishedDraft({ stage: stage.id, attempt: record.attempts, status, durationMs: Date.now() - started, outputs, log: null, reason }));
  return { stage: stage.id, status };
}
