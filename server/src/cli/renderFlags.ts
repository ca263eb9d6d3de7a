// The flags that decide whether and how `lint` and `fix` render Helm charts and Kustomize overlays.
import * as path from 'path';
import type { ProjectRenderOptions } from '../engine/workspace/project';
import { flagValue, positiveFlag, type FlagSpec, type ParsedArgs } from './args';

export const RENDER_FLAGS: Record<string, FlagSpec> = {
  render: { value: true, choices: ['auto', 'never'] },
  helm: { value: true },
  kubectl: { value: true },
  kustomize: { value: true },
  'render-timeout': { value: true },
};

export const RENDER_USAGE = `    --render R           auto | never (default auto): lint what Helm charts and Kustomize overlays render
    --helm PATH          helm binary (default: helm on PATH, never one inside the linted folders)
    --kubectl PATH       kubectl binary for \`kubectl kustomize\` (default: kubectl on PATH)
    --kustomize PATH     build overlays with \`kustomize build\` instead of kubectl
    --render-timeout S   Seconds a render may take before it is stopped (default 10)`;

/** How to render, from the flags; undefined with `--render never`. Binaries inside `roots` run only when named. */
export function renderOptionsFrom(args: ParsedArgs, cwd: string, roots: readonly string[]): ProjectRenderOptions | undefined {
  if (flagValue(args, 'render') === 'never') return undefined;
  const renderTimeout = positiveFlag(args, 'render-timeout', false);
  const explicitTool = (name: string) => {
    const value = flagValue(args, name);
    return value === undefined ? undefined : path.resolve(cwd, value);
  };
  return {
    helmPath: explicitTool('helm'),
    kubectlPath: explicitTool('kubectl'),
    kustomizePath: explicitTool('kustomize'),
    // The command line is the user's own decision to run tools on these files.
    trusted: true,
    timeoutMs: renderTimeout === undefined ? undefined : Math.round(renderTimeout * 1000),
    roots: [cwd, ...roots],
  };
}
