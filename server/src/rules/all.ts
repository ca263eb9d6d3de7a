// The rule registry: one line per rule, in catalog order.
export { default as yamlSyntax } from './yaml-syntax';
export { default as privileged } from './privileged';
export { default as unusedSuppression } from './unused-suppression';
export { default as internalError } from './internal-error';
