export * from './core';
export * from './access';
export * from './image';
export * from './workload';
export * from './persistence';
export * from './expose';
export * from './publish';
export * from './monitor';
export * from './topology';
export * from './synth';
export * from './patterns';
export * from './guard';
export * from './testing';

// The CRD classes that the public API uses (generated into imports/ by `cdk8s import`), as jsii submodules.
export * as externalSecrets from '../imports/external-secrets.io';
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
export * as keda from '../imports/keda.sh';
export * as monitoring from '../imports/monitoring.coreos.com';
