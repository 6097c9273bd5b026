import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('sharp', false);
