// The change guard's jsii API. The cdk8s validation plugin (./plugin) is loaded by path from cdk8s.yaml and is not
// part of it.
export * from './model';
export * from './change-guard';
