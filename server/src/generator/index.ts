export { ENVIRONMENTS, replicaBounds } from './application';
export { generateBundle, type BundleFile } from './bundle';
export { defaultsFor, nameFrom, nameProblem, optionProblems, PROVIDERS, PACKAGINGS, GITOPS, MESHES, SECRETS, type BundleOptions } from './options';
export { BundleTargetError, existingFiles, writeBundle, TargetNotEmptyError } from './write';
