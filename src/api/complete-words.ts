// Walks the words typed after `flowstate` (the last one is the word being completed, maybe
// empty) through a CliSpec and answers what may come next.
import {
  pipelineCandidates,
  quietly,
  runCandidates,
  SHELLS,
  stageCandidates,
  type ArgumentSpec,
  type Candidate,
  type CliSpec,
  type CommandSpec,
  type Completion,
  type OptionSpec,
} from './completion.js';
import type { ProjectOptions } from './project.js';

/** What the words before the current one establish. */
interface Parsed {
  command: CommandSpec | null;
  positionals: string[];
  /** The option whose value is being typed (the previous word was it). */
  pendingOption: OptionSpec | null;
  /** Values given to options so far, by long flag (e.g. `--config`). */
  values: Map<string, string>;
}

/** The completion of the last word in `words`, given the CLI spec and the working directory. */
export function completeWords(spec: CliSpec, words: string[], cwd: string): Completion {
  const current = words.at(-1) ?? '';
  const parsed = parse(spec, words.slice(0, -1));
  const project: ProjectOptions = { cwd, configFile: parsed.values.get('--config'), runsDir: parsed.values.get('--runs-dir') };
  const result = parsed.pendingOption
    ? optionValues(parsed.pendingOption, project)
    : current.startsWith('-')
      ? { candidates: optionsOf(spec, parsed.command), fallback: 'none' as const }
      : parsed.command === null
        ? { candidates: commandCandidates(spec), fallback: 'none' as const }
        : argumentValues(spec, parsed, project);
  return { ...result, candidates: result.candidates.filter((c) => c.value.startsWith(current)) };
}

/** Finds the command, its positionals and option values among the completed words. */
function parse(spec: CliSpec, words: string[]): Parsed {
  const parsed: Parsed = { command: null, positionals: [], pendingOption: null, values: new Map() };
  let afterDoubleDash = false;
  for (const word of words) {
    if (parsed.pendingOption) {
      parsed.values.set(longFlag(parsed.pendingOption), word);
      parsed.pendingOption = null;
    } else if (!afterDoubleDash && word === '--') {
      afterDoubleDash = true;
    } else if (!afterDoubleDash && word.startsWith('-') && word !== '-') {
      const [flag, inline] = splitInline(word);
      const option = findOption(spec, parsed.command, flag);
      if (option?.takesValue && inline === undefined) parsed.pendingOption = option;
      else if (option && inline !== undefined) parsed.values.set(longFlag(option), inline);
    } else if (parsed.command === null) {
      parsed.command = spec.commands.find((c) => c.name === word) ?? null;
      if (parsed.command === null) return { ...parsed, command: { name: word, description: '', options: [], arguments: [] } };
    } else {
      parsed.positionals.push(word);
    }
  }
  return parsed;
}

/** `--out=dir` -> [`--out`, `dir`]; other words -> [word, undefined]. */
function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

/** The option a flag names, on the command or globally. */
function findOption(spec: CliSpec, command: CommandSpec | null, flag: string): OptionSpec | undefined {
  return [...(command?.options ?? []), ...spec.globalOptions].find((o) => o.flags.includes(flag));
}

/** The long spelling of an option (or its only one). */
function longFlag(option: OptionSpec): string {
  return option.flags.find((f) => f.startsWith('--')) ?? option.flags[0] ?? '';
}

/** Every visible command, with its description. */
function commandCandidates(spec: CliSpec): Candidate[] {
  return spec.commands.map((c) => ({ value: c.name, description: c.description }));
}

/** The long options of the command (or, before one, the global ones), then --help. */
function optionsOf(spec: CliSpec, command: CommandSpec | null): Candidate[] {
  const options = [...(command?.options ?? []), ...spec.globalOptions];
  const candidates = options.map((o) => ({ value: longFlag(o), description: o.description }));
  return [...candidates, { value: '--help', description: 'show help' }];
}

/** Values of the option being typed: its choices, or what its name says it holds. */
function optionValues(option: OptionSpec, project: ProjectOptions): Completion {
  if (option.choices) return { candidates: option.choices.map((value) => ({ value })), fallback: 'none' };
  switch (longFlag(option)) {
    case '--pipeline':
      return { candidates: quietly(() => pipelineCandidates(project)), fallback: 'none' };
    case '--run':
      return { candidates: quietly(() => runCandidates(project)), fallback: 'none' };
    case '--runs-dir':
    case '--out':
      return { candidates: [], fallback: 'dirs' };
    case '--config':
    case '--output':
      return { candidates: [], fallback: 'files' };
    default:
      return { candidates: [], fallback: 'none' };
  }
}

/** Values of the next positional argument of the command. */
function argumentValues(spec: CliSpec, parsed: Parsed, project: ProjectOptions): Completion {
  const args = parsed.command?.arguments ?? [];
  const index = parsed.positionals.length;
  const last = args[args.length - 1];
  const arg: ArgumentSpec | undefined = index < args.length ? args[index] : last?.variadic ? last : undefined;
  if (!arg) return { candidates: [], fallback: 'none' };
  switch (arg.kind) {
    case 'pipeline':
      return { candidates: quietly(() => pipelineCandidates(project)), fallback: 'files' };
    case 'run': {
      const runs = quietly(() => runCandidates({ ...project, pipeline: parsed.values.get('--pipeline') }));
      return { candidates: arg.acceptsLast ? [{ value: 'last', description: 'the newest run' }, ...runs] : runs, fallback: 'none' };
    }
    case 'stage':
      return { candidates: quietly(() => stageCandidates({ ...project, run: parsed.positionals[0] })), fallback: 'none' };
    case 'command':
      return { candidates: commandCandidates(spec), fallback: 'none' };
    case 'shell':
      return { candidates: SHELLS.map((value) => ({ value })), fallback: 'none' };
    default:
      return { candidates: [], fallback: 'files' };
  }
}
