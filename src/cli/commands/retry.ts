// `flowstate retry RUN [--preview]`: a new run from the failed stage, reusing earlier outputs.
import type { Command } from 'commander';
import { retryRun } from '../../api/index.js';
import { EXIT } from '../../errors/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import { printJson, println, type CliIO } from '../io.js';
import { collect, MAX_PARALLEL_HELP, parseInputPairs, parseMaxParallel, projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { withRunHooks } from '../run-hooks.js';

/** Registers `retry`. */
export function registerRetryCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('retry')
    .description('start a new run at the stage where a failed run failed, reusing the outputs of the stages that succeeded')
    .argument('<run>', 'the failed run ("last" for the newest top-level run)')
    .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
    .option('--preview', 'say what it would do and why (or why not), do nothing')
    .option('-i, --input <key=value>', 'change an input (secret inputs must be given again)', collect)
    .option('--wait', 'at an approval gate, wait for the decision instead of pausing')
    .option('--max-parallel <n>', MAX_PARALLEL_HELP, parseMaxParallel)
    .option('--json', 'print one JSON document { plan, run }')
    .addHelpText('after', '\nExamples:\n  flowstate retry last --preview\n  flowstate retry 20261121-103000-k3f9')
    .action(async (run: string, flags: { preview?: boolean; input?: string[]; wait?: boolean; json?: boolean; pipeline?: string; maxParallel?: number }, cmd: Command) => {
      const result = await withRunHooks(io, flags, (hooks) =>
        retryRun({
          ...projectOptions(cmd, io),
          ...hooks,
          run: run === 'last' ? undefined : run,
          pipeline: flags.pipeline,
          preview: flags.preview,
          inputs: parseInputPairs(flags.input),
          wait: flags.wait,
          maxParallel: flags.maxParallel,
        }),
      );
      const { plan } = result;
      if (flags.json) printJson(io, result);
      else if (!result.run) {
        println(
          plan.possible ? io.stdout : io.stderr,
          plan.possible ? `would start a new run at \`${plan.from}\` (${plan.why}), reusing the outputs of: ${plan.reused.join(', ') || 'no stage'}` : `cannot retry: ${plan.why}`,
        );
      }
      if (result.run) return done(exitCodeForStatus(result.run.status));
      done(plan.possible ? EXIT.ok : EXIT.usage);
    });
}
