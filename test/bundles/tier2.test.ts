import { bundleMatrix } from './matrix';

bundleMatrix(2);
