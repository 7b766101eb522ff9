/**
 * The rules of Services (src/guard/rules/services.ts), through ChangeGuard.compare.
 */
import { ChangeGuard, ChangeRule, ChangeSeverity, ServiceExposure } from '../../../src';
import { BASE, compare, expectFinding } from '../findings';
import { edit, shop, single, summary } from '../shop';

describe('Services', () => {
  test('ClusterIP to headless: a Service cannot become headless in place', () => {
    expectFinding(single(compare(shop({ dbExposure: ServiceExposure.headless() }))), {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      kind: 'Service',
      name: 'mysql',
      field: 'spec.clusterIP',
      before: undefined,
      after: 'None',
      happens: [/immutable/, /cannot become headless in place/],
      proceed: [/delete the Service and apply \(kubectl delete service mysql -n shop/, /a Service under a new name/],
    });
  });

  test('a set clusterIP changed', () => {
    const at = (ip: string) => edit(BASE, 'Service', 'web', (s) => {
      s.spec.clusterIP = ip;
    });
    const f = single(ChangeGuard.compare(at('10.96.0.20'), at('10.96.0.21')));
    expectFinding(f, {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      kind: 'Service',
      name: 'web',
      before: '10.96.0.20',
      after: '10.96.0.21',
      happens: [/may not change once set/],
      proceed: [/keep 10.96.0.20/],
    });
    // Leaving a set clusterIP out keeps the allocated one: nothing to find.
    expect(ChangeGuard.compare(at('10.96.0.20'), BASE)).toEqual([]);
  });

  test('headless to unset: the Service stays headless (a warning)', () => {
    expectFinding(single(ChangeGuard.compare(shop({ dbExposure: ServiceExposure.headless() }), BASE)), {
      rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
      severity: ChangeSeverity.WARNING,
      kind: 'Service',
      name: 'mysql',
      before: 'None',
      happens: [/keeps clusterIP None/, /stays headless/],
      proceed: [/write clusterIP: None/],
    });
  });

  test('to and from ExternalName: accepted by the API server (it drops or allocates the cluster IP)', () => {
    const external = edit(shop({ dbExposure: ServiceExposure.headless() }), 'Service', 'mysql', (s) => {
      s.spec = { type: 'ExternalName', externalName: 'db.example.com' };
    });
    expect(compare(external)).toEqual([]);
    expect(ChangeGuard.compare(external, BASE)).toEqual([]);
    expect(ChangeGuard.compare(external, shop({ dbExposure: ServiceExposure.headless() }))).toEqual([]);
  });

  test('LoadBalancer to ClusterIP: the external address is released (a warning)', () => {
    expectFinding(single(ChangeGuard.compare(shop({ dbExposure: ServiceExposure.loadBalancer() }), BASE)), {
      rule: ChangeRule.SERVICE_LOAD_BALANCER_RELEASED,
      severity: ChangeSeverity.WARNING,
      kind: 'Service',
      name: 'mysql',
      field: 'spec.type',
      before: 'LoadBalancer',
      after: 'ClusterIP',
      happens: [/external address are released/],
      proceed: [/move DNS records/],
    });
  });

  test('the load balancer class and the primary IP family are immutable', () => {
    const lb = (cls: string | undefined, family: string) => edit(shop({ dbExposure: ServiceExposure.loadBalancer() }), 'Service', 'mysql', (s) => {
      s.spec.loadBalancerClass = cls;
      s.spec.ipFamilies = [family];
    });
    expect(summary(ChangeGuard.compare(lb('example.com/a', 'IPv4'), lb('example.com/b', 'IPv6')))).toEqual([
      'guard/service-ip-family-changed error Service shop/mysql spec.ipFamilies[0]',
      'guard/service-load-balancer-class-changed error Service shop/mysql spec.loadBalancerClass',
    ]);
  });
});
