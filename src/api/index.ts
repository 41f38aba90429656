// The library API: everything the CLI does, callable from code.
export { runPipeline, runPrepared, type RunOptions, type RunResult, type InputValues } from './run-pipeline.js';
export { watchPipeline, DEFAULT_DEBOUNCE_MS, type WatchOptions, type WatchHandle } from './watch.js';
export { CHANGED_FILES_ENV } from './watch-session.js';
export { planRun, type DryRunPlan, type PlannedStage } from './plan.js';
export { runStatus, listRuns, runLogs, locateRun, logFilesOf, type RunStatusReport, type RunSelector, type LogFile, type WaitingGateReport } from './inspect.js';
export { followRun, type FollowOptions } from './follow-run.js';
export { validatePipelines, compileToDir, vizPipeline, pipelineFiles, type ValidateResult } from './validate.js';
export { openProject, resolvePipelineFile, displayPath, type Project, type ProjectOptions } from './project.js';
export { preparePipeline, type PreparedPipeline } from './load.js';
export { resumeRun, type ResumeOptions } from './resume-run.js';
export { collectGarbage, type GcOptions, type GcResult } from './gc.js';
export { runDoctor, type DoctorOptions, type DoctorReport, type RoleRow, type RuntimeCheck, type StageOverride } from './doctor.js';
export { decideGate, type DecideOptions, type DecideResult } from './approve.js';
export { planRetry, retryRun, type RetryOptions, type RetryPlan } from './retry-run.js';
export { initProject, type InitOptions, type InitResult, type InitFile, type NextStep } from './init.js';
export { locateInstall, PACKAGE_NAME, type InstallLocation, type InstallKind } from './init-location.js';
export {
  SHELLS,
  type Shell,
  type CliSpec,
  type CommandSpec,
  type OptionSpec,
  type ArgumentSpec,
  type ArgumentKind,
  type Candidate,
  type Completion,
} from './completion.js';
export { completeWords } from './complete-words.js';
export { completionScript } from './completion-scripts.js';
