export * from './app-network-policy';
export * from './app-service';
export * from './internal-load-balancer';
export * from './network-peer';
export * from './network-port';
export * from './service-exposure';
