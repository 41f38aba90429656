// `flowstate doctor`: validates orchestrator.yaml and every pipeline, shows which runtime
// serves each role and why, and checks that each referenced runtime's executable is on PATH
// and answers its version flag. Exit 0 only if everything the pipelines need is present.
import { EXIT, isFlowstateError, ValidationError, type Diagnostic } from '../errors/index.js';
import { ROLES, type Orchestrator, type Pipeline, type Role, type RuntimeSource } from '../model/index.js';
import { describeSource, isNativeAdapter, locateRuntime, probeVersion, runtimeNeeds, type RuntimeNeed } from '../runtimes/index.js';
import { preparePipeline } from './load.js';
import { openProject, type Project, type ProjectOptions } from './project.js';
import { pipelineFiles, type ValidateResult } from './validate.js';

export interface DoctorOptions extends ProjectOptions {
  /** Pipelines to check (default: every pipelines/*.yaml). */
  files?: string[];
  /** Time each runtime has to answer `--version` (default 5 s). */
  versionTimeoutMs?: number;
}

/** One row of the role table: which runtime serves a role, and which setting chose it. */
export interface RoleRow {
  role: Role;
  runtime_id: string | null;
  adapter: string | null;
  source: Exclude<RuntimeSource, 'stage'> | null;
  /** The setting that made the choice, e.g. `runtime_profile.stages.execute`. */
  set_by: string | null;
}

/** An agent stage whose own `agent.runtime` overrides the role table. */
export interface StageOverride {
  pipeline: string;
  stage: string;
  role: string;
  runtime_id: string;
}

/** The check of one runtime defined in orchestrator.yaml. */
export interface RuntimeCheck {
  id: string;
  adapter: string;
  native: boolean;
  command: string[];
  /** `pipeline.stage` of every agent stage that resolves to it. */
  needed_by: string[];
  /** Roles mapped to it by runtime_profile. */
  roles: string[];
  status: 'ok' | 'missing' | 'broken' | 'unused';
  path: string | null;
  version: string | null;
  problem: string | null;
}

export interface DoctorReport {
  ok: boolean;
  exit_code: 0 | 1 | 2;
  config: { file: string | null; ok: boolean; diagnostics: Diagnostic[] };
  roles: RoleRow[];
  overrides: StageOverride[];
  runtimes: RuntimeCheck[];
  pipelines: ValidateResult[];
}

/** Runs every check; never throws for a bad config, pipeline or runtime (the report says why). */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  let project: Project;
  try {
    project = openProject(options);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { ok: false, exit_code: EXIT.usage, config: { file: null, ok: false, diagnostics: error.diagnostics }, roles: [], overrides: [], runtimes: [], pipelines: [] };
  }
  const orch = project.orchestrator;
  const checked = pipelineFiles(project, options.files).map((file) => checkPipeline(project, file));
  const needs = runtimeNeeds(
    checked.flatMap((c) => c.loaded),
    orch,
  );
  const roles = roleTable(orch);
  const runtimes = await checkRuntimes(project, needs, roles, options.versionTimeoutMs);
  const pipelines = checked.map((c) => c.result);
  const invalid = pipelines.some((p) => !p.ok);
  const unmet = runtimes.some((r) => r.needed_by.length > 0 && r.status !== 'ok');
  const exit_code = invalid ? EXIT.usage : unmet ? EXIT.failed : EXIT.ok;
  return {
    ok: exit_code === EXIT.ok,
    exit_code,
    config: { file: orch.file === null ? null : project.display(orch.file), ok: true, diagnostics: [] },
    roles,
    overrides: needs.filter((n) => n.source === 'stage').map((n) => ({ pipeline: n.pipeline, stage: n.stage, role: n.role, runtime_id: n.runtimeId })),
    runtimes,
    pipelines,
  };
}

/** Loads one pipeline (and its children) like `validate`, keeping the pipelines for the runtime table. */
function checkPipeline(project: Project, file: string): { result: ValidateResult; loaded: Pipeline[] } {
  const shown = project.display(file);
  try {
    const prepared = preparePipeline(project, file);
    return { result: { file: shown, name: prepared.pipeline.name, ok: true, diagnostics: prepared.warnings }, loaded: [prepared.pipeline, ...prepared.children.values()] };
  } catch (error) {
    if (error instanceof ValidationError) return { result: { file: shown, name: null, ok: false, diagnostics: error.diagnostics }, loaded: [] };
    if (!isFlowstateError(error)) throw error;
    return { result: { file: shown, name: null, ok: false, diagnostics: [{ file: shown, line: 1, col: 1, message: error.message, severity: 'error' }] }, loaded: [] };
  }
}

/** The runtime of each role from runtime_profile (stages[role], else default). */
function roleTable(orch: Orchestrator): RoleRow[] {
  return ROLES.map((role): RoleRow => {
    const byRole = Object.hasOwn(orch.runtimeProfile.stages, role) ? orch.runtimeProfile.stages[role] : undefined;
    const id = byRole ?? orch.runtimeProfile.default ?? null;
    const source = byRole !== undefined ? 'role' : id !== null ? 'default' : null;
    const runtime = id !== null && Object.hasOwn(orch.runtimes, id) ? orch.runtimes[id] : undefined;
    return { role, runtime_id: id, adapter: runtime?.adapter ?? null, source, set_by: source === null ? null : describeSource(source, role) };
  });
}

/** Locates and probes every referenced runtime (in parallel); unreferenced ones are listed, not run. */
async function checkRuntimes(project: Project, needs: RuntimeNeed[], roles: RoleRow[], timeoutMs?: number): Promise<RuntimeCheck[]> {
  const orch = project.orchestrator;
  return Promise.all(
    Object.values(orch.runtimes).map(async (runtime): Promise<RuntimeCheck> => {
      const check: RuntimeCheck = {
        id: runtime.id,
        adapter: runtime.adapter,
        native: isNativeAdapter(runtime.adapter),
        command: runtime.command,
        needed_by: needs.filter((n) => n.runtimeId === runtime.id).map((n) => `${n.pipeline}.${n.stage}`),
        roles: roles.filter((r) => r.runtime_id === runtime.id).map((r) => r.role),
        status: 'unused',
        path: null,
        version: null,
        problem: null,
      };
      if (check.needed_by.length === 0 && check.roles.length === 0) return check;
      const path = locateRuntime(runtime, project.root);
      if (path === null) return { ...check, status: 'missing', problem: `\`${runtime.command[0]}\` is not on PATH` };
      const probe = await probeVersion(runtime, project.root, timeoutMs);
      const located = { ...check, path: project.display(path) };
      return probe.ok ? { ...located, status: 'ok', version: probe.version } : { ...located, status: 'broken', problem: probe.problem };
    }),
  );
}
