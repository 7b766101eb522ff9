import * as kplus from 'cdk8s-plus-34';

/**
 * The volumes of a pod: those given to the pod and those its containers and init containers mount (cdk8s-plus-34 adds
 * the mounted ones to the pod only at synth), each once by name. Internal (not exported from the package).
 */
export function podVolumesOf(pod: kplus.AbstractPod): kplus.Volume[] {
  const volumes = new Map<string, kplus.Volume>();
  for (const container of [...pod.containers, ...pod.initContainers]) {
    for (const mount of container.mounts) {
      volumes.set(mount.volume.name, mount.volume);
    }
  }
  for (const volume of pod.volumes) {
    volumes.set(volume.name, volume);
  }
  return [...volumes.values()];
}
