// A read-pool worker thread (dist/read-worker.js): reads each batch of absolute paths it is sent
// and answers with the contents, a failed read as its errno code and message.
import { parentPort } from 'node:worker_threads';
import { readFileFastSync } from './fast-read';
import type { ReadAnswer, ReadRequest } from './read-pool';

parentPort?.on('message', (req: ReadRequest) => {
  const results = req.paths.map((p) => {
    try {
      return readFileFastSync(p);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { code: err.code ?? 'EIO', message: err.message };
    }
  });
  parentPort?.postMessage({ id: req.id, results } satisfies ReadAnswer);
});
