/**
 * Variant (a): the applications written with this library's `WebService` pattern, as a platform team would.
 *
 * Each application is exactly 8 objects: Deployment, Service, Ingress, PersistentVolumeClaim,
 * HorizontalPodAutoscaler, PodDisruptionBudget, ServiceMonitor and PrometheusRule. The dashboard ConfigMap is
 * switched off, and there is no blackbox exporter in the platform defaults (so no black-box `Probe`s). The files
 * the library writes beside the manifests by default (the topology picture of each chart and the published URLs of
 * each application) are switched off, so that (a) and (b) write the same files; variant (d) of the bench switches
 * them on to measure what they cost.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { appName, chartIdOf, hostOf, IMAGE, Layout, NAMESPACE, ONE_CHART_ID } from './params';
import type * as LibraryModule from '../../src';

/** The library's module: its TypeScript sources (the tests), or the compiled package `lib/src` (the bench). */
export type Library = typeof LibraryModule;

/** The TypeScript sources, loaded only when no other library is given. */
function sources(): Library {
  return require('../../src') as Library; // eslint-disable-line @typescript-eslint/no-require-imports
}

/** The platform team's chart: its defaults, set once. */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, options: AppflowOptions = {}) {
    super(scope, id, { namespace: NAMESPACE });
    const { PlatformDefaults, TlsIssuer } = options.library ?? sources();
    PlatformDefaults.set(this, {
      ingressClassName: 'nginx',
      tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
      prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
      topologyDiagram: options.sideFiles ?? false,
      publishedUrlFiles: options.sideFiles ?? false,
    });
  }
}

/** One application: a web service with a shared claim, autoscaling, an Ingress, a ServiceMonitor and alerts. */
export function addWebApp(scope: Construct, name: string, library: Library = sources()): LibraryModule.WebService {
  const { ContainerImage, MonitoringPart, WebService } = library;
  return new WebService(scope, name, {
    name,
    version: '2.3.1',
    partOf: 'shop',
    image: ContainerImage.fromReference(IMAGE),
    ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
    resources: {
      cpuRequest: kplus.Cpu.millis(100),
      cpuLimit: kplus.Cpu.millis(500),
      memoryRequest: Size.mebibytes(128),
      memoryLimit: Size.mebibytes(256),
    },
    autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
    claims: [{
      name: 'uploads',
      mountPath: '/srv/uploads',
      size: Size.gibibytes(10),
      // Shared by every replica the autoscaler makes.
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
    }],
    servicePorts: [{ name: 'http', port: 80, targetPortName: 'http' }, { name: 'metrics', port: 9090 }],
    publish: { hosts: [hostOf(name)] },
    monitoring: {
      defaultProbes: { readinessPath: '/ready' },
      metrics: { portName: 'metrics' },
      switchOff: [MonitoringPart.DASHBOARD],
    },
  });
}

/** Options of {@link buildAppflow}. */
export interface AppflowOptions {
  /**
   * Whether synth also writes the files beside the manifests that the library writes by default: the topology
   * picture of each chart and the published URLs of each application.
   *
   * @default false
   */
  readonly sideFiles?: boolean;

  /**
   * The library to write the applications with: the bench passes the compiled package (`lib/src`), what users install.
   *
   * @default the TypeScript sources (`src/`)
   */
  readonly library?: Library;
}

/** Adds `n` applications to the app, in one chart or one chart each. */
export function buildAppflow(app: App, n: number, layout: Layout, options: AppflowOptions = {}): void {
  const library = options.library ?? sources();
  if (layout === 'one-chart') {
    const chart = new PlatformChart(app, ONE_CHART_ID, options);
    for (let i = 0; i < n; i++) {
      addWebApp(chart, appName(i), library);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const name = appName(i);
      addWebApp(new PlatformChart(app, chartIdOf(name), options), name, library);
    }
  }
}
