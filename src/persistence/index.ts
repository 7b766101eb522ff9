export * from './config-files';
export * from './mounts';
export * from './persistent-claim';
export * from './replica-storage';
export * from './storage-volume';
export * from './projected-source';
