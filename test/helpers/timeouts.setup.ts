/** Per-folder test timeouts (jest.config.js: setupFilesAfterEnv); a test's own timeout argument still wins. */
import { BROWSER_MS, PROOF_MS } from './timeouts';

const testPath = expect.getState().testPath ?? '';
if (/[\\/]test[\\/]e2e[\\/]/.test(testPath)) jest.setTimeout(BROWSER_MS);
else if (/[\\/]test[\\/]prove[\\/]/.test(testPath)) jest.setTimeout(PROOF_MS);
