// Describes the commander program as a plain CliSpec for shell completion, so completions
// follow the commands, options and choices as they are defined (never a second list).
import { Help, type Command, type Option } from 'commander';
import type { ArgumentKind, CliSpec, OptionSpec } from '../api/index.js';

const KIND_BY_ARGUMENT: Record<string, ArgumentKind> = {
  pipeline: 'pipeline',
  pipelines: 'pipeline',
  run: 'run',
  stage: 'stage',
  command: 'command',
  shell: 'shell',
};

/** One option as completion sees it (the help option is added by the completer itself). */
function optionSpec(option: Option): OptionSpec {
  return {
    flags: [option.short, option.long].filter((f): f is string => typeof f === 'string'),
    takesValue: option.required || option.optional,
    choices: option.argChoices,
    description: option.description,
  };
}

/** The visible commands of `program` with their options and positional arguments. */
export function cliSpec(program: Command): CliSpec {
  const help = new Help();
  const visible = (cmd: Command): OptionSpec[] =>
    help
      .visibleOptions(cmd)
      .filter((o) => o.long !== '--help')
      .map(optionSpec);
  return {
    globalOptions: visible(program).filter((o) => !o.flags.includes('--version')),
    commands: help.visibleCommands(program).map((cmd) => ({
      name: cmd.name(),
      description: cmd.description().split('\n')[0] ?? '',
      options: visible(cmd),
      arguments: cmd.registeredArguments.map((arg) => ({
        kind: KIND_BY_ARGUMENT[arg.name()] ?? 'file',
        variadic: arg.variadic,
        acceptsLast: /"last"/.test(arg.description),
      })),
    })),
  };
}
