import { bundleMatrix } from './matrix';

bundleMatrix(1);
