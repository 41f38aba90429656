// bin/flowstate.js and bin/code-cache.js, copied into a stand-in package whose "bundle" and
// "tsc output" report which one ran: --version without the CLI, the bundle through V8's code
// cache (written once, reused, keyed by the bundle so a rebuild never runs stale code, rebuilt
// when V8 rejects it, optional when it cannot be written), and tsc's output when the bundle is
// missing or older than it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

/** A bundle that says it ran (with a tag to tell builds apart), its URL and argv; exits with $EXIT_CODE. */
const bundleSource = (tag: string) =>
  `'use strict';\nexports.main = async (argv) => {\n  process.stdout.write(JSON.stringify({ via: 'bundle-${tag}', url: __flowstate_url, args: argv.slice(2) }));\n  return Number(process.env.EXIT_CODE || 0);\n};\n`;

let pkg: string;

/** Runs the copied bin in the stand-in package. */
function flowstate(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [join(pkg, 'bin/flowstate.js'), ...args], { cwd: pkg, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const cacheDir = () => join(pkg, 'dist/bin/.v8-cache');
const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

/** Writes the bundle with a given tag and mtime (seconds). */
function writeBundle(tag: string, mtime: number): void {
  const file = join(pkg, 'dist/bin/flowstate.cjs');
  writeFileSync(file, bundleSource(tag));
  utimesSync(file, mtime, mtime);
}

beforeEach(() => {
  pkg = mkdtempSync(join(tmpdir(), 'flowstate-bin-'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'stand-in', version: '9.8.7', type: 'module' }));
  cpSync(join(REPO, 'bin'), join(pkg, 'bin'), { recursive: true });
  mkdirSync(join(pkg, 'src')); // a checkout; an installed package has no src/
  mkdirSync(join(pkg, 'dist/cli'), { recursive: true });
  mkdirSync(join(pkg, 'dist/bin'), { recursive: true });
  const tscMain = join(pkg, 'dist/cli/main.js');
  writeFileSync(tscMain, `export async function main(argv) { process.stdout.write(JSON.stringify({ via: 'tsc', args: argv.slice(2) })); return 0; }\n`);
  utimesSync(tscMain, 1_000_000, 1_000_000);
  writeBundle('a', 2_000_000);
});

afterEach(() => rmSync(pkg, { recursive: true, force: true }));

describe('bin/flowstate.js', () => {
  it('prints --version and -V from package.json without loading the CLI', () => {
    writeFileSync(join(pkg, 'dist/bin/flowstate.cjs'), 'throw new Error("the bundle was loaded");\n');
    for (const flag of ['--version', '-V']) expect(flowstate([flag])).toMatchObject({ code: 0, stdout: '9.8.7\n' });
    expect(cacheFiles()).toEqual([]);
  });

  it('runs the bundle with its file URL as import.meta.url, and exits with main()s code', () => {
    const first = flowstate(['run', 'p.yaml'], { EXIT_CODE: '3' });
    expect(first.code).toBe(3);
    expect(JSON.parse(first.stdout)).toEqual({ via: 'bundle-a', url: pathToFileURL(join(pkg, 'dist/bin/flowstate.cjs')).href, args: ['run', 'p.yaml'] });
  });

  it('writes the code cache once per command and reuses it', () => {
    expect(JSON.parse(flowstate(['run', 'p.yaml']).stdout).via).toBe('bundle-a');
    const [file] = cacheFiles();
    expect(file).toMatch(new RegExp(`^run-${process.version.replace(/\./g, '\\.')}-${process.arch}-\\d+-2000000000-\\d+\\.bin$`));
    const written = statSync(join(cacheDir(), file as string));
    expect(JSON.parse(flowstate(['run', 'p.yaml']).stdout).via).toBe('bundle-a');
    const after = statSync(join(cacheDir(), file as string));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]); // accepted by V8: not rewritten
    flowstate(['status']);
    expect(cacheFiles().sort()).toEqual([file, (file as string).replace(/^run-/, 'status-')].sort());
    expect(cacheFiles().some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('writes no cache after a usage error (exit 2): the command barely ran', () => {
    expect(flowstate(['run'], { EXIT_CODE: '2' }).code).toBe(2);
    expect(cacheFiles()).toEqual([]);
  });

  it('never runs a stale cache: a rebuilt bundle of the same length gets its own cache', () => {
    flowstate(['run']);
    writeBundle('b', 2_000_000); // same length and mtime as bundle "a": V8's own check would accept a's code
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('bundle-b');
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('bundle-b');
    expect(cacheFiles()).toHaveLength(2);
  });

  it('rebuilds a cache V8 rejects (corrupt, or from another Node) and still runs', () => {
    flowstate(['run']);
    const file = join(cacheDir(), cacheFiles()[0] as string);
    writeFileSync(file, 'not a V8 code cache');
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('bundle-a');
    expect(readFileSync(file, 'utf8')).not.toBe('not a V8 code cache');
  });

  it('runs without a cache when it cannot be written', () => {
    writeFileSync(cacheDir(), 'a file where the cache folder would be');
    const out = flowstate(['run']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(out.stdout).via).toBe('bundle-a');
  });

  it("runs tsc's output when the bundle is missing or, in a checkout, older than it", () => {
    utimesSync(join(pkg, 'dist/cli/main.js'), 4_000_000, 4_000_000);
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('tsc');
    rmSync(join(pkg, 'src'), { recursive: true }); // installed: npm's extraction order sets the mtimes
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('bundle-a');
    rmSync(join(pkg, 'dist/bin'), { recursive: true });
    expect(JSON.parse(flowstate(['run']).stdout).via).toBe('tsc');
  });
});
