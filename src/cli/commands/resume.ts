// `flowstate resume`: continue a killed or cancelled run where it stopped.
import type { Command } from 'commander';
import { resumeRun } from '../../api/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import { printJson, type CliIO } from '../io.js';
import { addExecutorOptions, collect, executorOption, MAX_PARALLEL_HELP, parseInputPairs, parseMaxParallel, projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { withRunHooks } from '../run-hooks.js';

/** Registers `resume`. */
export function registerResumeCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  const command = program
    .command('resume')
    .description('continue a killed or cancelled run: completed stages are kept, in-flight stages re-run with attempt+1')
    .argument('[run]', 'run id (default: the newest top-level run, as with --last); a nested child run resumes its root run')
    .option('--last', 'resume the newest top-level run')
    .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
    .option('--force', 'resume even though the pipeline changed, if the stages the run is in still exist')
    .option('-i, --input <key=value>', 'supply an input again (secret inputs are not stored)', collect)
    .option('--json', 'print one JSON document { run_id, status, reason, run_dir, manifest }')
    .option('--wait', 'at an approval gate, wait for the decision instead of pausing (exit 4)')
    .option('--max-parallel <n>', MAX_PARALLEL_HELP, parseMaxParallel)
    .option('-v, --verbose', 'print stage output lines as they come')
    .addHelpText('after', '\nExamples:\n  flowstate resume --last\n  flowstate resume 20261121-103000-k3f9 --force');
  addExecutorOptions(command).action(
    async (
      run: string | undefined,
      flags: {
        last?: boolean;
        pipeline?: string;
        force?: boolean;
        input?: string[];
        json?: boolean;
        verbose?: boolean;
        wait?: boolean;
        maxParallel?: number;
        executor?: string;
        redis?: string;
        queue?: string;
      },
      cmd: Command,
    ) => {
      const result = await withRunHooks(io, flags, (hooks) =>
        resumeRun({
          ...projectOptions(cmd, io),
          ...hooks,
          run,
          last: flags.last,
          pipeline: flags.pipeline,
          force: flags.force,
          inputs: parseInputPairs(flags.input),
          wait: flags.wait,
          maxParallel: flags.maxParallel,
          executor: executorOption(flags),
        }),
      );
      if (flags.json) printJson(io, result);
      done(exitCodeForStatus(result.status));
    },
  );
}
