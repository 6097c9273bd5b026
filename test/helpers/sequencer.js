/**
 * The order suites start in. Jest starts the suites that took longest in its last
 * run first, so the workers finish together; a fresh clone has no such record, and
 * jest then goes by file size, which started the longest suite (tenancy, a short file)
 * late. Here a suite without a recorded time is weighed by suite-seconds.json, else by
 * its size (1 ms per byte), so the known-heavy suites start first on every machine.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const root = path.join(__dirname, '..', '..');
const { '//': _note, ...KNOWN_SECONDS } = JSON.parse(fs.readFileSync(path.join(__dirname, 'suite-seconds.json'), 'utf8'));

class HeavyFirstSequencer extends Sequencer {
  time(test) {
    const recorded = super.time(test);
    if (recorded != null) return recorded;
    const known = KNOWN_SECONDS[path.relative(root, test.path).split(path.sep).join('/')];
    return known != null ? known * 1000 : (test.context.hasteFS.getSize(test.path) ?? 0);
  }
}

module.exports = HeavyFirstSequencer;
