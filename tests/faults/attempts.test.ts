// Attempts are journalled before they spawn: a kill at the exact moment around a stage's
// start (the store's test-only fault hook SIGKILLs the runner at the N-th journal append)
// never makes two executions share an attempt number, log or outputs file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from '../e2e/helpers.js';
import { expectNoProcessesOf, expectNoStackTrace, expectStatusAgreesWithJournal, journalOf, runDirs } from './helpers.js';

const PIPELINE = pipelineYaml('at', '  a:\n    run: echo "$FLOWSTATE_ATTEMPT" >> ledger; sleep 0.3\n  b:\n    run: echo b\n');

describe('a kill around a stage start', () => {
  it.each([
    ['at stage.started (append #2): the attempt had not spawned yet', 2, ['1']],
    ['right after it (append #3, stage.finished): the re-run is attempt 2 with its own log', 3, ['1', '2']],
  ])('%s', async (_name, append, expected) => {
    const project = makeProject({ 'at.yaml': PIPELINE });
    const killed = runCli(project, ['run', 'at.yaml'], { FLOWSTATE_TEST_FAULTS: `journal.append:KILL@${append}` });
    expect(killed.code).toBeNull(); // SIGKILLed
    const [runDir] = runDirs(project, 'at');
    const runId = runDir.split('/').pop() as string;
    const resumed = runCli(project, ['resume', runId]);
    expectNoStackTrace(resumed.stderr);
    expect(resumed.code).toBe(0);
    await expectNoProcessesOf(runId);
    const executions = existsSync(join(project, 'ledger')) ? readFileSync(join(project, 'ledger'), 'utf8').split('\n').filter(Boolean) : [];
    const started = journalOf(runDir).flatMap((e) => (e.type === 'stage.started' && e.stage === 'a' ? [String(e.attempt)] : []));
    expect(executions).toEqual(expected);
    expect(started).toEqual(expected); // every execution is a journalled attempt of its own
    for (const attempt of expected) expect(existsSync(join(runDir, `logs/a.${attempt}.log`))).toBe(true);
    expect(expectStatusAgreesWithJournal(project, runDir).status).toBe('succeeded');
  });
});
