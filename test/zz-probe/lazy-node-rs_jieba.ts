import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('@node-rs/jieba', false);
