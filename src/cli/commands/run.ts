// `flowstate run`: validate, then run a pipeline with a reporter; exit code from the status.
import type { Command } from 'commander';
// Direct imports, not the api/ index: the bundled `run` then does not load watch/viz code.
import { planRun, type DryRunPlan } from '../../api/plan.js';
import { runPipeline } from '../../api/run-pipeline.js';
import { EXIT } from '../../errors/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import { printJson, println, type CliIO } from '../io.js';
import { addExecutorOptions, collect, executorOption, MAX_PARALLEL_HELP, parseInputPairs, parseMaxParallel, projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { withRunHooks } from '../run-hooks.js';
// The dashboard (blessed) is imported only when it is shown: a plain run does not load it.
import { wantsDashboard } from '../ui-choice.js';

interface RunFlags {
  wait?: boolean;
  input?: string[];
  target?: string;
  from?: string;
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
  verbose?: boolean;
  maxParallel?: number;
  ui?: boolean;
  executor?: string;
  redis?: string;
  queue?: string;
}

/** Registers `run`. */
export function registerRunCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  const command = program
    .command('run')
    .description('run a pipeline; the run is recorded under the runs dir and can be inspected with status/logs')
    .argument('<pipeline>', 'pipeline file or name')
    .option('-i, --input <key=value>', 'set a pipeline input (repeatable)', collect)
    .option('--target <stage>', 'run only this stage and the stages it needs')
    .option('--from <stage>', 'start at this stage; earlier stages are skipped')
    .option('--dry-run', 'print the plan (stages, resolved commands, skips) and write nothing')
    .option('--force', 'ignore fingerprints: run stages with `sources` even when nothing changed')
    .option('--json', 'print one JSON document { run_id, status, reason, run_dir, manifest }')
    .option('--wait', 'at an approval gate, wait for the decision instead of pausing (exit 4)')
    .option('--max-parallel <n>', MAX_PARALLEL_HELP, parseMaxParallel)
    .option('-v, --verbose', 'print stage output lines as they come')
    .option('--ui', 'show the live dashboard (the default on an interactive terminal, outside CI)')
    .option('--no-ui', 'plain streamed output, even on an interactive terminal')
    .addHelpText('after', '\nExamples:\n  flowstate run pipelines/hello.yaml\n  flowstate run build-test --input env=prod --from test\n  flowstate run hello --dry-run');
  addExecutorOptions(command).action(async (pipeline: string, flags: RunFlags, cmd: Command) => {
    const base = { ...projectOptions(cmd, io), pipeline, inputs: parseInputPairs(flags.input), target: flags.target, from: flags.from, executor: executorOption(flags) };
    if (flags.dryRun) {
      const plan = planRun(base);
      if (flags.json) printJson(io, plan);
      else printPlan(io, plan);
      return done(EXIT.ok);
    }
    let result;
    if (wantsDashboard(io, flags)) {
      const { runWithDashboard } = await import('../run-ui.js');
      result = await runWithDashboard(io, projectOptions(cmd, io), flags, (hooks) => runPipeline({ ...base, ...hooks, force: flags.force, maxParallel: flags.maxParallel }));
    } else {
      result = await withRunHooks(io, flags, (hooks) => runPipeline({ ...base, ...hooks, wait: flags.wait, force: flags.force, maxParallel: flags.maxParallel }));
    }
    if (flags.json) printJson(io, result);
    done(exitCodeForStatus(result.status));
  });
}

/** Prints a dry-run plan as a readable list. */
function printPlan(io: CliIO, plan: DryRunPlan): void {
  println(io.stdout, `plan for ${plan.pipeline} (${plan.hash.slice(0, 19)}), nothing will be run or written:`);
  for (const stage of plan.stages) {
    const indent = stage.group ? '    ' : '  ';
    const runtime = stage.runtime ? ` [runtime ${stage.runtime}]` : '';
    const note = (stage.cells ? `  (${stage.cells})` : '') + (stage.skip ? `  (skip: ${stage.skip})` : stage.condition ? `  (${stage.condition})` : '');
    println(io.stdout, `${indent}${stage.id}: ${stage.action}${runtime}${note}`);
  }
}
