import { bundleMatrix } from './matrix';

bundleMatrix(4);
