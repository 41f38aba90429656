// config/: YAML loading with positions, JSON Schema validation, semantic checks, normalisation.
export { loadPipelineFile, loadPipelineText, type LoadedPipeline, type LoadPipelineOptions } from './load-pipeline.js';
export { loadOrchestrator, DEFAULT_RUNS_DIR, RUNS_DIR_ENV, type LoadOrchestratorOptions } from './load-orchestrator.js';
export { findProjectRoot, pipelineProjectRoot, CONFIG_FILE_NAME } from './discover.js';
export { parseDuration, DURATION_HINT } from './durations.js';
export { coerceInputs } from './inputs.js';
export { closestMatch, didYouMean } from './did-you-mean.js';
export { schemaPath, type SchemaKind } from './schemas.js';
export { MAX_FILE_BYTES, MAX_ALIAS_COUNT } from './yaml-source.js';
export { declaredName, duplicateNameDiagnostic } from './pipeline-names.js';
