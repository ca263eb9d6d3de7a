import { bundleMatrix } from './matrix';

bundleMatrix(3);
