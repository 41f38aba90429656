// The completion scripts `flowstate completion bash|zsh|fish` prints: static files shipped in
// the package's completions/ folder (thin: they ask `flowstate __complete` for candidates).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Shell } from './completion.js';
import { runningPackageRoot } from './package-root.js';

const FILES: Record<Shell, string> = { bash: 'flowstate.bash', zsh: '_flowstate', fish: 'flowstate.fish' };

/** The completion script of a shell. */
export function completionScript(shell: Shell): string {
  return readFileSync(join(runningPackageRoot(), 'completions', FILES[shell]), 'utf8');
}
