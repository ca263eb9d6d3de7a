import { refMissingRule } from '../engine/refrule';

export default refMissingRule('ConfigMap');
