export * from './app-network-policy';
export * from './app-service';
