// Replays lines of ../shared/damon/real-kernel-transcripts.txt against a DamonFs:
//   "$ echo 2 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy"
//   "$ cat kdamonds/0/state   -> on"
// `echo V` writes "V\n"; an empty `echo  >` is a zero-length write (what the transcript's dd did).
import assert from 'node:assert/strict';
import { FsError, type DamonFs } from '../../../../src/damon/fs';

/** strerror() text, as dd printed it, to errno names. */
const STRERROR: Record<string, string> = {
  'Device or resource busy': 'EBUSY',
  'Invalid argument': 'EINVAL',
  'Numerical result out of range': 'ERANGE',
  'Operation not permitted': 'EPERM',
  'Operation canceled': 'ECANCELED',
  'Permission denied': 'EACCES',
  'No such file or directory': 'ENOENT',
};

/** Runs one `echo V > P` or `cat P`; answers "ok", an errno name, or the file's content without the newline. */
export async function sh(fs: DamonFs, cmd: string): Promise<string> {
  const echo = /^echo (.*) > (\S+)$/.exec(cmd);
  try {
    if (echo) {
      await fs.write(echo[2], echo[1].trim() === '' ? '' : `${echo[1]}\n`);
      return 'ok';
    }
    const cat = /^cat (\S+)$/.exec(cmd);
    if (!cat) throw new Error(`cannot replay: ${cmd}`);
    return (await fs.read(cat[1])).replace(/\n$/, '');
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

/** The expected answer of a transcript line, in sh()'s terms. */
function expected(answer: string): string {
  const fail = /^FAIL: (.*)$/.exec(answer);
  if (!fail) return answer;
  const code = STRERROR[fail[1]];
  if (!code) throw new Error(`unknown strerror text: ${fail[1]}`);
  return code;
}

/** Replays transcript lines ("$ cmd   -> answer"; other lines ignored) and asserts every answer. */
export async function replay(fs: DamonFs, transcript: string): Promise<void> {
  for (const line of transcript.split('\n')) {
    const m = /^\s*\$ (.*?)\s+-> (.*)$/.exec(line);
    if (!m) continue;
    assert.equal(await sh(fs, m[1]), expected(m[2].trim()), `$ ${m[1]}`);
  }
}
