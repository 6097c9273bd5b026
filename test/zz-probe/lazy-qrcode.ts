import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('qrcode', false);
