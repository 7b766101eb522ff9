export * from './app-pattern';
export * from './web-service';
export * from './stateful-service';
export * from './node-daemon';
export * from './batch-job';
export * from './scheduled-job';
