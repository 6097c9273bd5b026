/**
 * playwright-core, loaded on first use (jest.config.js moduleNameMapper; see ../lazyModule.ts) and then
 * only once per jest worker process, not once per suite: every browser suite and every suite whose app
 * can print a PDF would otherwise evaluate its 3.5 MB bundle again (about 0.7 s of CPU each).
 * Node's own loader does that: jest's copy of the `module` built-in keeps Node's static `_load`, which
 * caches in the worker's real module cache, outside the per-suite registry. The package keeps no state
 * a suite could leak to the next: each suite connects its own Browser and closes it.
 */
import Module from 'node:module';
import { lazyModule, packageDir } from '../lazyModule';

const nodeLoad = (Module as unknown as { _load(request: string, parent: null, isMain: boolean): unknown })._load;

export = lazyModule('playwright-core', false, () => nodeLoad(packageDir('playwright-core'), null, false));
