/** Malformed requests across every route never get a 5xx nor change stored data (shortened `npm run prove`). */
import { proveFuzz } from '../../scripts/prove/fuzz';

test('answers 500 malformed requests across every route with 4xx and leaves the data unchanged', async () => {
  // A fixed seed in the test, so a failure reproduces; `npm run prove` draws a new one each run and prints it.
  const result = await proveFuzz({ requests: 500, seed: Number(process.env.PROVE_SEED ?? 20261123) });
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
});
