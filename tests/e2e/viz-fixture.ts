// A project whose one run exercises what the chart overlay draws: a secret output, a skipped
// stage, a retried stage, a failure routed by on_failure, and a run that ends failed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, runCli } from './helpers.js';

export const SECRET = 's3cr3t-value-9f2c41';

export const DEBUG_PIPELINE = `version: 1
name: debug
inputs:
  env: { type: string, default: dev }
stages:
  setup:
    run: printf 'token=%s\\n' "$API_TOKEN" >> "$FLOWSTATE_OUTPUT"
  optional:
    if: inputs.env == 'prod'
    run: echo prod only
  flaky:
    run: "test -f .flaky || { touch .flaky; exit 7; }"
    retry: { max: 1, delay: 10ms }
  broken:
    run: echo "boom $API_TOKEN" >&2; exit 3
    on_failure: cleanup
  cleanup:
    run: echo cleaning
    next: fail
`;

/** Creates the project and runs `debug` once (it fails, as designed); returns the project dir and run id. */
export function debugProjectWithRun(): { dir: string; runId: string } {
  const dir = makeProject({ 'pipelines/debug.yaml': DEBUG_PIPELINE });
  const result = runCli(dir, ['run', 'debug'], { API_TOKEN: SECRET });
  if (result.code !== 1) throw new Error(`the debug run should fail (exit 1), got ${result.code}: ${result.stderr}`);
  const runId = readdirSync(join(dir, '.runs', 'debug'))[0];
  return { dir, runId };
}
