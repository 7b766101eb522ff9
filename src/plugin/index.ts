/*
 * The cdk8s validation plugin (`validations:` in cdk8s.yaml) and its rules engine.
 *
 * Not part of the jsii API (src/index.ts does not export it: jsii cannot express cdk8s-cli's plugin types). Users
 * load it by path: `package: ./node_modules/cdk8s-appflow/lib/src/plugin`, `class: AppflowValidation`
 * (docs/validation.md).
 */
export { AppflowValidation, readManifestFile } from './validation';
export type { ValidationContextLike, ValidationReportLike } from './validation';
export { checkManifests } from './engine';
export { checkCharts, clusterOf, manifestFileOf, mergedCluster } from './charts';
export type { CheckInput, CheckResult, UnreadableFile } from './engine';
export { buildReport } from './report';
export type { PluginReport, Violation, ViolatingResource } from './report';
export { parseProperties, PROPERTIES_SOURCE } from './properties';
export { RULES, ruleInfo } from './rules';
export type { RuleInfo } from './rules';
export { EXEMPT_ANNOTATION, parseExemptAnnotation } from './exemptions';
export { attributeConstructPaths } from '../analysis/construct-paths';
export type { RecordedConstructPaths } from '../analysis/construct-paths';
export * from './types';
