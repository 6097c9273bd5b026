import { lazyModule } from '../helpers/lazyModule';
export = lazyModule('socket.io', false);
