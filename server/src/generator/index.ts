export { ENVIRONMENTS, replicaBounds } from './application';
export { generateBundle, type BundleFile } from './bundle';
export { unmetItems, type UnmetItem } from './unmet';
export { defaultsFor, nameFrom, nameProblem, optionProblems, PROVIDERS, PACKAGINGS, GITOPS, MESHES, SECRETS, COMPLIANCE, type BundleOptions } from './options';
export { BundleTargetError, existingFiles, writeBundle, TargetNotEmptyError } from './write';
