// Loads orchestrator.yaml (found by walking up from cwd, or given with --config) into the model.
import path from 'node:path';
import { NotFoundError, ValidationError } from '../errors/index.js';
import type { OrchestratorDocument } from '../model/generated/orchestrator-document.js';
import type { Orchestrator } from '../model/index.js';
import { checkOrchestrator } from './check-orchestrator.js';
import { diagnosticAt, sortDiagnostics } from './diagnostics.js';
import { findProjectRoot, pipelineProjectRoot } from './discover.js';
import { defaultDisplayPath } from './load-pipeline.js';
import { normaliseOrchestrator, type OrchestratorSettings } from './normalise-orchestrator.js';
import { SourceMap, type Problem } from './positions.js';
import { readSourceFile } from './read-file.js';
import { validateAgainstSchema } from './schema-validate.js';
import { readYamlSource } from './yaml-source.js';

export const DEFAULT_RUNS_DIR = '.runs';
export const RUNS_DIR_ENV = 'FLOWSTATE_RUNS_DIR';

export interface LoadOrchestratorOptions {
  cwd: string;
  /** `--config FILE` (relative to cwd): skips discovery. */
  configFile?: string;
  /** `--runs-dir DIR` (relative to cwd): wins over FLOWSTATE_RUNS_DIR and `runs_dir`. */
  runsDirOverride?: string;
  /** The pipeline file the command works on (absolute): without an orchestrator.yaml above cwd, the root comes from it. */
  pipelineFile?: string;
}

/** The project's orchestrator settings; defaults when there is no orchestrator.yaml. Throws ValidationError. */
export function loadOrchestrator(options: LoadOrchestratorOptions): Orchestrator {
  const cwd = path.resolve(options.cwd);
  const found = options.configFile === undefined ? findProjectRoot(cwd) : { root: cwd, configFile: path.resolve(cwd, options.configFile) };
  const located = found.configFile === null && options.pipelineFile !== undefined ? pipelineProjectRoot(options.pipelineFile) : found;
  const file = located.configFile;
  const root = file === null ? located.root : path.dirname(file);
  const settings = file === null ? defaultSettings() : readSettings(file);
  const configured = file === null ? undefined : settings.runsDir;
  const fromEnv = process.env[RUNS_DIR_ENV];
  const runsDir =
    options.runsDirOverride !== undefined ? path.resolve(cwd, options.runsDirOverride) : fromEnv ? path.resolve(cwd, fromEnv) : path.resolve(root, configured ?? DEFAULT_RUNS_DIR);
  return { file, root, runsDir, ...settings.settings };
}

function defaultSettings(): { settings: OrchestratorSettings; runsDir?: string } {
  return { settings: { runtimes: {}, runtimeProfile: { stages: {} }, gatePolicy: [] } };
}

function readSettings(file: string): { settings: OrchestratorSettings; runsDir?: string } {
  const display = defaultDisplayPath(file);
  const read = readSourceFile(file);
  if (!read.ok) {
    if (read.missing) throw new NotFoundError(`${display}: no such config file`);
    throw new ValidationError([diagnosticAt(display, { line: 1, col: 1 }, read.message)]);
  }
  const source = readYamlSource(read.text, file, display, 'orchestrator.yaml');
  if (!source.ok) throw new ValidationError(source.diagnostics);
  const map = new SourceMap(source.source);
  const schemaProblems: Problem[] = validateAgainstSchema('orchestrator', source.source.value);
  if (schemaProblems.length > 0) throw new ValidationError(sortDiagnostics(schemaProblems.map((p) => map.diagnostic(p))));
  // Schema-valid: the generated document type describes it.
  const doc = source.source.value as unknown as OrchestratorDocument;
  const problems = checkOrchestrator(doc);
  const settings = normaliseOrchestrator(doc, problems);
  if (problems.length > 0) throw new ValidationError(sortDiagnostics(problems.map((p) => map.diagnostic(p))));
  return { settings, runsDir: doc.runs_dir };
}
