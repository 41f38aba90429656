#!/usr/bin/env node
// `npm run bench -- <scenario>`: prints flowstate's figures next to anchors measured in the
// same run on the same machine. Scenarios live in bench/scenarios/<name>.mjs.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(join(here, 'scenarios')).filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, '')).sort();
const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.includes('--help')) {
  console.log(`usage: npm run bench -- <${available.join('|')}|all>`);
  process.exit(wanted.length === 0 ? 2 : 0);
}
const names = wanted.includes('all') ? available : wanted;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown scenario \`${name}\`; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const scenario = await import(join(here, 'scenarios', `${name}.mjs`));
  console.log(`\n## ${name}\n`);
  await scenario.run();
}
