import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { createJsonReporter, createPlainReporter, replayJournal } from '../../src/reporters/index.js';
import { AGENT_RUN, collectingStream, SUCCESS_GOLDEN, SUCCESS_RUN } from './fixtures.js';

describe('replayJournal', () => {
  let runDir: string;
  beforeEach(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'flowstate-replay-'));
  });
  afterEach(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  // Writes events as an events.jsonl journal and reads them back, as a later process would.
  async function roundTrip(events: JournalEvent[]): Promise<JournalEvent[]> {
    const file = join(runDir, 'events.jsonl');
    await writeFile(file, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const text = await readFile(file, 'utf8');
    return text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JournalEvent);
  }

  it.each([
    ['a successful run', SUCCESS_RUN],
    ['a failed agent run', AGENT_RUN],
  ])('replaying a saved journal of %s prints what live feeding printed', async (_name, events) => {
    await mkdir(join(runDir, 'logs'), { recursive: true });
    await writeFile(join(runDir, 'logs', 'execute.1.log'), 'boom\n');
    const live = collectingStream();
    const liveReporter = createPlainReporter({ out: live.stream, color: true, runDir });
    for (const event of events) liveReporter.onEvent(event);
    liveReporter.close();

    const replayed = collectingStream();
    const replayReporter = createPlainReporter({ out: replayed.stream, color: true, runDir });
    replayJournal(await roundTrip(events), replayReporter);
    replayReporter.close();

    expect(live.text()).toContain('succeeded');
    expect(replayed.text()).toBe(live.text());
  });

  it('leaves the reporter open so live events can follow', () => {
    const { stream, text } = collectingStream();
    const reporter = createPlainReporter({ out: stream, color: false });
    replayJournal(SUCCESS_RUN.slice(0, -1), reporter);
    reporter.onEvent(SUCCESS_RUN[SUCCESS_RUN.length - 1]);
    expect(text()).toBe(SUCCESS_GOLDEN);
  });
});

describe('json reporter', () => {
  it('prints nothing and records every event until closed', () => {
    const { stream, text } = collectingStream();
    const reporter = createJsonReporter({ out: stream, color: false });
    replayJournal(AGENT_RUN, reporter);
    reporter.close();
    reporter.onEvent(SUCCESS_RUN[0]);
    expect(text()).toBe('');
    expect(reporter.events()).toEqual(AGENT_RUN);
    reporter.events().pop();
    expect(reporter.events()).toHaveLength(AGENT_RUN.length);
  });
});
