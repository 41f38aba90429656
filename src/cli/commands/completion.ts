// `flowstate completion bash|zsh|fish` prints a completion script; the hidden
// `flowstate __complete -- WORDS...` answers the script: one candidate a line.
import { Argument, type Command } from 'commander';
import { completeWords, completionScript, SHELLS, type Shell } from '../../api/index.js';
import { EXIT } from '../../errors/index.js';
import { cliSpec } from '../completion-spec.js';
import type { CliIO } from '../io.js';
import type { CommandResult } from '../program.js';

/** Registers `completion` and the hidden `__complete`. */
export function registerCompletionCommands(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish (commands, options, pipelines, run and stage ids)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      '\nInstall:\n' +
        '  bash  flowstate completion bash > ~/.local/share/bash-completion/completions/flowstate\n' +
        '  zsh   flowstate completion zsh > ~/.zfunc/_flowstate   (with fpath=(~/.zfunc $fpath) before compinit)\n' +
        '  fish  flowstate completion fish > ~/.config/fish/completions/flowstate.fish\n\n' +
        'Examples:\n  source <(flowstate completion bash)\n  flowstate completion zsh > ~/.zfunc/_flowstate',
    )
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell));
      done(EXIT.ok);
    });

  program
    .command('__complete', { hidden: true })
    .description('answer a completion script: candidates for the last of WORDS')
    .argument('[words...]', 'the words after `flowstate`, the last one being completed')
    .helpOption(false)
    .allowUnknownOption()
    .action((words: string[]) => {
      const completion = completeWords(cliSpec(program), words, io.cwd);
      const lines = completion.candidates.map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, ' ')}` : c.value));
      if (completion.fallback !== 'none') lines.push(`:${completion.fallback}`);
      io.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
      done(EXIT.ok);
    });
}
