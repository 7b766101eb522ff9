/*
 * The manifest-analysis core: one model of synthesized manifests (objects, pods, selectors, Services), read by the
 * validation plugin, the change guard, the topology picture and the test helpers. It reads plain manifests, never the
 * library's constructs. Not part of the jsii API (src/index.ts does not export it).
 */
export * from './objects';
export * from './selectors';
export * from './pods';
export * from './model';
export * from './network-policy';
export * from './backends';
export * from './flows';
export * from './pod-references';
