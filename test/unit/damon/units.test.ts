import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ULONG_MAX } from '../../../src/damon/params';
import { accessHz, accessRatio, formatBytes, formatHz, formatPercent, formatUs, maxNrAccesses, parseBytes, parseHz, parsePercent, parseUs } from '../../../src/damon/units';
import { kstrtobool, kstrtoint, kstrtoul, kstrtouint } from '../../../src/damon/kstrto';
import { DamonError } from '../../../src/damon/errno';

test('bytes format with binary prefixes and parse back', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1000), '1000 B');
  assert.equal(formatBytes(4096), '4 KiB');
  assert.equal(formatBytes(1.5 * 2 ** 30), '1.5 GiB');
  assert.equal(formatBytes(ULONG_MAX), 'max');
  assert.equal(parseBytes('4 KiB'), 4096);
  assert.equal(parseBytes('4K'), 4096);
  assert.equal(parseBytes('1.5GiB'), 1610612736);
  assert.equal(parseBytes('26,843,545,600'), 26843545600);
  assert.equal(parseBytes('max'), ULONG_MAX);
  for (const b of [0, 4096, 5.5 * 2 ** 20, 3 * 2 ** 40]) assert.equal(parseBytes(formatBytes(b)), b);
  assert.throws(() => parseBytes('four'), /cannot parse "four" as bytes/);
});

test('durations format in the largest fitting unit and parse to µs', () => {
  assert.equal(formatUs(5000), '5 ms');
  assert.equal(formatUs(100000), '100 ms');
  assert.equal(formatUs(60e6), '1 min');
  assert.equal(formatUs(1500), '1.5 ms');
  assert.equal(formatUs(7), '7 µs');
  assert.equal(formatUs(0), '0 µs');
  assert.equal(parseUs('5ms'), 5000);
  assert.equal(parseUs('100 us'), 100);
  assert.equal(parseUs('100µs'), 100);
  assert.equal(parseUs('1.5 s'), 1500000);
  assert.equal(parseUs('2 min'), 120e6);
  assert.equal(parseUs('5000'), 5000);
  assert.equal(parseUs('500 ns'), 1);
  for (const us of [1, 5000, 100000, 60e6, 3600e6]) assert.equal(parseUs(formatUs(us)), us);
  assert.throws(() => parseUs('5 fortnights'), /duration/);
});

test('Hz and percent', () => {
  assert.equal(formatHz(200), '200 Hz');
  assert.equal(formatHz(1500), '1.5 kHz');
  assert.equal(parseHz('1.5 kHz'), 1500);
  assert.equal(formatPercent(0.125), '12.5 %');
  assert.equal(parsePercent('12.5%'), 0.125);
  assert.throws(() => parsePercent('12.5'), /percentage/);
});

test('access frequency conversions follow damo: hz = nr * 1e6 / aggr, ratio = nr / (aggr / sample)', () => {
  assert.equal(maxNrAccesses(5000, 100000), 20);
  assert.equal(maxNrAccesses(0, 100000), 1);
  assert.equal(accessHz(10, 100000), 100);
  assert.equal(accessRatio(10, 5000, 100000), 0.5);
});

test('kstrto* answer EINVAL for text and ERANGE for overflow, like lib/kstrtox.c', () => {
  assert.equal(kstrtoul('18446744073709551615\n'), ULONG_MAX);
  assert.equal(kstrtoul('0x10'), 16);
  assert.equal(kstrtoul('010'), 8);
  assert.throws(() => kstrtoul('18446744073709551616', 'aggr_us'), (e: unknown) => e instanceof DamonError && e.errno === 'ERANGE' && e.message.includes('aggr_us'));
  assert.throws(() => kstrtoul('-1'), (e: unknown) => e instanceof DamonError && e.errno === 'EINVAL');
  assert.throws(() => kstrtoul('12abc'), (e: unknown) => e instanceof DamonError && e.errno === 'EINVAL');
  assert.equal(kstrtouint('4294967295'), 2 ** 32 - 1);
  assert.throws(() => kstrtouint('4294967296'), (e: unknown) => e instanceof DamonError && e.errno === 'ERANGE');
  assert.equal(kstrtoint('-1'), -1);
  assert.throws(() => kstrtoint('2147483648'), (e: unknown) => e instanceof DamonError && e.errno === 'ERANGE');
  for (const t of ['Y', 'y\n', '1', 'on', 'ON']) assert.equal(kstrtobool(t), true);
  for (const t of ['N', 'n', '0', 'off']) assert.equal(kstrtobool(t), false);
  assert.throws(() => kstrtobool('maybe', 'pause'), (e: unknown) => e instanceof DamonError && e.errno === 'EINVAL' && e.message.includes('pause'));
});
