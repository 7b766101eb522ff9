export * from './app-ingress';
export * from './app-route';
export * from './app-grpc-route';
export * from './route-options';
export * from './route-filters';
export * from './release-strategy';
export * from './released-workload';
export * from './app-publication';
