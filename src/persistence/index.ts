export * from './config-files';
export * from './persistent-claim';
export * from './replica-storage';
export * from './storage-volume';
export * from './projected-source';
