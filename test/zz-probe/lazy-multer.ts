import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('multer', false);
