import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('mongodb', true);
