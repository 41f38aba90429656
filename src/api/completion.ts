// Shell completion: given the words typed after `flowstate`, what can come next. The command
// tree arrives as a plain CommandSpec (built from the CLI's own definitions); the dynamic
// values (pipeline names, run ids, stage ids) come from the project on disk.
import { basename } from 'node:path';
import { readManifest } from '../store/index.js';
import { listRuns, locateRun } from './inspect.js';
import { openProject, type ProjectOptions } from './project.js';
import { pipelineFiles } from './validate.js';

export interface OptionSpec {
  /** Every spelling, e.g. `-f` and `--follow`. */
  flags: string[];
  takesValue: boolean;
  /** Fixed values (commander `choices`). */
  choices?: string[];
  description: string;
}

/** What a positional argument holds, which decides its candidates. */
export type ArgumentKind = 'pipeline' | 'run' | 'stage' | 'command' | 'shell' | 'file';

export interface ArgumentSpec {
  kind: ArgumentKind;
  variadic: boolean;
  /** A run argument that also takes `last`. */
  acceptsLast?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
}

export interface CliSpec {
  globalOptions: OptionSpec[];
  commands: CommandSpec[];
}

export interface Candidate {
  value: string;
  description?: string;
}

/** Candidates, and what the shell should offer when none match: nothing, file names or directories. */
export interface Completion {
  candidates: Candidate[];
  fallback: 'none' | 'files' | 'dirs';
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Pipeline names (files in the project's pipelines/, without .yaml). */
export function pipelineCandidates(options: ProjectOptions): Candidate[] {
  return pipelineFiles(openProject(options)).map((file) => ({ value: basename(file).replace(/\.ya?ml$/, ''), description: 'pipeline' }));
}

/** Recorded run ids, newest first, described by pipeline and status. */
export function runCandidates(options: ProjectOptions & { pipeline?: string }): Candidate[] {
  return listRuns(options).map((run) => ({ value: run.run_id, description: `${run.pipeline} ${run.status}` }));
}

/** The stage ids of a run (`last` or undefined: the newest run); reads the manifest only, never writes. */
export function stageCandidates(options: ProjectOptions & { run?: string }): Candidate[] {
  const run = options.run === 'last' ? undefined : options.run;
  const manifest = readManifest(locateRun({ ...options, run }));
  return Object.entries(manifest.stages).map(([id, stage]) => ({ value: id, description: stage.status }));
}

/** Runs a candidate source; a broken project, a missing run or a bad id complete to nothing. */
export function quietly(source: () => Candidate[]): Candidate[] {
  try {
    return source();
  } catch {
    return [];
  }
}
