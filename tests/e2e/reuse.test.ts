// Reuse through the real CLI: one stage template file used twice with different inputs (values
// stay values, even hostile ones), templates + extends, and env_file with secret masking.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRunDir } from './crash-helpers.js';
import { makeProject, pipelineYaml, readRunManifest, runCli } from './helpers.js';

const TEMPLATE = `inputs:
  who: { type: string }
  times: { type: integer, default: 1 }
stage:
  description: "greet \${{ inputs.who }}"
  if: inputs.times > 0
  env: { FROM: template, TIMES: "\${{ inputs.times }}" }
  run: printf '%s x%s from %s\\n' \${{ inputs.who }} "$TIMES" "$FROM" >> greetings.txt
`;

describe('uses: stage template files', () => {
  it('the same template used twice with different inputs; a hostile value reaches the shell as data', () => {
    const hostile = "o'brien; touch pwned #";
    const project = makeProject({
      'stages/greet.yaml': TEMPLATE,
      'p.yaml': pipelineYaml(
        'p',
        `  first:\n    uses: stages/greet.yaml\n    with: { who: world }\n  second:\n    uses: stages/greet.yaml\n    with: { who: "<\${{ inputs.name }}>", times: 2 }\n    env: { FROM: pipeline }\n  none:\n    uses: stages/greet.yaml\n    with: { who: nobody, times: 0 }\n`,
        `inputs:\n  name: { type: string }\n`,
      ),
    });
    const result = runCli(project, ['run', 'p.yaml', '--input', `name=${hostile}`]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(readFileSync(join(project, 'greetings.txt'), 'utf8')).toBe(`world x1 from template\n<${hostile}> x2 from pipeline\n`);
    expect(existsSync(join(project, 'pwned'))).toBe(false);
    const manifest = readRunManifest(onlyRunDir(project, 'p') as string);
    expect(manifest.stages.none.status).toBe('skipped');
  });

  it('an invalid template is reported in its own file (exit 2), and validate names the using stage too', () => {
    const project = makeProject({
      'stages/greet.yaml': 'inputs:\n  who: { type: string }\nstage:\n  run: echo ${{ inputs.whom }}\n',
      'p.yaml': pipelineYaml('p', '  first:\n    uses: stages/greet.yaml\n    with: { who: x }\n'),
    });
    const result = runCli(project, ['validate', 'p.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stages/greet.yaml:4:8: `inputs.whom` is not an input of this template, did you mean `who`?');
    expect(result.stderr).toContain('p.yaml:5:11: stage template stages/greet.yaml is invalid');
  });
});

describe('templates + extends, env_file', () => {
  it('merges template settings under the stage, reads dotenv files in order, and masks secret-named values', () => {
    const project = makeProject({
      '.env': 'GREETING="hi there"\nAPI_TOKEN=s3cr3t-token-value\nLEVEL=pipeline-file\n',
      'stage.env': 'LEVEL=stage-file\n',
      'p.yaml': pipelineYaml(
        'p',
        `  show:\n    extends: [base, loud]\n    env_file: stage.env\n    env: { OWN: own }\n    run: echo "$GREETING|$LEVEL|$FROM_BASE|$FROM_LOUD|$OWN|$API_TOKEN"; echo "out=$API_TOKEN" >> "$FLOWSTATE_OUTPUT"\n`,
        `env_file: .env\ntemplates:\n  base: { env: { FROM_BASE: base, FROM_LOUD: base } }\n  loud: { env: { FROM_LOUD: loud }, timeout: 1m }\n`,
      ),
    });
    const result = runCli(project, ['run', 'p.yaml']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const runDir = onlyRunDir(project, 'p') as string;
    expect(readFileSync(join(runDir, 'logs/show.1.log'), 'utf8')).toBe('hi there|stage-file|base|loud|own|***\n');
    for (const file of ['manifest.json', 'events.jsonl']) expect(readFileSync(join(runDir, file), 'utf8')).not.toContain('s3cr3t-token-value');
  });
});
