// `flowstate init` through the built CLI: the generated project validates and runs offline,
// existing files are never overwritten without --force, .gitignore gains .runs/ once, and the
// schema modelines point at the schemas where flowstate is installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** An empty directory for a new project (under `parent`, default the system temp dir). */
function emptyDir(parent = tmpdir()): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'flowstate-init-'));
  dirs.push(dir);
  return dir;
}

/** The schema path named by the first line of a generated file. */
function modeline(file: string): string {
  const first = readFileSync(file, 'utf8').split('\n')[0];
  const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
  expect(match, `modeline of ${file}`).not.toBeNull();
  return (match as RegExpExecArray)[1];
}

describe('flowstate init', () => {
  it('writes a project that validates and runs offline, and prints the next three commands', () => {
    const dir = emptyDir();
    const init = runCli(dir, ['init']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/created\s+orchestrator\.yaml/);
    expect(init.stdout).toMatch(/created\s+pipelines\/hello\.yaml/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('.runs/\n');
    const next = init.stdout.split('Next, try:\n')[1].trim().split('\n');
    expect(next.map((line) => line.trim().split(/\s{2,}/)[0])).toEqual([
      'flowstate run pipelines/hello.yaml',
      'flowstate watch pipelines/hello.yaml',
      'flowstate viz pipelines/hello.yaml',
    ]);
    expect(existsSync(join(dir, 'pipelines/agent-loop.yaml'))).toBe(false);

    const validate = runCli(dir, ['validate']);
    expect(validate.stdout).toContain('✓ pipelines/hello.yaml (hello)');
    expect(validate.code).toBe(0);
    const run = runCli(dir, ['run', 'pipelines/hello.yaml', '--input', 'who=Ada', '--json']);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout).manifest;
    expect(manifest.stages.measure.outputs).toEqual({ letters: '3' });
    expect(manifest.run_id).toMatch(/^\d{8}-\d{6}-[a-z0-9]{4}$/);
    expect(existsSync(join(dir, '.runs/hello', manifest.run_id))).toBe(true);
  });

  it('--agents adds an agent loop served by a local echo agent; it runs offline through its loop', () => {
    const dir = emptyDir();
    const init = runCli(dir, ['init', '--agents']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/created\s+pipelines\/agent-loop\.yaml/);
    expect(init.stdout).toMatch(/created\s+agents\/echo-agent\.mjs/);
    expect(init.stdout).toContain('flowstate run pipelines/agent-loop.yaml');
    const doctor = runCli(dir, ['doctor']);
    expect(doctor.code).toBe(0);
    const run = runCli(dir, ['run', 'agent-loop', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout).manifest;
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages.evaluate.visits).toBe(2);
    expect(manifest.stages.reflect.runtime_id).toBe('local');
  });

  it('refuses to overwrite any file without --force (exit 5, nothing written), and --force overwrites', () => {
    const dir = emptyDir();
    mkdirSync(join(dir, 'pipelines'));
    writeFileSync(join(dir, 'pipelines/hello.yaml'), 'mine\n');
    const refused = runCli(dir, ['init']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('would overwrite pipelines/hello.yaml');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'pipelines/hello.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'orchestrator.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);

    const forced = runCli(dir, ['init', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/overwritten\s+pipelines\/hello\.yaml/);
    expect(forced.stdout).toMatch(/created\s+orchestrator\.yaml/);
    expect(readFileSync(join(dir, 'pipelines/hello.yaml'), 'utf8')).toContain('name: hello');
    expect(runCli(dir, ['init', '--agents']).code).toBe(5);
  });

  it('refuses, writing nothing, where a folder it needs is a file or a file it writes is a folder (even with --force)', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'pipelines'), 'a file\n');
    const blocked = runCli(dir, ['init', '--force']);
    expect(blocked.code).toBe(5);
    expect(blocked.stderr).toContain('pipelines is not a directory; nothing was written');
    rmSync(join(dir, 'pipelines'));
    mkdirSync(join(dir, 'pipelines/hello.yaml'), { recursive: true });
    const folder = runCli(dir, ['init', '--force']);
    expect(folder.code).toBe(5);
    expect(folder.stderr).toContain('pipelines/hello.yaml is a directory');
    expect(readdirSync(dir).sort()).toEqual(['pipelines']);
    rmSync(join(dir, 'pipelines'), { recursive: true });
    mkdirSync(join(dir, '.gitignore'));
    const ignore = runCli(dir, ['init']);
    expect(ignore.code).toBe(5);
    expect(ignore.stderr).toContain('.gitignore is a directory; nothing was written');
    expect(readdirSync(dir)).toEqual(['.gitignore']);
  });

  it('reports a file it cannot write (exit 1, no stack trace, no temporary file left)', (context) => {
    // Root writes anywhere: the unwritable directory is made by running the CLI as `nobody`.
    const canDrop = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', CLI]).status === 0;
    if (!canDrop) return context.skip();
    const dir = emptyDir();
    chmodSync(dir, 0o755);
    const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, 'init'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: flowstate init cannot write orchestrator\.yaml in .*: EACCES: permission denied.*\(nothing was written\)\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('adds .runs/ to an existing .gitignore once, keeping its lines', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n*.log');
    const first = runCli(dir, ['init']);
    expect(first.stdout).toMatch(/updated\s+\.gitignore/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n*.log\n.runs/\n');
    const again = runCli(dir, ['init', '--force']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('.gitignore');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n*.log\n.runs/\n');

    const other = emptyDir();
    writeFileSync(join(other, '.gitignore'), '/.runs\n');
    expect(runCli(other, ['init']).code).toBe(0);
    expect(readFileSync(join(other, '.gitignore'), 'utf8')).toBe('/.runs\n');
  });

  it('modelines point at node_modules/flowstate-cli where installed, at the checkout inside it', () => {
    // Installed (here: a link, as `npm link` or a workspace makes): paths stay under node_modules.
    const installed = emptyDir();
    mkdirSync(join(installed, 'node_modules'));
    symlinkSync(REPO, join(installed, 'node_modules/flowstate-cli'), 'dir');
    const init = runCli(installed, ['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).not.toContain('note:');
    expect(init.stdout).toContain('npx flowstate run pipelines/hello.yaml');
    expect(modeline(join(installed, 'orchestrator.yaml'))).toBe('./node_modules/flowstate-cli/schemas/orchestrator.schema.json');
    expect(modeline(join(installed, 'pipelines/hello.yaml'))).toBe('../node_modules/flowstate-cli/schemas/pipeline.schema.json');

    // A sub-project of a workspace whose node_modules is hoisted to the parent.
    const workspace = emptyDir();
    mkdirSync(join(workspace, 'node_modules'));
    symlinkSync(REPO, join(workspace, 'node_modules/flowstate-cli'), 'dir');
    mkdirSync(join(workspace, 'packages/app'), { recursive: true });
    expect(runCli(join(workspace, 'packages/app'), ['init']).code).toBe(0);
    expect(modeline(join(workspace, 'packages/app/orchestrator.yaml'))).toBe('../../node_modules/flowstate-cli/schemas/orchestrator.schema.json');

    // Inside this repository: its own schemas/.
    const inside = emptyDir(join(REPO, '.tmp'));
    expect(runCli(inside, ['init']).code).toBe(0);
    const toRepo = relative(join(inside, 'pipelines'), REPO);
    expect(modeline(join(inside, 'pipelines/hello.yaml'))).toBe(`${toRepo}/schemas/pipeline.schema.json`);
    expect(existsSync(join(inside, 'pipelines', modeline(join(inside, 'pipelines/hello.yaml'))))).toBe(true);
    expect(existsSync(join(inside, modeline(join(inside, 'orchestrator.yaml'))))).toBe(true);

    // Anywhere else: where `npm install --save-dev flowstate-cli` will put them, with a note saying so.
    const elsewhere = emptyDir();
    const plain = runCli(elsewhere, ['init']);
    expect(plain.stdout).toContain('npm install --save-dev flowstate-cli');
    expect(modeline(join(elsewhere, 'pipelines/hello.yaml'))).toBe('../node_modules/flowstate-cli/schemas/pipeline.schema.json');
  });
});
