// A nested pipeline is loaded once, with its parent: the child run executes the pipeline that
// was validated before the run started, even when the file changes on disk during the run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, runCli } from './helpers.js';

const CHILD = pipelineYaml('child', '  c1:\n    run: echo validated >> ledger\n');
// What `edit` writes over the child file: valid, but a different command (and pipeline hash).
const EDITED = pipelineYaml('child', '  c1:\n    run: echo re-read-from-disk >> ledger\n');

describe('a nested pipeline', () => {
  it('runs the child validated with its parent, not the file as it is when the stage starts', () => {
    const parent = pipelineYaml('parent', `  edit:\n    run: cp edited.yaml pipelines/child.yaml\n  nest:\n    pipeline: pipelines/child.yaml\n`);
    const project = makeProject({ 'pipelines/parent.yaml': parent, 'pipelines/child.yaml': CHILD, 'edited.yaml': EDITED });
    const result = runCli(project, ['run', 'parent']);
    expect(result.code).toBe(0);
    // The edit did happen before the nested stage started...
    expect(readFileSync(join(project, 'pipelines/child.yaml'), 'utf8')).toBe(EDITED);
    // ...yet the child ran the version that was validated when the run started.
    expect(readFileSync(join(project, 'ledger'), 'utf8').trim().split('\n')).toEqual(['validated']);
    const childRun = readdirSync(join(project, '.runs/child'))[0] as string;
    const started = readEvents(join(project, '.runs/child', childRun)).find((e) => e.type === 'run.started');
    expect(started?.type === 'run.started' && started.pipeline.name).toBe('child');
  });
});
