/**
 * An acknowledged submission (survey link, API post, completed call, approved
 * visit) survives SIGKILL of the real server process (shortened `npm run prove`).
 */
import { proveCrash } from '../../scripts/prove/crash';

test('stores every acknowledged submission exactly once after the server is killed mid-load', async () => {
  // 5 s, so the kill (1–4 s in) comes after the first calls and visits are acknowledged: the proof fails without them.
  const result = await proveCrash({ rounds: 1, ratePerSecond: 100, seconds: 5 });
  // The figures in the failure message say what was lost or doubled.
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
});
