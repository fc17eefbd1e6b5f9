// Streams a file such as /sys/kernel/tracing/trace_pipe without blocking a thread-pool thread:
// it opens the file O_NONBLOCK and polls (read until EAGAIN, then wait). A blocking read of an
// idle trace_pipe would hold a libuv thread until the next event, and stop() could not end it.
// A regular file is read to its end, and the stream then ends by itself.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export interface PipeStream {
  /** Resolves when the stream has ended (stop(), end of file) or rejects on a read error. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function streamFile(path: string, onData: (chunk: string) => void, pollMs = 100): PipeStream {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const buf = Buffer.allocUnsafe(64 * 1024);
    const decoder = new TextDecoder('utf-8');
    try {
      while (!stopped) {
        let n: number;
        try {
          n = (await fh.read(buf, 0, buf.length, null)).bytesRead;
        } catch (e) {
          if ((e as { code?: unknown }).code !== 'EAGAIN') throw e;
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, pollMs);
          });
          continue;
        }
        if (n === 0) break; // end of a regular file
        const text = decoder.decode(buf.subarray(0, n), { stream: true });
        if (text) onData(text);
      }
    } finally {
      await fh.close();
    }
  })();
  return {
    done,
    stop: async () => {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
