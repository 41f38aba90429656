// `flowstate init`: writes a starter project (orchestrator.yaml, pipelines, optional local
// agent) into a directory, never overwriting a file unless forced, and ignores the runs dir.
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConflictError, EXIT, FlowstateError } from '../errors/index.js';
import { writeFileAtomic } from '../store/index.js';
import { agentLoopPipelineYaml, ECHO_AGENT_PATH, helloPipelineYaml, orchestratorYaml } from './init-templates.js';
import { locateInstall, schemaRefs, type InstallLocation } from './init-location.js';
import { runningPackageRoot } from './package-root.js';

export interface InitOptions {
  /** The directory to initialise (default: process.cwd()). */
  cwd?: string;
  /** Also write an agent-loop pipeline and a local echo agent every role is mapped to. */
  agents?: boolean;
  /** Overwrite files that already exist. */
  force?: boolean;
}

export interface InitFile {
  /** Relative to the initialised directory, with `/` separators. */
  path: string;
  action: 'created' | 'overwritten';
}

export interface NextStep {
  command: string;
  why: string;
}

export interface InitResult {
  dir: string;
  files: InitFile[];
  /** What happened to .gitignore: `.runs/` added to a new or existing file, or already there. */
  gitignore: 'created' | 'updated' | 'unchanged';
  location: InstallLocation;
  next: NextStep[];
}

const RUNS_IGNORE = '.runs/';

/** Writes the starter project; refuses (exit 5, nothing written) when a file exists and !force. */
export function initProject(options: InitOptions = {}): InitResult {
  const dir = resolve(options.cwd ?? process.cwd());
  const location = locateInstall(dir);
  const planned = plannedFiles(location, options.agents === true);
  const existing = refuseConflicts(dir, [...planned.keys()], options.force === true);
  if (isDirectory(join(dir, '.gitignore'))) throw new ConflictError(`flowstate init cannot write into ${dir}: .gitignore is a directory; nothing was written`);
  const files: InitFile[] = [];
  for (const [path, text] of planned) {
    writeProjectFile(dir, path, text, files);
    files.push({ path, action: existing.includes(path) ? 'overwritten' : 'created' });
  }
  const gitignore = writeStep(dir, '.gitignore', files, () => ignoreRunsDir(dir));
  return { dir, files, gitignore, location, next: nextSteps(location, options.agents === true) };
}

/** The files to write, by project-relative path. */
function plannedFiles(location: InstallLocation, agents: boolean): Map<string, string> {
  const refs = schemaRefs(location);
  const files = new Map<string, string>([
    ['orchestrator.yaml', orchestratorYaml(refs, agents)],
    ['pipelines/hello.yaml', helloPipelineYaml(refs)],
  ]);
  if (agents) {
    files.set('pipelines/agent-loop.yaml', agentLoopPipelineYaml(refs));
    files.set(ECHO_AGENT_PATH, readFileSync(join(runningPackageRoot(), 'scripts', 'echo-agent.mjs'), 'utf8'));
  }
  return files;
}

/**
 * Refuses (exit 5, before writing anything) where a folder init needs is not a directory or a
 * file it writes is a folder, and, unless forced, where a file exists; returns the existing files.
 */
function refuseConflicts(dir: string, paths: string[], force: boolean): string[] {
  const folders = [...new Set(paths.map((path) => dirname(path)))].filter((d) => d !== '.');
  const problems = [
    ...folders.filter((d) => pathExists(join(dir, d)) && !isDirectory(join(dir, d))).map((d) => `${d} is not a directory`),
    ...paths.filter((path) => isDirectory(join(dir, path))).map((path) => `${path} is a directory`),
  ];
  if (problems.length > 0) throw new ConflictError(`flowstate init cannot write into ${dir}: ${problems.join('; ')}; nothing was written`);
  const existing = paths.filter((path) => pathExists(join(dir, path)));
  if (existing.length > 0 && !force) {
    throw new ConflictError(`flowstate init would overwrite ${existing.join(', ')} in ${dir}; nothing was written (pass --force to overwrite)`);
  }
  return existing;
}

/** Writes one file atomically (creating its folder). */
function writeProjectFile(dir: string, path: string, text: string, written: InitFile[]): void {
  writeStep(dir, path, written, () => {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, text);
  });
}

/** Runs one write; a failure names the file and what was already written (exit 1). */
function writeStep<T>(dir: string, path: string, written: InitFile[], write: () => T): T {
  try {
    return write();
  } catch (error) {
    const done = written.length > 0 ? ` (already written: ${written.map((f) => f.path).join(', ')})` : ' (nothing was written)';
    const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = root instanceof Error ? root.message : String(root);
    throw new FlowstateError('init_write', `flowstate init cannot write ${path} in ${dir}: ${reason}${done}`, EXIT.failed, { cause: error });
  }
}

/** True when `path` is a directory (or a link to one). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when anything (a file, a directory, a dangling link) is at `path`. */
function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Adds `.runs/` to the directory's .gitignore unless a line already ignores the runs dir. */
function ignoreRunsDir(dir: string): InitResult['gitignore'] {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) {
    writeFileAtomic(file, `${RUNS_IGNORE}\n`);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  const ignored = text.split(/\r?\n/).some((line) => /^\/?\.runs\/?\s*$/.test(line.trim()));
  if (ignored) return 'unchanged';
  writeFileAtomic(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${RUNS_IGNORE}\n`);
  return 'updated';
}

/** The three commands to try next. */
function nextSteps(location: InstallLocation, agents: boolean): NextStep[] {
  const cli = location.command;
  const drawn = agents ? 'pipelines/agent-loop.yaml' : 'pipelines/hello.yaml';
  return [
    { command: `${cli} run pipelines/hello.yaml`, why: 'run the first pipeline (add --input who=you)' },
    agents
      ? { command: `${cli} run pipelines/agent-loop.yaml`, why: 'run the agent loop with the local echo agent' }
      : { command: `${cli} watch pipelines/hello.yaml`, why: 'run it again on every save (Ctrl-C stops)' },
    { command: `${cli} viz ${drawn}`, why: 'draw it as a state chart (mermaid; --format dot|json)' },
  ];
}
