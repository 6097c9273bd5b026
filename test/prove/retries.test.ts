/** A retried submission is counted once, against the real server process (shortened `npm run prove`). */
import { proveRetries } from '../../scripts/prove/retries';

test('counts the same submission once when it is retried in parallel and in sequence', async () => {
  const result = await proveRetries({ total: 300, parallel: 20 });
  expect(result.figures).toContain('201×1');
  // The figures in the failure message say which count was off.
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
});
