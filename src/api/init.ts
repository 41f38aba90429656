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
  const folders = [...new Set([...planned.keys()].map((path) => dirname(path)))].filter((d) => d !== '.');
  const notFolders = folders.filter((d) => pathExists(join(dir, d)) && !isDirectory(join(dir, d)));
  const folderTargets = [...planned.keys()].filter((path) => isDirectory(join(dir, path)));
  if (notFolders.length > 0 || folderTargets.length > 0) {
    const problems = [...notFolders.map((d) => `${d} is not a directory`), ...folderTargets.map((f) => `${f} is a directory`)];
    throw new ConflictError(`flowstate init cannot write into ${dir}: ${problems.join('; ')}; nothing was written`);
  }
  const existing = [...planned.keys()].filter((path) => pathExists(join(dir, path)));
  if (existing.length > 0 && options.force !== true) {
    throw new ConflictError(
      `flowstate init would overwrite ${existing.join(', ')} in ${dir}; nothing was written (pass --force to overwrite)`,
    );
  }
  const files: InitFile[] = [];
  for (const [path, text] of planned) {
    writeProjectFile(dir, path, text, files);
    files.push({ path, action: existing.includes(path) ? 'overwritten' : 'created' });
  }
  const gitignore = ignoreRunsDir(dir);
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

/** Writes one file atomically; a failure names the file and what was already written (exit 1). */
function writeProjectFile(dir: string, path: string, text: string, written: InitFile[]): void {
  const target = join(dir, path);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, text);
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
