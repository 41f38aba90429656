// Builds normalised model.Pipeline objects for compile/ and viz/ tests (the YAML loader is
// not involved): defaults are filled in the way config/ normalises a file.
import type { AgentStage, BranchStage, CommandStage, NestedPipelineStage, ParallelStage, Pipeline, Route, Stage, StageCommon } from '../../src/model/pipeline.js';

type CommonOverrides = Partial<Omit<StageCommon, 'id' | 'next'>> & { next?: Route[] | string };

function common(id: string, overrides: CommonOverrides): Omit<StageCommon, 'next'> & { next: Route[] } {
  const { next, ...rest } = overrides;
  const routes = typeof next === 'string' ? [{ to: next }] : (next ?? []);
  return {
    id,
    env: {},
    onFailure: 'fail',
    sources: [],
    generates: [],
    idempotent: true,
    loc: { file: '/project/pipelines/test.yaml', line: 1, col: 1 },
    ...rest,
    next: routes,
  };
}

/** A command stage running a shell script. */
export function shell(id: string, script: string, overrides: CommonOverrides = {}): CommandStage {
  return { ...common(id, overrides), kind: 'command', run: { kind: 'shell', script } };
}

/** A command stage running an argv with no shell. */
export function argv(id: string, args: string[], overrides: CommonOverrides = {}): CommandStage {
  return { ...common(id, overrides), kind: 'command', run: { kind: 'argv', argv: args } };
}

/** An agent stage of the given role. */
export function agent(id: string, role: string, overrides: CommonOverrides = {}): AgentStage {
  return { ...common(id, overrides), kind: 'agent', agent: { role, prompt: `do ${role}` } };
}

/** A nested pipeline stage. */
export function nested(id: string, file: string, overrides: CommonOverrides = {}): NestedPipelineStage {
  return { ...common(id, overrides), kind: 'pipeline', pipeline: file, with: {} };
}

/** A parallel stage over the given branches. */
export function parallel(id: string, branches: BranchStage[], failFast: boolean, overrides: CommonOverrides = {}): ParallelStage {
  return { ...common(id, overrides), kind: 'parallel', branches, failFast };
}

/** A normalised pipeline: a stage without routes goes to the following stage (or `end`). */
export function pipeline(name: string, stages: Stage[], extra: Partial<Pipeline> = {}): Pipeline {
  const normalised = stages.map((stage, index) => {
    if (stage.next.length > 0) return stage;
    return { ...stage, next: [{ to: stages[index + 1]?.id ?? 'end' }] };
  });
  return {
    version: 1,
    name,
    file: `/project/pipelines/${name}.yaml`,
    inputs: {},
    env: {},
    defaults: {},
    watch: [],
    secrets: [],
    stages: normalised,
    ...extra,
  };
}

/** The agent loop of DESIGN §2: interview -> execute -> evaluate (loops to execute) -> reflect. */
export function agentLoop(): Pipeline {
  return pipeline('agent-loop', [
    agent('interview', 'interview'),
    agent('execute', 'execute'),
    agent('evaluate', 'evaluate', {
      maxVisits: 3,
      next: [{ when: "outputs.signal == 'fail'", to: 'execute' }, { to: 'reflect' }],
    }),
    agent('reflect', 'reflect'),
  ]);
}

/** A build pipeline with a fail-fast parallel group, a failure route and a conditional stage. */
export function buildTest(): Pipeline {
  return pipeline(
    'build-test',
    [
      shell('install', 'npm ci', { description: 'Install dependencies', sources: ['package.json'] }),
      parallel('checks', [argv('lint', ['npx', 'eslint', 'src']), argv('types', ['npx', 'tsc', '--noEmit'])], true),
      shell('test', 'npm test', { onFailure: 'report', timeoutMs: 300_000 }),
      argv('build', ['npm', 'run', 'build', '--', '--mode=${{ inputs.env }}'], { if: "inputs.env == 'prod'", next: 'end' }),
      shell('report', 'echo "tests failed" >&2', { next: 'fail' }),
    ],
    { description: 'Lint, test and build', inputs: { env: { type: 'string', enum: ['dev', 'prod'], default: 'dev', required: false } } },
  );
}
