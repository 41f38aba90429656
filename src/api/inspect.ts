// Reading runs back: status of one run, the list of runs, and their logs.
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError, NotFoundError } from '../errors/index.js';
import { foldRunView, gateExpired, gatesAwaitingDecision, type GateView, type RunManifest, type RunStatus, type RunView } from '../model/index.js';
import {
  checkId,
  effectiveStatus,
  findRun,
  isLockLive,
  latestRun,
  listRuns as listStoredRuns,
  readLock,
  readJournal,
  currentManifest,
  type RunPaths,
  type RunSummary,
} from '../store/index.js';
import { openProject, type ProjectOptions } from './project.js';

export interface RunSelector extends ProjectOptions {
  /** A run id; omitted, `last` or `last: true` means the newest top-level run (never a nested child run). */
  run?: string;
  last?: boolean;
  /** Only runs of this pipeline (by name). */
  pipeline?: string;
}

export interface RunStatusReport {
  paths: RunPaths;
  manifest: RunManifest;
  /** The status with `interrupted` derived when the owner process is gone. */
  status: RunStatus;
  resumable: boolean;
  /** Gates waiting for a decision; `expired` when the timeout passed (applied by the owner, resume, approve or reject: readers only show it). */
  gates: WaitingGateReport[];
  /** The run view folded from the journal (what every reader shows). */
  view: RunView;
}

/** A waiting gate as readers show it. */
export interface WaitingGateReport extends GateView {
  expired: boolean;
}

/** Finds the run a command names: an id (of `pipeline`, if given), or the newest top-level run with `last` / --last / no id. */
export function locateRun(selector: RunSelector): RunPaths {
  const { orchestrator } = openProject(selector);
  if (selector.pipeline !== undefined) checkId(selector.pipeline, 'pipeline');
  if (selector.run && selector.run !== 'last') {
    const paths = findRun(orchestrator.runsDir, checkId(selector.run, 'run'));
    const owner = basename(dirname(paths.dir));
    if (selector.pipeline !== undefined && owner !== selector.pipeline) {
      throw new NotFoundError(`run ${selector.run} is a run of pipeline \`${owner}\`, not of \`${selector.pipeline}\``);
    }
    return paths;
  }
  const latest = latestRun(orchestrator.runsDir, selector.pipeline);
  if (latest) return latest;
  const of = selector.pipeline !== undefined ? ` of pipeline \`${selector.pipeline}\`` : '';
  const nested = listStoredRuns(orchestrator.runsDir, { pipeline: selector.pipeline }).length > 0;
  throw new NotFoundError(
    nested
      ? `no top-level runs${of} in ${orchestrator.runsDir} (only nested child runs, which \`last\` never means: name one by id)`
      : `no runs yet${of} in ${orchestrator.runsDir}`,
  );
}

/** Reads a run (manifest and the view of its journal) and derives its effective status. Read-only: takes no lock, writes nothing. */
export function runStatus(selector: RunSelector): RunStatusReport {
  const paths = locateRun(selector);
  const manifest = currentManifest(paths);
  const view = foldRunView(readJournal(paths.journal).events);
  const lock = readLock(paths);
  const live = lock !== null && isLockLive(lock);
  const status = effectiveStatus(manifest, live);
  const now = Date.now();
  const gates = status === 'awaiting_approval' ? gatesAwaitingDecision(view).map((gate) => ({ ...gate, expired: gateExpired(gate, now) })) : [];
  return { paths, manifest: { ...manifest, status }, status, resumable: status === 'interrupted' || status === 'cancelled', gates, view };
}

/** Every run of the project (newest first), optionally of one pipeline. */
export function listRuns(options: ProjectOptions & { pipeline?: string }): RunSummary[] {
  const { orchestrator } = openProject(options);
  if (options.pipeline) checkId(options.pipeline, 'pipeline');
  return listStoredRuns(orchestrator.runsDir, { pipeline: options.pipeline });
}

export interface LogFile {
  stage: string;
  attempt: number;
  path: string;
}

/** The log files of a run (optionally of one stage), ordered by stage start. */
export function runLogs(selector: RunSelector & { stage?: string }): { view: RunStatusReport; files: LogFile[] } {
  const view = runStatus(selector);
  if (selector.stage !== undefined) {
    checkId(selector.stage, 'stage');
    if (!(selector.stage in view.manifest.stages)) {
      const known = Object.keys(view.manifest.stages).join(', ');
      throw new UsageError(`run ${view.manifest.run_id} has no stage \`${selector.stage}\`; stages are: ${known}`);
    }
  }
  return { view, files: logFilesOf(view.paths, view.manifest, selector.stage) };
}

/** Lists `logs/<stage>.<attempt>.log` files in manifest stage order, attempts ascending. */
export function logFilesOf(paths: RunPaths, manifest: RunManifest, stage?: string): LogFile[] {
  if (!existsSync(paths.logs)) return [];
  const order = Object.keys(manifest.stages);
  const files: LogFile[] = [];
  for (const name of readdirSync(paths.logs)) {
    const [, logStage, attempt] = /^(.+)\.(\d+)\.log$/.exec(name) ?? [];
    if (logStage === undefined || (stage !== undefined && logStage !== stage)) continue;
    files.push({ stage: logStage, attempt: Number(attempt), path: join(paths.logs, name) });
  }
  return files.sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage) || a.attempt - b.attempt);
}
