export * from './topology-diagram';
