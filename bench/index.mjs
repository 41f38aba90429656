#!/usr/bin/env node
// `npm run bench -- <scenario...|all>`: prints flowstate's figures next to anchors measured in
// the same run on the same machine, then one summary table (scenario | flowstate | anchors |
// ratio | budget | met?) with the date, the machine and its load average.
// Scenarios live in bench/scenarios/<name>.mjs; each run() prints its details and returns
// summary rows.
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(join(here, 'scenarios'))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort();
/** The order of `all`: start-up first, the long scale run last. */
const ORDER = ['startup', 'overhead', 'validate', 'parallel', 'watch', 'resume', 'scale'];
const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.includes('--help')) {
  console.log(`usage: npm run bench -- <${available.join('|')}|all>...`);
  process.exit(wanted.length === 0 ? 2 : 0);
}
const names = wanted.includes('all') ? [...ORDER.filter((n) => available.includes(n)), ...available.filter((n) => !ORDER.includes(n))] : wanted;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown scenario \`${name}\`; available: ${available.join(', ')}`);
    process.exit(2);
  }
}

const summary = [];
for (const name of names) {
  const scenario = await import(join(here, 'scenarios', `${name}.mjs`));
  console.log(`\n## ${name}\n`);
  const load = loadavg()[0];
  const rows = (await scenario.run()) ?? [];
  for (const row of rows) summary.push({ ...row, load: `${load.toFixed(2)}->${loadavg()[0].toFixed(2)}` });
}

if (summary.length > 0) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\n## summary\n\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log('load: 1-minute load average when the scenario started -> ended\n');
  const ratio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : '');
  printTable([
    ['scenario', 'flowstate', 'anchors (same run)', 'ratio', 'budget', 'met?', 'load'],
    ...summary.map((r) => [r.scenario, r.flowstate, r.anchors, ratio(r.ratio), r.budget, r.met, r.load]),
  ]);
}
