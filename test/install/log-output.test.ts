/**
 * Logging can never crash or hang the server: on a full disk (/dev/full
 * answers every write with ENOSPC) the lines are dropped and counted, and
 * logging goes on.
 */
import fs from 'node:fs';
import { createLogger, LogOutput } from '../../server/logger';

const hasDevFull = fs.existsSync('/dev/full');

(hasDevFull ? test : test.skip)('drops and counts log lines that meet a full disk, without throwing', async () => {
  const fd = fs.openSync('/dev/full', 'w');
  try {
    const output = new LogOutput(fd);
    const logger = createLogger('info', output);
    for (let i = 0; i < 50; i++) logger.info({ i }, 'a line the disk has no room for');
    await output.flush(60_000);
    logger.error('and one more after the first failures');
    await output.flush(60_000);
    expect(output.dropped).toBe(51);
  } finally {
    fs.closeSync(fd);
  }
});

test('writes every line in order when the disk has room', async () => {
  const file = `${fs.mkdtempSync('/tmp/ss-log-')}/out.log`;
  const fd = fs.openSync(file, 'w');
  try {
    const output = new LogOutput(fd);
    const logger = createLogger('info', output);
    for (let i = 0; i < 200; i++) logger.info({ i }, 'line');
    await output.flush(60_000);
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { i: number }).i);
    expect(lines).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(output.dropped).toBe(0);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file);
  }
});
