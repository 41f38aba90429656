// Builds the commander program: global options and the commands, with help and suggestions.
// Only the module of the command being run is loaded (each command pays for itself at start);
// help, unknown commands and a bare `flowstate` load them all.
import { Command } from 'commander';
import { createRequire } from 'node:module';
import type { ExitCode } from '../errors/index.js';
import type { CliIO } from './io.js';

export type CommandResult = ExitCode;

/** Adds one or more commands to the program. */
type Registrar = (program: Command, io: CliIO, done: (code: CommandResult) => void) => void;

/** Loaders of the command modules, in help order; each names the commands it registers. */
const COMMAND_MODULES: Array<{ names: string[]; load: () => Promise<Registrar> }> = [
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInitCommand },
  { names: ['run'], load: async () => (await import('./commands/run.js')).registerRunCommand },
  { names: ['watch'], load: async () => (await import('./commands/watch.js')).registerWatchCommand },
  { names: ['status', 'runs', 'logs'], load: async () => (await import('./commands/inspect.js')).registerInspectCommands },
  { names: ['validate', 'compile', 'viz'], load: async () => (await import('./commands/validate.js')).registerStaticCommands },
  { names: ['resume'], load: async () => (await import('./commands/resume.js')).registerResumeCommand },
  { names: ['approve', 'reject'], load: async () => (await import('./commands/approve.js')).registerApproveCommands },
  { names: ['dashboard'], load: async () => (await import('./commands/dashboard.js')).registerDashboardCommand },
  { names: ['retry'], load: async () => (await import('./commands/retry.js')).registerRetryCommand },
  { names: ['gc'], load: async () => (await import('./commands/gc.js')).registerGcCommand },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctorCommand },
  { names: ['worker'], load: async () => (await import('./commands/worker.js')).registerWorkerCommand },
  // `__complete` is not listed: completing reads every command's definition, so it loads all.
  { names: ['completion'], load: async () => (await import('./commands/completion.js')).registerCompletionCommands },
];

/** Global options that take a value (`--config FILE`), to find the command name in argv. */
const GLOBAL_VALUE_OPTIONS = new Set(['--config', '--runs-dir']);

/** The package version, read from package.json. */
function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** The command named in argv (as process.argv), if any: the first operand after the global options. */
function commandName(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined) break;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
  }
  return undefined;
}

/** Creates the program with the commands argv needs; `done` receives the exit code of the command that ran. */
export async function buildProgram(io: CliIO, done: (code: CommandResult) => void, argv: string[] = []): Promise<Command> {
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
  const name = commandName(argv);
  const own = COMMAND_MODULES.find((m) => name !== undefined && m.names.includes(name));
  const wanted = own ? [own] : isVersionOnly(argv) ? [] : COMMAND_MODULES;
  const registrars = await Promise.all(wanted.map((m) => m.load()));
  for (const register of registrars) register(program, io, done);
  groupCommands(program);
  program.addHelpText(
    'after',
    '\nNew here? flowstate init, then flowstate run pipelines/hello.yaml. Shell completion: flowstate completion --help.\n' +
      'Exit codes: 0 ok, 1 run failed, 2 usage or invalid pipeline, 3 needs review, 4 awaiting approval, 5 conflict, 130 interrupted.',
  );
  return program;
}

/** `flowstate --version` (or -V) and nothing else: no command needs loading. */
function isVersionOnly(argv: string[]): boolean {
  const rest = argv.slice(2);
  return rest.length === 1 && (rest[0] === '--version' || rest[0] === '-V');
}

/** Help groups: what a new user needs first, then runs, then pipelines and set-up. */
const HELP_GROUPS: Record<string, string[]> = {
  'Start here:': ['init', 'run', 'watch', 'status', 'viz'],
  'Runs:': ['runs', 'logs', 'dashboard', 'resume', 'approve', 'reject', 'retry', 'gc', 'worker'],
  'Pipelines and set-up:': ['validate', 'compile', 'doctor', 'completion'],
};

/** Puts each command in its help group (in registration order within a group); help joins the last. */
function groupCommands(program: Command): void {
  for (const [group, names] of Object.entries(HELP_GROUPS)) {
    for (const command of program.commands) if (names.includes(command.name())) command.helpGroup(group);
  }
  program.commandsGroup('Pipelines and set-up:').helpCommand(true);
}
