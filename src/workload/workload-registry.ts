import { IConstruct } from 'constructs';
import type { AppWorkload } from './app-workload';

/*
 * The workloads of the library made in each App (internal): for what must read them all when the manifests are
 * written, such as the Pod Security level that a Namespace of the App enforces.
 */

const WORKLOADS = new WeakMap<IConstruct, AppWorkload[]>();

/** Records a workload under the root of its tree (its App), once made. */
export function registerWorkload(workload: AppWorkload): void {
  const root = workload.node.root;
  const workloads = WORKLOADS.get(root) ?? [];
  workloads.push(workload);
  WORKLOADS.set(root, workloads);
}

/** The workloads of the library made under a root, in the order they were made. */
export function workloadsUnder(root: IConstruct): readonly AppWorkload[] {
  return WORKLOADS.get(root) ?? [];
}
