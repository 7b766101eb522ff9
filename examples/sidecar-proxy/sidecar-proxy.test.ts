import { Testing } from 'cdk8s';
import { SidecarProxyChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('an nginx reverse proxy in front of the app, in one pod, behind one Service', () => {
  const manifests = Testing.synth(new SidecarProxyChart(Testing.app(), 'sidecar-proxy'));
  const deployment = only(manifests, 'Deployment', 'app');
  const pod = deployment.spec.template;
  const [app, proxy] = pod.spec.containers;
  const service = only(manifests, 'Service', 'app');
  const config = only(manifests, 'ConfigMap', 'app-proxy-config');

  test('two containers: the app on the loopback interface with no port, the proxy on the pod\'s port 8080', () => {
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
    expect(app.image).toBe('app:0.3.2');
    expect(app.args).toEqual(['--listen', '127.0.0.1:3000']);
    expect(app.ports).toBeUndefined();
    expect(proxy.image).toBe('nginxinc/nginx-unprivileged:1.27.3-alpine');
    expect(proxy.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    for (const c of [app, proxy]) {
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.resources.limits.memory).toBeDefined();
    }
  });

  test('the Service sends port 80 to the proxy\'s port, and selects the pods', () => {
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  test('the probes are the proxy\'s: readiness through it to the app, liveness of nginx alone; none on the app', () => {
    expect(proxy.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' } });
    expect(proxy.livenessProbe).toEqual({ httpGet: { path: '/nginx-health', port: 'http' }, periodSeconds: 20 });
    expect(app.readinessProbe).toBeUndefined();
    expect(app.livenessProbe).toBeUndefined();
  });

  test('nginx\'s config comes from nginx/default.conf, in a ConfigMap mounted read-only at /etc/nginx/conf.d in the proxy only', () => {
    expect(Object.keys(config.data)).toEqual(['default.conf']);
    const conf: string = config.data['default.conf'];
    // The config agrees with the containers: it listens on the proxy's port and forwards to the app's address.
    expect(conf).toMatch(new RegExp(`listen ${proxy.ports[0].containerPort};`));
    expect(conf).toContain(`server ${app.args[1]};`);
    expect(conf).toMatch(/location = \/nginx-health/);
    expect(pod.spec.volumes).toContainEqual({ name: 'proxy-config', configMap: { name: 'app-proxy-config' } });
    expect(proxy.volumeMounts).toContainEqual({ mountPath: '/etc/nginx/conf.d', name: 'proxy-config', readOnly: true });
    expect(app.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp']);
    // A change to the config rolls the pods.
    expect(pod.metadata.annotations['cdk8s-appflow/config-checksum']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('both containers meet the restricted profile', () => {
    expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
    expect(proxy.securityContext).toMatchObject({ runAsUser: 101, readOnlyRootFilesystem: true });
  });
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new SidecarProxyChart(Testing.app(), 'sidecar-proxy'))).toMatchSnapshot();
});
