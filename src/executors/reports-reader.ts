// Coordinator side: one blocking reader of the report streams (usually one per coordinator; a
// resumed run also reads the stream of the coordinator it replaces), handing entries to a sink.
import type { Redis } from 'ioredis';
import type { ReportEntry } from './job.js';

/** Entries read at once. */
const BATCH = 512;
/** Longest block of one XREAD (a new stream is picked up at once through CLIENT UNBLOCK). */
const BLOCK_MS = 2000;

type RawEntries = Array<[string, string[]]>;

/** Reads report streams in order until stopped; `drain` reads what is there now without blocking. */
export class ReportsReader {
  private readonly lastIds = new Map<string, string>();
  private stopped = false;
  private readerId: number | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly blocking: Redis,
    private readonly commands: Redis,
    private readonly sink: (entry: ReportEntry) => void,
  ) {}

  /** Starts reading `stream` from `from` ('$': only new entries; '0': from its start). */
  async follow(stream: string, from: '$' | '0'): Promise<void> {
    if (this.lastIds.has(stream)) return;
    this.lastIds.set(stream, from === '$' ? await this.lastIdOf(stream) : '0');
    if (this.loop === null) this.loop = this.run();
    else if (this.readerId !== null) await this.commands.call('CLIENT', 'UNBLOCK', String(this.readerId));
  }

  /** Reads every entry present now (after a job completed without its end entry being seen yet). */
  async drain(): Promise<void> {
    for (const stream of [...this.lastIds.keys()]) {
      for (;;) {
        const from = this.lastIds.get(stream) ?? '0';
        const entries = (await this.commands.xrange(stream, from === '0' ? '-' : `(${from}`, '+', 'COUNT', BATCH)) as RawEntries;
        if (entries.length === 0) break;
        this.take(stream, entries);
      }
    }
  }

  /** Stops the loop (the blocking connection is closed by the owner). */
  stop(): void {
    this.stopped = true;
  }

  /** The blocking loop: XREAD every followed stream, hand entries over in order. */
  private async run(): Promise<void> {
    this.readerId = Number(await this.blocking.call('CLIENT', 'ID'));
    while (!this.stopped) {
      const streams = [...this.lastIds.keys()];
      let reply: Array<[string, RawEntries]> | null;
      try {
        reply = (await this.blocking.xread('COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', ...streams, ...streams.map((s) => this.lastIds.get(s) ?? '$'))) as Array<
          [string, RawEntries]
        > | null;
      } catch {
        if (this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 200)); // Redis gone: the executor's loss timer decides
        continue;
      }
      for (const [stream, entries] of reply ?? []) this.take(stream, entries);
    }
  }

  /** Hands entries to the sink and moves the stream's position past them. */
  private take(stream: string, entries: RawEntries): void {
    for (const [id, fields] of entries) {
      const last = this.lastIds.get(stream) ?? '0';
      if (last !== '0' && compareIds(id, last) <= 0) continue;
      this.lastIds.set(stream, id);
      const entry = entryOf(fields);
      if (entry) this.sink(entry);
    }
  }

  /** The id of a stream's last entry ('0' when it is empty), so following from now misses nothing sent later. */
  private async lastIdOf(stream: string): Promise<string> {
    const last = (await this.commands.xrevrange(stream, '+', '-', 'COUNT', 1)) as RawEntries;
    return last[0]?.[0] ?? '0';
  }
}

/** Orders two stream ids (`ms-seq`). */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** A stream entry's fields as a report entry (unknown kinds are ignored). */
function entryOf(fields: string[]): ReportEntry | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] ?? ''] = fields[i + 1] ?? '';
  const job = f.job ?? '';
  if (f.kind === 'start') return { kind: 'start', job, worker: f.worker ?? '', host: f.host ?? '' };
  if (f.kind === 'log') return { kind: 'log', job, offset: Number(f.offset), data: f.data ?? '' };
  if (f.kind === 'end') return { kind: 'end', job, worker: f.worker ?? '' };
  return null;
}
