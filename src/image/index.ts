export * from './container-image';
export * from './image-lineage';
export * from './image-lock';
export * from './image-reference';
export * from './registry-credentials';
