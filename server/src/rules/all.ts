// The rule registry: one line per rule (RULES in index.ts orders them by catalog category).
export { default as yamlSyntax } from './yaml-syntax';
export { default as schemaValidation } from './schema-validation';
export { default as privileged } from './privileged';
export { default as unusedSuppression } from './unused-suppression';
export { default as internalError } from './internal-error';
