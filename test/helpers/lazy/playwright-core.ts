/** playwright-core, loaded when a suite first uses it (jest.config.js moduleNameMapper; see ../lazyModule.ts). */
import { lazyModule } from '../lazyModule';

export = lazyModule('playwright-core', false);
