// The engine: runs compiled pipelines as XState actors and emits journal events.
export { startEngine, type EngineHandle, type EngineResult } from './execute.js';
export type { EngineRun, EngineServices, ChildRunRequest, ChildRunResult, StageCache, GateRequest, GateDecision } from './types.js';
export { gateFor, ruleMatches, type GateSpec, type GateInputs } from './gates.js';
export { RunState, isFailedStatus, type StageState } from './run-state.js';
export { buildRedactor, redactValue, isSecretName, MASK, MIN_SECRET_LENGTH, type Redactor } from './secrets.js';
export { addSecretEnvValues, addStaticSecretEnv, staticContext } from './secret-env.js';
export { retryDelayMs } from './retry.js';
export { retryPolicyOf } from './stage-runner.js';
export { selectStages, referencedStages, stageReads, unsuppliedReads, type StageRead } from './selection.js';
export { XSTATE_VERSION } from './xstate-version.js';
export { resumePointOf, resumeViewOf, inFlightStages, type ResumePoint, type VisitProgress } from './resume-point.js';
export { renderPipelineEnv } from './secret-env.js';
