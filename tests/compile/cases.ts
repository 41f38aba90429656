// The golden cases: one pipeline per machine shape, built from model objects.
import type { Pipeline } from '../../src/model/pipeline.js';
import type { RunOverlay } from '../../src/viz/index.js';
import { agent, agentLoop, argv, buildTest, nested, parallel, pipeline, shell } from './builders.js';

export interface GoldenCase {
  pipeline: Pipeline;
  /** When set, overlay.mmd and overlay.dot are checked too. */
  overlay?: RunOverlay;
}

/** Plain atomic stages: shell and argv commands, a description, the implicit `next`. */
function linear(): Pipeline {
  return pipeline('linear', [shell('hello', 'echo hello', { description: 'Say hello' }), argv('list', ['ls', '-la', 'my dir']), shell('multi', 'set -e\nnpm ci\nnpm test')]);
}

/** A parallel group with `if` and `max_visits`, on_failure continue, a conditional branch. */
function guardedParallel(): Pipeline {
  return pipeline('guarded-parallel', [
    parallel('fanout', [shell('a', 'echo a'), agent('b', 'execute', { if: "inputs.mode != 'fast'" }), nested('c', 'pipelines/child.yaml')], false, {
      if: 'inputs.enabled',
      maxVisits: 2,
      onFailure: 'continue',
      next: [{ when: "stages.a.status == 'failed'", to: 'fanout' }, { to: 'end' }],
    }),
  ]);
}

/** A nested pipeline stage and a stage that loops on itself, with awkward characters. */
function nestedRetry(): Pipeline {
  return pipeline('nested-retry', [
    nested('deploy-prod', 'pipelines/deploy.yaml', { description: 'Ship "it" <now>' }),
    shell('poll', 'curl -fsS "http://localhost/{health}" | grep -q \'ok\'', {
      maxVisits: 5,
      onFailure: 'poll',
      next: [{ when: 'outputs.ready != "yes" && outputs.count < 3', to: 'poll' }, { to: 'end' }],
    }),
  ]);
}

/** A matrix stage (with `if`), a for_each over an output, and a parallel group queued by max_parallel. */
function fanOut(): Pipeline {
  const matrix = {
    kind: 'matrix' as const,
    axes: { suite: ['parse', 'bool', 'num'], node: ['18', '20'] },
    include: [{ suite: 'e2e', node: '20' }],
    exclude: [{ suite: 'num', node: '18' }],
    maxParallel: 2,
    failFast: false,
  };
  return pipeline('fan-out', [
    shell('plan', 'echo files=[] >> "$FLOWSTATE_OUTPUT"'),
    argv('test', ['npm', 'test', '--', '--suite=${{ matrix.suite }}'], { fanout: matrix, if: 'inputs.enabled' }),
    shell('lint', 'lint "${{ file }}"', { fanout: { kind: 'for_each', items: '${{ stages.plan.outputs.files }}', as: 'file', failFast: true } }),
    { ...parallel('many', [shell('a', 'echo a'), shell('b', 'echo b'), shell('c', 'echo c')], false), maxParallel: 2 },
  ]);
}

const buildTestOverlay: RunOverlay = {
  stages: {
    install: { status: 'succeeded', attempts: 1 },
    checks: { status: 'running' },
    lint: { status: 'failed', attempts: 2 },
    types: { status: 'succeeded' },
    build: { status: 'skipped' },
  },
  current: ['checks'],
};

/** Every golden case by its directory name under tests/fixtures/compile/. */
export const GOLDEN_CASES: Record<string, () => GoldenCase> = {
  linear: () => ({ pipeline: linear() }),
  // A stage named `cells` must not colour the `cells` child state of a fan-out.
  'fan-out': () => ({
    pipeline: fanOut(),
    overlay: { stages: { plan: { status: 'succeeded' }, test: { status: 'running' }, cells: { status: 'failed' } }, current: ['test', 'cells'] },
  }),
  'agent-loop': () => ({ pipeline: agentLoop() }),
  'build-test': () => ({ pipeline: buildTest(), overlay: buildTestOverlay }),
  'guarded-parallel': () => ({ pipeline: guardedParallel() }),
  'nested-retry': () => ({ pipeline: nestedRetry() }),
};
