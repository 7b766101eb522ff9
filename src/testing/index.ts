export * from './manifest-validator';
export * from './manifest-yaml';
