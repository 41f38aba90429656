#!/usr/bin/env node
// A deterministic local agent for offline runs and tests. It reads the prompt on stdin and
// answers according to its role (FLOWSTATE_ROLE). The evaluate role fails the first
// ECHO_AGENT_PASS_AFTER-1 attempts (default: pass on attempt 2), which drives review loops.
import { readFileSync } from 'node:fs';

const prompt = readFileSync(0, 'utf8').trim();
const role = process.env.FLOWSTATE_ROLE ?? 'execute';
const attempt = Number(process.env.FLOWSTATE_ATTEMPT ?? '1');
const passAfter = Number(process.env.ECHO_AGENT_PASS_AFTER ?? '2');
const firstLine = prompt.split('\n')[0].slice(0, 120);

/** The answer of each role: a sentence, then a JSON object with its outputs. */
function answer() {
  switch (role) {
    case 'interview':
      return [`Questions about: ${firstLine}`, { signal: 'ok', questions: 0 }];
    case 'execute':
      return [`Did the work (attempt ${attempt}): ${firstLine}`, { signal: 'done', version: `0.1.${attempt}` }];
    case 'evaluate': {
      const signal = attempt >= passAfter ? 'pass' : 'fail';
      return [`Evaluation of attempt ${attempt}: ${signal}`, { signal }];
    }
    case 'reflect':
      return ['Learned: small steps, real tests.', { signal: 'ok' }];
    default:
      return [`Unknown role ${role}`, { signal: 'fail' }];
  }
}

const [text, outputs] = answer();
process.stdout.write(`${text}\n${JSON.stringify(outputs)}\n`);
