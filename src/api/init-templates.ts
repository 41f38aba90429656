// The files `flowstate init` writes: a starter orchestrator.yaml and pipelines, as text.

/** Where each generated file's modeline points (paths relative to that file). */
export interface SchemaRefs {
  /** From the project root to orchestrator.schema.json. */
  orchestrator: string;
  /** From pipelines/ to pipeline.schema.json. */
  pipeline: string;
}

/** The project path of the local agent that `--agents` maps every role to. */
export const ECHO_AGENT_PATH = 'agents/echo-agent.mjs';

/** orchestrator.yaml: the runs dir, and with agents every role mapped to the local echo agent. */
export function orchestratorYaml(refs: SchemaRefs, agents: boolean): string {
  const head = [
    `# yaml-language-server: $schema=${refs.orchestrator}`,
    '# Project configuration of flowstate: where runs are recorded and which agent CLI (runtime)',
    '# serves each agent role. Reference: the README of the flowstate-cli package.',
    'version: 1',
    'runs_dir: .runs',
  ];
  if (!agents) {
    return [
      ...head,
      '# Agent stages need runtimes; `flowstate init --agents` writes a local example, e.g.:',
      '# runtimes:',
      '#   claude_code: { adapter: claude-code, command: claude }',
      '# runtime_profile:',
      '#   default: claude_code',
      '',
    ].join('\n');
  }
  return [
    ...head,
    'runtimes:',
    '  # A deterministic local agent, so the agent pipeline runs offline. Real CLIs, e.g.:',
    '  #   codex:       { adapter: codex, command: codex }',
    '  #   claude_code: { adapter: claude-code, command: claude, model: sonnet }',
    '  local:',
    '    adapter: command',
    `    command: [node, ${ECHO_AGENT_PATH}]`,
    'runtime_profile:',
    '  default: local',
    '  # stages: { execute: codex, evaluate: claude_code }   # one runtime per role',
    '',
  ].join('\n');
}

/** pipelines/hello.yaml: two shell stages, an input and an output passed between stages. */
export function helloPipelineYaml(refs: SchemaRefs): string {
  return [
    `# yaml-language-server: $schema=${refs.pipeline}`,
    'version: 1',
    'name: hello',
    'description: A first pipeline - greet someone, then pass a value to the next stage',
    'inputs:',
    '  who: { type: string, default: world, description: Who to greet }',
    'stages:',
    '  greet:',
    '    description: A shell command; the input reaches the shell as data, never as syntax',
    '    run: echo "Hello, ${{ inputs.who }}!"',
    '  measure:',
    '    description: Writes an output (key=value lines) to the file named by $FLOWSTATE_OUTPUT',
    '    run: echo "letters=$(printf %s "$WHO" | wc -c | tr -d \' \')" >> "$FLOWSTATE_OUTPUT"',
    '    env: { WHO: "${{ inputs.who }}" }',
    '  report:',
    '    run: echo "${{ inputs.who }} has ${{ stages.measure.outputs.letters }} letters"',
    '',
  ].join('\n');
}

/** pipelines/agent-loop.yaml: interview, execute, evaluate (looping back), reflect. */
export function agentLoopPipelineYaml(refs: SchemaRefs): string {
  return [
    `# yaml-language-server: $schema=${refs.pipeline}`,
    'version: 1',
    'name: agent-loop',
    'description: Interview, execute, evaluate (back to execute until it passes), reflect',
    'inputs:',
    '  task: { type: string, default: "add a --version flag", description: What the agents work on }',
    'stages:',
    '  interview:',
    '    agent: { role: interview, prompt: "Clarify the task: ${{ inputs.task }}" }',
    '  execute:',
    '    agent: { role: execute, prompt: "Do the task: ${{ inputs.task }}" }',
    '  evaluate:',
    '    agent:',
    '      role: evaluate',
    '      prompt: \'Review version ${{ stages.execute.outputs.version }}. Reply with JSON {"signal": "pass"|"fail"}\'',
    '    max_visits: 3                     # loop guard: a 4th visit ends the run needs_review',
    '    next:',
    '      - { when: "outputs.signal == \'fail\'", to: execute }',
    '      - { to: reflect }',
    '  reflect:',
    '    agent: { role: reflect, prompt: "What did we learn while doing: ${{ inputs.task }}?" }',
    '',
  ].join('\n');
}
