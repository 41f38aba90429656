// `flowstate approve|reject RUN [STAGE]`: decide a waiting approval gate from any process.
import type { Command } from 'commander';
import { decideGate } from '../../api/index.js';
import { EXIT } from '../../errors/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import { printJson, println, type CliIO } from '../io.js';
import { collect, parseInputPairs, projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { withRunHooks } from '../run-hooks.js';

interface DecideFlags {
  comment?: string;
  by?: string;
  resume?: boolean;
  wait?: boolean;
  json?: boolean;
  input?: string[];
  pipeline?: string;
}

/** Registers `approve` and `reject`. */
export function registerApproveCommands(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  for (const [name, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    program
      .command(name)
      .description(`${name} a stage waiting for approval; a live run continues within a second, otherwise the run is resumed here`)
      .argument('<run>', 'run id ("last" for the newest top-level run)')
      .argument('[stage]', 'the waiting stage (needed only when several wait)')
      .option('-m, --comment <text>', 'why (recorded in the journal)')
      .option('--by <name>', 'who decides (default: your user name)')
      .option('--no-resume', 'only record the decision; do not continue the run')
      .option('--wait', 'if the resumed run reaches another gate, wait for it instead of pausing')
      .option('-i, --input <key=value>', 'for the resumed run: supply a secret input again (secrets are not stored)', collect)
      .option('--json', 'print one JSON document')
      .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
      .addHelpText('after', `\nExamples:\n  flowstate ${name} last\n  flowstate ${name} 20261121-103000-k3f9 deploy --comment "checked the diff"`)
      .action(async (run: string, stage: string | undefined, flags: DecideFlags, cmd: Command) => {
        const result = await withRunHooks(io, flags, (hooks) =>
          decideGate({
            ...projectOptions(cmd, io),
            ...hooks,
            run: run === 'last' ? undefined : run,
            pipeline: flags.pipeline,
            stage,
            decision,
            comment: flags.comment,
            by: flags.by,
            resume: flags.resume,
            wait: flags.wait,
            inputs: parseInputPairs(flags.input),
          }),
        );
        if (flags.json) printJson(io, result);
        else if (result.applied === 'live_run') println(io.stdout, `${decision} \`${result.stage}\` of run ${result.run_id}; the running process continues it`);
        else if (result.applied === 'recorded') println(io.stdout, `${decision} \`${result.stage}\` of run ${result.run_id}; continue with \`flowstate resume ${result.run_id}\``);
        done(result.run ? exitCodeForStatus(result.run.status) : EXIT.ok);
      });
  }
}
