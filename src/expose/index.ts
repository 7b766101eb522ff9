export * from './app-network-policy';
export * from './app-service';
export * from './network-peer';
export * from './network-port';
