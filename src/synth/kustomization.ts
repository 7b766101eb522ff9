import { Yaml } from 'cdk8s';

/*
 * The `kustomization.yaml` that AppSynthesis writes into the manifests folder (option `kustomization`): the list of
 * the manifest files, so that kustomize, Argo CD and Flux read exactly those (and overlays can build on them).
 * Nothing here writes a file.
 */

/** The file name kustomize, Argo CD and Flux look for. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/**
 * The text of `kustomization.yaml` for manifest files, given relative to the folder that holds it, in the order the
 * synthesis wrote them.
 */
export function kustomizationOf(files: string[]): string {
  return '# Written by cdk8s-appflow (AppSynthesis): the manifests of this folder, rewritten at each synthesis.\n'
    + Yaml.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: files.map((f) => f.split('\\').join('/')),
    });
}
