// Replays lines of ../shared/damon/real-kernel-transcripts.txt against a DamonFs:
//   "$ echo 2 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy"
//   "$ cat kdamonds/0/state   -> on"
// `echo V` writes "V\n"; an empty `echo  >` is a zero-length write (what the transcript's dd did).
// `/sys/module/<m>/parameters/enabled` lines switch the simulated exclusive DAMON user (§A/§C step 9).
import assert from 'node:assert/strict';
import { FsError } from '../../../../src/damon/fs';
import type { SimSysfs } from '../../../../src/sim/sysfs';

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

/** damon_stat and damon_reclaim's `enabled` parameter: Y makes the module hold DAMON. */
function moduleParam(fs: SimSysfs, cmd: string): string | undefined {
  const m = /^(?:echo (\S+) > |cat )\/sys\/module\/(damon_stat|damon_reclaim)\/parameters\/enabled$/.exec(cmd);
  if (!m) return undefined;
  const module = m[2] as 'damon_stat' | 'damon_reclaim';
  if (module === 'damon_stat' && !fs.quirks.hasDamonStat) return 'ENOENT';
  if (m[1] === undefined) return fs.exclusiveUser === module ? 'Y' : 'N';
  if (m[1] === 'Y') fs.exclusiveUser = module;
  else if (fs.exclusiveUser === module) fs.exclusiveUser = null;
  return 'ok';
}

/** Runs one `echo V > P` or `cat P`; answers "ok", an errno name, or the file's content without the newline. */
export async function sh(fs: SimSysfs, cmd: string): Promise<string> {
  const param = moduleParam(fs, cmd);
  if (param) return param;
  const echo = /^echo (.*) > (\S+)$/.exec(cmd);
  try {
    if (echo) {
      await fs.write(echo[2], echo[1].trim() === '' ? '' : `${echo[1]}\n`);
      return 'ok';
    }
    const cat = /^cat (\S+)$/.exec(cmd);
    if (!cat) throw new Error(`cannot replay: ${cmd}`);
    // The transcript's r() printed multi-line files (avail_operations) joined with '|'.
    return (await fs.read(cat[1])).replace(/\n$/, '').replaceAll('\n', '|');
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

/** The expected answer of a transcript line, in sh()'s terms. */
function expected(answer: string): string {
  if (answer.endsWith('No such file or directory')) return 'ENOENT';
  const fail = /^FAIL: (.*)$/.exec(answer);
  if (!fail) return answer;
  const code = STRERROR[fail[1]];
  if (!code) throw new Error(`unknown strerror text: ${fail[1]}`);
  return code;
}

/** Replays transcript lines ("$ cmd   -> answer"; other lines ignored) and asserts every answer. */
export async function replay(fs: SimSysfs, transcript: string): Promise<void> {
  for (const line of transcript.split('\n')) {
    const m = /^\s*\$ (.*?)\s+-> (.*)$/.exec(line);
    if (!m) continue;
    assert.equal(await sh(fs, m[1]), expected(m[2].trim()), `$ ${m[1]}`);
  }
}
