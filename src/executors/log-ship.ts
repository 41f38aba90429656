// Worker side: follows an attempt's log file as it grows and ships it in pieces that end at a
// line break (so a second masking on the coordinator sees whole lines), byte for byte.
import { open, type FileHandle } from 'node:fs/promises';

/** Largest piece sent at once; a longer line is cut. */
const MAX_PIECE_BYTES = 64 * 1024;

/** Sends a piece of log: its byte offset in the file and its text. */
export type ShipPiece = (offset: number, data: string) => Promise<void>;

/** A running shipper: `finish` sends what is left once the process has ended and resolves with the byte count. */
export interface LogShipper {
  finish(): Promise<number>;
}

/** Polls `file` every `everyMs` and ships new complete lines through `ship`. */
export function shipLog(file: string, ship: ShipPiece, everyMs = 50): LogShipper {
  let handle: FileHandle | null = null;
  let offset = 0;
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  /** Reads what was appended since the last read and ships it (all of it when `final`). */
  const pump = async (final: boolean): Promise<void> => {
    handle ??= await open(file, 'r').catch(() => null);
    if (handle === null) return;
    for (;;) {
      const buffer = Buffer.alloc(MAX_PIECE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_PIECE_BYTES, offset);
      if (bytesRead === 0) return;
      let end = bytesRead;
      if (bytesRead < MAX_PIECE_BYTES && !final) {
        end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
        if (end === 0) return; // wait for the rest of the line
      } else if (bytesRead === MAX_PIECE_BYTES) {
        end = safeUtf8End(buffer, bytesRead);
      }
      await ship(offset, buffer.subarray(0, end).toString('utf8'));
      offset += end;
    }
  };
  const timer = setInterval(() => {
    busy = busy.then(() => (stopped ? undefined : pump(false))).catch(() => undefined);
  }, everyMs);
  return {
    finish: async () => {
      stopped = true;
      clearInterval(timer);
      await busy;
      await pump(true);
      await handle?.close();
      return offset;
    },
  };
}

/** The end of a full buffer cut before a partial UTF-8 character (so each piece decodes alone). */
function safeUtf8End(buffer: Buffer, length: number): number {
  let lead = length - 1;
  while (lead > 0 && lead > length - 4 && ((buffer[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const byte = buffer[lead] ?? 0;
  if (byte < 0x80) return length;
  const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
  return lead + size <= length ? length : lead;
}
