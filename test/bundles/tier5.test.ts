import { bundleMatrix } from './matrix';

bundleMatrix(5);
