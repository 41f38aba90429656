// The published package, end to end: `npm pack` a clean copy of the sources (prepack builds
// dist/), install the tarball into a fresh project as a user would (dependencies come from the
// npm cache or registry; no build, no install-script warning), then `npx flowstate init`,
// `npx flowstate run pipelines/hello.yaml`, an .mjs that imports `flowstate-cli`, and the
// editor schemas as yaml-language-server resolves them from node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';
import { YamlLanguageServer } from './lsp-client.js';

const SLOW = 300_000;
let work: string;
let tarball: string;
let packOutput: string;
let project: string;

/** Runs a command; never throws, returns what it printed. */
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; stdout: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: SLOW,
    env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '', npm_config_yes: 'false', npm_config_update_notifier: 'false', ...env },
  });
  return { code: result.status, stdout: result.stdout, out: `${result.stdout}\n${result.stderr}` };
}

/** Copies what git tracks (plus new, unignored files) without dist/, as a fresh clone has it. */
function cleanCopy(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (file.startsWith('dist/') || !existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(REPO, file), join(to, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(to, 'node_modules'), 'dir');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flowstate-pack-'));
  const source = join(work, 'source');
  cleanCopy(source);
  mkdirSync(join(work, 'out'));
  const manifestBefore = readFileSync(join(source, 'package.json'), 'utf8');
  const pack = sh('npm', ['pack', '--pack-destination', join(work, 'out')], source);
  packOutput = pack.out;
  expect(pack.code, pack.out).toBe(0);
  expect(readFileSync(join(source, 'package.json'), 'utf8')).toBe(manifestBefore);
  tarball = join(work, 'out', pack.stdout.trim().split('\n').pop() as string);
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
}, SLOW);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack + install of flowstate-cli', { timeout: SLOW }, () => {
  it('packs bin, a fresh dist and the schemas under the name flowstate-cli, without install scripts', () => {
    expect(packOutput).toContain('> node scripts/clean-dist.mjs && npm run build');
    expect(tarball).toMatch(/flowstate-cli-\d+\.\d+\.\d+\.tgz$/);
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of [
      'bin/flowstate.js',
      'bin/code-cache.js',
      'bin/package.json',
      'dist/bin/flowstate.cjs',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/api/init.js',
      'schemas/pipeline.schema.json',
      'schemas/orchestrator.schema.json',
      'completions/flowstate.bash',
      'scripts/echo-agent.mjs',
      'README.md',
      'package.json',
    ]) {
      expect(listing, file).toContain(`package/${file}`);
    }
    expect(listing.filter((f) => /^package\/(src|tests|bench|pipelines)\//.test(f))).toEqual([]);
    expect(listing.filter((f) => f.includes('.v8-cache'))).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(manifest.name).toBe('flowstate-cli');
    expect(manifest.bin).toEqual({ flowstate: 'bin/flowstate.js' });
    expect(manifest.engines).toEqual({ node: '>=20.19' });
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[script], script).toBeUndefined();
  });

  it('installs from the tarball with no build and no install-script warning', () => {
    const install = sh('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
    expect(install.code, install.out).toBe(0);
    expect(install.out).not.toMatch(/install-scripts|allowScripts|> flowstate-cli@|prepare|tsc/);
    expect(install.out).not.toMatch(/npm (warn|WARN|error|ERR)/);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies['flowstate-cli']).toMatch(/^file:/);
    expect(existsSync(join(project, 'node_modules/flowstate-cli/dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/flowstate-cli/src'))).toBe(false);
  });

  it('npx flowstate init, then npx flowstate run pipelines/hello.yaml, run offline', () => {
    const init = sh('npx', ['flowstate', 'init'], project);
    expect(init.code, init.out).toBe(0);
    expect(init.stdout).toContain('npx flowstate run pipelines/hello.yaml');
    expect(init.stdout).not.toContain('note:');
    expect(readFileSync(join(project, 'pipelines/hello.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/flowstate-cli/schemas/pipeline.schema.json',
    );
    const run = sh('npx', ['flowstate', 'run', 'pipelines/hello.yaml'], project);
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toMatch(/✓ succeeded/);
    // The installed CLI ran its bundle and kept V8's code cache beside it for the next start.
    expect(readdirSync(join(project, 'node_modules/flowstate-cli/dist/bin/.v8-cache')).some((f) => f.startsWith('run-'))).toBe(true);
    expect(sh('npx', ['flowstate', '--version'], project).stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it('the library imports by its package name from an .mjs file', () => {
    writeFileSync(
      join(project, 'use-library.mjs'),
      [
        "import { runPipeline, validate } from 'flowstate-cli';",
        "const [checked] = validate({ files: ['pipelines/hello.yaml'] });",
        "const result = await runPipeline({ pipeline: 'pipelines/hello.yaml', inputs: { who: 'library' } });",
        'console.log(checked.ok, result.status, result.manifest.stages.measure.outputs.letters);',
      ].join('\n'),
    );
    const result = sh(process.execPath, ['use-library.mjs'], project);
    expect(result.code, result.out).toBe(0);
    expect(result.stdout.trim()).toBe('true succeeded 7');
  });

  it("yaml-language-server resolves the generated modelines to the installed package's schemas", async () => {
    const server = new YamlLanguageServer(project);
    try {
      await server.start(project);
      expect(await server.diagnostics(join(project, 'orchestrator.yaml'))).toEqual([]);
      expect(await server.diagnostics(join(project, 'pipelines/hello.yaml'))).toEqual([]);
      const typo = readFileSync(join(project, 'pipelines/hello.yaml'), 'utf8').replace('version: 1', 'version: 2');
      const diagnostics = await server.diagnostics(join(project, 'pipelines/hello.yaml'), typo);
      expect(diagnostics.map((d) => d.range.start.line)).toContain(1);
    } finally {
      await server.stop();
    }
  });
});
