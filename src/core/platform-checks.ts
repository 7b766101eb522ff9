/*
 * The checks of the values given to `PlatformDefaults.set`, one setting at a time.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { capabilityProblems } from './cluster-prerequisites';
import { checkInstance, checkKibibytes, checkList, checkObject, inputError, kindOfValue } from './errors';
import { FormatRule } from './format-rule';
import { isKubernetesVersion, KUBERNETES_VERSIONS_ACCEPTED } from './kubernetes-version';
import { checkLabelMap } from './label-keys';
import { MonitoringMode } from './monitoring-mode';
import { PlatformDefaultValues } from './platform-settings';
import { PublishMode, TlsIssuer } from './publish-settings';
import { quantityValue } from './quantity';
import { SecretStoreRef } from './secret-store-ref';
import { SecurityProfile } from './security-profile';
import { checkTolerations } from './tolerations';
import { WorkloadIdentity } from './workload-identity';

const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const REGISTRY_ACCEPTED = 'a registry host with an optional port and path, without scheme or trailing "/" (e.g. "registry.example.com", "localhost:5000" or "ghcr.io/acme")';

function checkRegistry(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || !REGISTRY.test(value)) {
    const problem = typeof value !== 'string' ? 'it is not a string'
      : value === '' ? 'it is empty'
        : /^[a-z]+:\/\//.test(value) ? 'it has a scheme (registries are named without "https://")'
          : value.endsWith('/') ? 'it ends with "/"'
            : /\/.*[A-Z]/.test(value) ? `its path ${JSON.stringify(value.slice(value.indexOf('/') + 1))} has uppercase letters (repository paths are lowercase)`
              : 'it is not a registry host[:port][/path]';
    throw inputError(scope, prop, value, problem, REGISTRY_ACCEPTED);
  }
  // The host (before the first "/") ends with ":<port>" when it has a port (an IPv6 address is in brackets).
  const port = /:([0-9]+)$/.exec(value.split('/')[0])?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw inputError(scope, prop, value, `its port ${port} is not from 1 to 65535`, REGISTRY_ACCEPTED);
  }
}

function checkCpu(scope: IConstruct, prop: string, cpu: kplus.Cpu): void {
  if (!(cpu instanceof kplus.Cpu)) {
    throw inputError(scope, prop, cpu, `it is ${kindOfValue(cpu)}, not a Cpu`, 'a CPU amount of zero or more, e.g. Cpu.millis(250) or Cpu.units(1)');
  }
  const amount = cpu.amount;
  const problem = FormatRule.QUANTITY.problemWith(amount) ?? (quantityValue(amount) < 0 ? 'it is negative' : undefined);
  if (problem) {
    throw inputError(scope, prop, amount, problem, 'a CPU amount of zero or more, e.g. Cpu.millis(250) or Cpu.units(1)');
  }
}

function checkSize(scope: IConstruct, prop: string, size: Size): void {
  // cdk8s' Size refuses negative amounts itself.
  checkKibibytes(scope, prop, size, 'a size such as Size.mebibytes(512) or Size.gibibytes(1)');
}

/** Refuses a value that is not what its setting accepts. */
export function validateValues(scope: IConstruct, values: PlatformDefaultValues): void {
  if (values.kubernetesVersion !== undefined && !isKubernetesVersion(values.kubernetesVersion)) {
    throw inputError(scope, 'platformDefaults.kubernetesVersion', values.kubernetesVersion, typeof values.kubernetesVersion === 'string'
      ? 'it is not a Kubernetes version the library supports' : `it is ${kindOfValue(values.kubernetesVersion)}, not a version string`,
    KUBERNETES_VERSIONS_ACCEPTED);
  }
  if (values.imageRegistry !== undefined) {
    checkRegistry(scope, 'platformDefaults.imageRegistry', values.imageRegistry);
  }
  checkList(scope, 'platformDefaults.allowedImageRegistries', values.allowedImageRegistries, 'a list of registries, e.g. ["registry.example.com"]', 'string');
  if (values.allowedImageRegistries !== undefined) {
    if (values.allowedImageRegistries.length === 0) {
      throw inputError(scope, 'platformDefaults.allowedImageRegistries', values.allowedImageRegistries,
        'the list is empty, so no image at all would be allowed',
        'at least one registry; to allow every registry, switch the setting off with `switchOff: [PlatformSetting.ALLOWED_IMAGE_REGISTRIES]`');
    }
    values.allowedImageRegistries.forEach((r, i) => checkRegistry(scope, `platformDefaults.allowedImageRegistries[${i}]`, r));
  }
  checkBoolean(scope, 'platformDefaults.requireImageDigest', values.requireImageDigest);
  checkBoolean(scope, 'platformDefaults.forbidLatestImageTag', values.forbidLatestImageTag);
  checkBoolean(scope, 'platformDefaults.topologyDiagram', values.topologyDiagram);
  checkBoolean(scope, 'platformDefaults.publishedUrlFiles', values.publishedUrlFiles);
  if (values.imageLock !== undefined && typeof values.imageLock?.pinnedReference !== 'function') {
    throw inputError(scope, 'platformDefaults.imageLock', values.imageLock, 'it is not an image lock', 'an ImageLock, e.g. ImageLock.fromFile(\'images.lock.yaml\')');
  }
  checkList(scope, 'platformDefaults.imagePullSecrets', values.imagePullSecrets, 'a list of Secret names, e.g. ["registry-example-com-pull"]', 'string');
  (values.imagePullSecrets ?? []).forEach((name, i) => FormatRule.DNS1123_SUBDOMAIN.check(scope, `platformDefaults.imagePullSecrets[${i}]`, name));
  checkTolerations(scope, 'platformDefaults.tolerations', values.tolerations);
  checkBoolean(scope, 'platformDefaults.serviceAccountPerApplication', values.serviceAccountPerApplication);
  if (values.workloadIdentity !== undefined && !(values.workloadIdentity instanceof WorkloadIdentity)) {
    throw inputError(scope, 'platformDefaults.workloadIdentity', values.workloadIdentity, 'it is not a WorkloadIdentity',
      'WorkloadIdentity.gke(...), WorkloadIdentity.azure(...) or WorkloadIdentity.aws(...)');
  }
  if (values.secretStore !== undefined) {
    if (!(values.secretStore instanceof SecretStoreRef)) {
      throw inputError(scope, 'platformDefaults.secretStore', values.secretStore, 'it is not a SecretStoreRef',
        'SecretStoreRef.cluster("vault") or SecretStoreRef.namespaced("vault")');
    }
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.secretStore.name', values.secretStore.name);
  }
  if (values.ingressClassName !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.ingressClassName', values.ingressClassName);
  }
  checkEnum(scope, 'platformDefaults.publishMode', values.publishMode, Object.values(PublishMode));
  checkObject(scope, 'platformDefaults.gateway', values.gateway, 'a Gateway: { name, namespace?, sectionName? }, e.g. { name: "public", namespace: "gateways" }');
  if (values.gateway !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.gateway.name', values.gateway.name);
    if (values.gateway.namespace !== undefined) {
      FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.gateway.namespace', values.gateway.namespace);
    }
    if (values.gateway.sectionName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.gateway.sectionName', values.gateway.sectionName);
    }
  }
  if (values.ingressControllerNamespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.ingressControllerNamespace', values.ingressControllerNamespace);
  }
  if (values.gatewayNamespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.gatewayNamespace', values.gatewayNamespace);
  }
  if (values.monitoringNamespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.monitoringNamespace', values.monitoringNamespace);
  }
  if (values.storageClassName !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.storageClassName', values.storageClassName);
  }
  if (values.tlsIssuer !== undefined) {
    checkInstance(scope, 'platformDefaults.tlsIssuer', values.tlsIssuer, TlsIssuer, 'a TlsIssuer',
      'TlsIssuer.clusterIssuer("letsencrypt-prod") or TlsIssuer.issuer("shop-ca")');
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.tlsIssuer.name', values.tlsIssuer.name);
  }
  if (values.cpuRequest !== undefined) {
    checkCpu(scope, 'platformDefaults.cpuRequest', values.cpuRequest);
  }
  if (values.cpuLimit !== undefined) {
    checkCpu(scope, 'platformDefaults.cpuLimit', values.cpuLimit);
  }
  if (values.memoryRequest !== undefined) {
    checkSize(scope, 'platformDefaults.memoryRequest', values.memoryRequest);
  }
  if (values.memoryLimit !== undefined) {
    checkSize(scope, 'platformDefaults.memoryLimit', values.memoryLimit);
  }
  checkLabelMap(scope, 'platformDefaults.prometheusSelectorLabels', values.prometheusSelectorLabels);
  checkLabelMap(scope, 'platformDefaults.dashboardLabels', values.dashboardLabels);
  if (values.blackboxExporterAddress !== undefined
    && (typeof values.blackboxExporterAddress !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/.test(values.blackboxExporterAddress))) {
    throw inputError(scope, 'platformDefaults.blackboxExporterAddress', values.blackboxExporterAddress, 'it is not a host with an optional port',
      'host:port without scheme, e.g. "blackbox-exporter.monitoring.svc:9115"');
  }
  if (values.blackboxModule !== undefined && !/^[A-Za-z0-9_-]+$/.test(values.blackboxModule)) {
    throw inputError(scope, 'platformDefaults.blackboxModule', values.blackboxModule, 'it is not a module name', 'a blackbox exporter module name, e.g. "http_2xx"');
  }
  if (values.runbookUrlTemplate !== undefined && !/^https?:\/\/\S+$/.test(values.runbookUrlTemplate)) {
    throw inputError(scope, 'platformDefaults.runbookUrlTemplate', values.runbookUrlTemplate, 'it is not an http(s) URL',
      'a URL with {alert}, {application} or {namespace} placeholders, e.g. "https://runbooks.example.com/{alert}"');
  }
  checkEnum(scope, 'platformDefaults.securityProfile', values.securityProfile, Object.values(SecurityProfile));
  checkEnum(scope, 'platformDefaults.monitoringMode', values.monitoringMode, Object.values(MonitoringMode));
  if (values.cluster !== undefined) {
    const [first] = capabilityProblems(values.cluster, 'platformDefaults.cluster');
    if (first !== undefined) {
      throw inputError(scope, first.prop, first.value, first.problem, first.accepted);
    }
  }
}


function checkBoolean(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw inputError(scope, prop, value, 'it is not a boolean', 'true or false');
  }
}

function checkEnum(scope: IConstruct, prop: string, value: string | undefined, accepted: string[]): void {
  if (value !== undefined && !accepted.includes(value)) {
    throw inputError(scope, prop, value, 'it is not one of the accepted values', `one of ${accepted.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}
