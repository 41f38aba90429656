// Builds the commander program: global options and every command, with help and suggestions.
import { Command } from 'commander';
import { createRequire } from 'node:module';
import type { ExitCode } from '../errors/index.js';
import type { CliIO } from './io.js';
import { registerCompletionCommands } from './commands/completion.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerInspectCommands } from './commands/inspect.js';
import { registerApproveCommands } from './commands/approve.js';
import { registerGcCommand } from './commands/gc.js';
import { registerInitCommand } from './commands/init.js';
import { registerResumeCommand } from './commands/resume.js';
import { registerRetryCommand } from './commands/retry.js';
import { registerRunCommand } from './commands/run.js';
import { registerStaticCommands } from './commands/validate.js';
import { registerWatchCommand } from './commands/watch.js';

export type CommandResult = ExitCode;

/** The package version, read from package.json. */
export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** Creates the program; `done` receives the exit code of the command that ran. */
export function buildProgram(io: CliIO, done: (code: CommandResult) => void): Command {
  const program = new Command('flowstate')
    .description('Declarative YAML pipelines run as state machines: resumable runs, agent stages, state charts.')
    .version(packageVersion(), '-V, --version')
    .option('--config <file>', 'orchestrator.yaml to use (default: nearest one upward from the current directory)')
    .option('--runs-dir <dir>', 'where runs are recorded (default: runs_dir of orchestrator.yaml, or .runs)')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerInitCommand(program, io, done);
  registerRunCommand(program, io, done);
  registerWatchCommand(program, io, done);
  registerInspectCommands(program, io, done);
  registerStaticCommands(program, io, done);
  registerResumeCommand(program, io, done);
  registerApproveCommands(program, io, done);
  registerRetryCommand(program, io, done);
  registerGcCommand(program, io, done);
  registerDoctorCommand(program, io, done);
  registerCompletionCommands(program, io, done);
  groupCommands(program);
  program.addHelpText(
    'after',
    '\nNew here? flowstate init, then flowstate run pipelines/hello.yaml. Shell completion: flowstate completion --help.\n' +
      'Exit codes: 0 ok, 1 run failed, 2 usage or invalid pipeline, 3 needs review, 4 awaiting approval, 5 conflict, 130 interrupted.',
  );
  return program;
}

/** Help groups: what a new user needs first, then runs, then pipelines and set-up. */
const HELP_GROUPS: Record<string, string[]> = {
  'Start here:': ['init', 'run', 'watch', 'status', 'viz'],
  'Runs:': ['runs', 'logs', 'resume', 'approve', 'reject', 'retry', 'gc'],
  'Pipelines and set-up:': ['validate', 'compile', 'doctor', 'completion'],
};

/** Puts each command in its help group (in registration order within a group); help joins the last. */
function groupCommands(program: Command): void {
  for (const [group, names] of Object.entries(HELP_GROUPS)) {
    for (const command of program.commands) if (names.includes(command.name())) command.helpGroup(group);
  }
  program.commandsGroup('Pipelines and set-up:').helpCommand(true);
}
