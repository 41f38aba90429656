// What the built CLI loads for a plain `flowstate run`: the one bundle, no dashboard (blessed),
// no Graphviz WebAssembly, no http/https/tls, and no ES module loader for the bin. Recorded from
// inside the real process (a --require hook writes require.cache and Node's module list at exit).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, makeProject } from './helpers.js';

/** Loads seen by a `--require` hook in the CLI's own process: file modules and Node built-ins. */
function loadsOf(args: string[]): { files: string[]; builtins: string[]; code: number | null } {
  const dir = makeProject({ 'p.yaml': 'version: 1\nname: p\nstages:\n  s:\n    run: ["true"]\n' });
  const hook = join(dir, 'record-loads.cjs');
  const out = join(dir, 'loads.json');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));\n`,
  );
  const run = spawnSync(process.execPath, ['--require', hook, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { ...(JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] }), code: run.status };
}

describe('start-up of the built CLI', () => {
  it('a plain run loads the bundle only: no dashboard, no viz, no http, no ES module loader for the bin', () => {
    const { files, builtins, code } = loadsOf(['run', 'p.yaml', '--no-ui']);
    expect(code).toBe(0);
    expect(files.some((f) => f.endsWith('/dist/bin/flowstate.cjs') || f.endsWith('/bin/flowstate.js'))).toBe(true);
    expect(files.filter((f) => /[\\/]node_modules[\\/](blessed|@viz-js)[\\/]/.test(f))).toEqual([]);
    expect(builtins.filter((m) => ['http', 'https', 'tls', 'internal/modules/esm/module_job'].includes(m))).toEqual([]);
  });

  it('--version loads no CLI code at all', () => {
    const { files, builtins, code } = loadsOf(['--version']);
    expect(code).toBe(0);
    expect(files.filter((f) => f.includes('/dist/'))).toEqual([]);
    expect(builtins).not.toContain('vm');
  });
});
