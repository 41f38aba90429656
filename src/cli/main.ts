// The CLI entry: parse argv, run one command, turn errors into messages and exit codes.
import { CommanderError } from 'commander';
import { EXIT, isFlowstateError, type ExitCode } from '../errors/index.js';
import { println, processIO, type CliIO } from './io.js';
import { buildProgram } from './program.js';

/** Runs the CLI with the given argv (as process.argv) and resolves with the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code: ExitCode = EXIT.ok;
  const program = await buildProgram(
    io,
    (result) => {
      code = result;
    },
    argv,
  );
  if (argv.length <= 2) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    return reportError(io, error);
  }
}

/** Prints an error without a stack trace (unless FLOWSTATE_DEBUG) and picks its exit code. */
function reportError(io: CliIO, error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (isFlowstateError(error)) {
    println(io.stderr, error.message.startsWith('error') || /^\S+:\d+:\d+: /.test(error.message) ? error.message : `error: ${error.message}`);
    if (io.env.FLOWSTATE_DEBUG) println(io.stderr, error.stack ?? '');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  println(io.stderr, `internal error: ${message}`);
  if (io.env.FLOWSTATE_DEBUG && error instanceof Error) println(io.stderr, error.stack ?? '');
  else println(io.stderr, 'set FLOWSTATE_DEBUG=1 for a stack trace, and please report this as a bug');
  return EXIT.failed;
}
