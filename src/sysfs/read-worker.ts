// A read-pool worker thread (dist/read-worker.js): reads each batch of absolute paths it is sent
// and answers with the contents, a failed read as its errno code and message.
import { parentPort } from 'node:worker_threads';
import { toReadItem } from './agent-protocol';
import { readFilesFast } from './fast-read';
import type { ReadAnswer, ReadRequest } from './read-pool';

parentPort?.on('message', (req: ReadRequest) => {
  void readFilesFast(req.paths).then((read) => {
    parentPort?.postMessage({ id: req.id, results: read.map((r, i) => toReadItem(r, req.paths[i])) } satisfies ReadAnswer);
  });
});
