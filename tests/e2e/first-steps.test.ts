// What a new user meets first: `flowstate --help` starts with the commands to begin with, the
// README's first screen installs `flowstate-cli` and shows the same commands, and no user-facing
// doc installs or imports the unrelated `flowstate` package.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO, runCli } from './helpers.js';

const START_HERE = ['init', 'run', 'watch', 'status', 'viz'];

describe('first steps', () => {
  it('--help lists init, run, watch, status and viz first, each a real command', () => {
    const dir = makeProject({});
    const help = runCli(dir, ['--help']);
    expect(help.code).toBe(0);
    const group = /\nStart here:\n([\s\S]*?)\n\n/.exec(help.stdout)?.[1] ?? '';
    const commands = group
      .split('\n')
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => l.trim().split(' ')[0]);
    expect(commands).toEqual(START_HERE);
    expect(help.stdout.indexOf('Start here:')).toBeLessThan(help.stdout.indexOf('Runs:'));
    for (const command of commands) expect(runCli(dir, [command, '--help']).code, command).toBe(0);
    expect(help.stdout).toContain('flowstate init, then flowstate run pipelines/hello.yaml');
  });

  it("the README's first screen installs flowstate-cli, starts with init and shows the same commands", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const firstScreen = readme.slice(0, readme.indexOf('## Working on flowstate itself'));
    expect(firstScreen.split('\n').length).toBeLessThan(60);
    expect(firstScreen).toMatch(/^npm install --save-dev flowstate-cli\b/m);
    expect(firstScreen).toMatch(/^npx flowstate init\b/m);
    const table = [...firstScreen.matchAll(/^\| `flowstate (\w+)/gm)].map((m) => m[1]);
    expect(table).toEqual(START_HERE);
    // The repository's own set-up stays two commands (.ci/run runs exactly these).
    expect(readme).toContain('npm install && npx flowstate run pipelines/hello.yaml');
    const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm install && npx flowstate run pipelines\/hello\.yaml$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('README and docs install and import flowstate-cli, never the unrelated flowstate package', () => {
    const files = [
      'README.md',
      ...readdirSync(join(REPO, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    for (const file of files) {
      const text = readFileSync(join(REPO, file), 'utf8');
      for (const line of text.split('\n')) {
        const installed = /npm (?:install|i|add)(?:\s+-[\w=-]+)*\s+(flowstate[\w@.-]*)/.exec(line)?.[1];
        if (installed !== undefined) expect(installed, `${file}: ${line}`).toMatch(/^flowstate-cli(@|$)/);
        expect(line, `${file}: ${line}`).not.toMatch(/from ['"]flowstate['"]|node_modules\/flowstate\/|npx (-p |--package[= ])?flowstate@/);
      }
    }
    expect(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).name).toBe('flowstate-cli');
  });
});
