export * from './manifest-validator';
export * from './manifest-yaml';
export * from './pod-security';
