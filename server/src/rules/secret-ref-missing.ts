import { refMissingRule } from './support/refrule';

export default refMissingRule('Secret');
