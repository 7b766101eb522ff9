/**
 * The props of mounting a volume (StorageVolume.mountIn and the workload's mountVolume) and the props of an item of a
 * pattern's `scratch`, `claims`, `replicaStorage` or `hostPaths` that each stands for.
 */
export function mountProps(item: string, name: string): Record<string, string> {
  return {
    'volume.name': `${item}.name`,
    'mountVolume(volume)': `${item}.name`,
    'mountVolume(path)': `${item}.mountPath`,
    'mountVolume(subPath)': `${item}.subPath`,
    'mountVolume(containers)': `${item}.containers`,
    [`volume ${JSON.stringify(name)}.accessModes`]: `${item}.accessModes`,
  };
}
