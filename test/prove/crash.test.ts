/** An acknowledged submission survives SIGKILL of the real server process (shortened `npm run prove`). */
import { proveCrash } from '../../scripts/prove/crash';

test('stores every acknowledged submission exactly once after the server is killed mid-load', async () => {
  const result = await proveCrash({ rounds: 1, ratePerSecond: 100, seconds: 3 });
  // The figures in the failure message say what was lost or doubled.
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
}, 60_000);
