export * from './app-ingress';
export * from './app-route';
export * from './release-strategy';
export * from './released-workload';
export * from './app-publication';
