/** The cheap security checks against the real server process (as in `npm run prove`, without the npm audit). */
import { proveSecurity } from '../../scripts/prove/security';

test('sets safe cookie flags, issues ≥128-bit tokens, refuses forged form posts, locks brute force and anonymous sockets', async () => {
  const result = await proveSecurity();
  expect(`${result.pass ? 'PASS' : 'FAIL'} ${result.figures}`).toMatch(/^PASS/);
});
