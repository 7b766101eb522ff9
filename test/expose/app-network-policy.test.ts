import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, ContainerImage, PlatformDefaults, StatelessWorkload } from '../../src';
import { AppNetworkPolicy, AppNetworkPolicyProps } from '../../src/expose/app-network-policy';
import { NetworkPeer } from '../../src/expose/network-peer';
import { NetworkPort } from '../../src/expose/network-port';
import { ManifestYaml } from '../../src/testing';
import { refusalOf } from '../support/refusal';

const WEB_SELECTOR = { 'app.kubernetes.io/name': 'shop-web', 'app.kubernetes.io/instance': 'shop-web' };
const DB_SELECTOR = { 'app.kubernetes.io/name': 'shop-db', 'app.kubernetes.io/instance': 'shop-db', 'app.kubernetes.io/component': 'database' };
const DNS_RULE = {
  to: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

/** A chart of the shop, under an app with the ingress controller's and the monitoring namespaces set. */
function shop(defaults = true) {
  const app = Testing.app();
  if (defaults) {
    PlatformDefaults.set(app, { ingressControllerNamespace: 'ingress-nginx', monitoringNamespace: 'monitoring' });
  }
  const chart = new Chart(app, 'shop');
  const web = new AppIdentity(chart, 'WebIdentity', { name: 'shop-web', version: '2.1.0', partOf: 'shop' });
  const db = new AppIdentity(chart, 'DbIdentity', { name: 'shop-db', version: '16.4', component: 'database', partOf: 'shop' });
  return { app, chart, web, db };
}

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter((m) => m.kind === 'NetworkPolicy');
}

function policy(chart: Chart, name: string): any {
  const found = policies(chart).filter((m) => m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('a web application and its database', () => {
  test('the database allows only the web app on 5432; the web app allows the ingress controller on http and monitoring on metrics', () => {
    const { chart, web, db } = shop();
    new AppNetworkPolicy(chart, 'DbPolicy', {
      identity: db,
      allowFrom: [{ peers: [NetworkPeer.application(web)], ports: [NetworkPort.tcp(5432)] }],
    });
    new AppNetworkPolicy(chart, 'WebPolicy', {
      identity: web,
      allowFrom: [
        { peers: [NetworkPeer.ingressController()], ports: [NetworkPort.named('http')] },
        { peers: [NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics')] },
      ],
    });

    expect(policies(chart)).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'shop-db',
          labels: {
            ...DB_SELECTOR,
            'app.kubernetes.io/version': '16.4',
            'app.kubernetes.io/part-of': 'shop',
            'app.kubernetes.io/managed-by': 'cdk8s',
          },
        },
        spec: {
          podSelector: { matchLabels: DB_SELECTOR },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{ podSelector: { matchLabels: WEB_SELECTOR } }],
            ports: [{ port: 5432, protocol: 'TCP' }],
          }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'shop-web',
          labels: {
            ...WEB_SELECTOR,
            'app.kubernetes.io/version': '2.1.0',
            'app.kubernetes.io/part-of': 'shop',
            'app.kubernetes.io/managed-by': 'cdk8s',
          },
        },
        spec: {
          podSelector: { matchLabels: WEB_SELECTOR },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
              ports: [{ port: 'http', protocol: 'TCP' }],
            },
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
              ports: [{ port: 'metrics', protocol: 'TCP' }],
            },
          ],
        },
      },
    ]);
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('the peers describe themselves', () => {
    const { web, db } = shop();
    expect(NetworkPeer.application(db).description).toBe('application shop-db');
    expect(NetworkPeer.application(web, { namespace: 'storefront' }).description).toBe('application shop-web in namespace storefront');
    expect(NetworkPeer.namespace('ingress-nginx').description).toBe('namespace ingress-nginx');
    expect(NetworkPeer.podsWithLabels({ tier: 'frontend' }).description).toBe('pods with labels tier=frontend of the policy\'s namespace');
    expect(NetworkPeer.podsWithLabels({}).description).toBe('every pod of the policy\'s namespace');
    expect(NetworkPeer.ingressController().description).toBe('the ingress controller\'s namespace');
    expect(NetworkPeer.monitoring().description).toBe('the monitoring namespace');
    expect(NetworkPeer.gatewayDataPlane().description).toBe('the Gateway\'s data plane namespace');
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']).description).toBe('IP block 10.0.0.0/8 except 10.1.0.0/16');
    expect(NetworkPort.tcp(5432).description).toBe('TCP 5432');
    expect(NetworkPort.udp(53).protocol).toBe(kplus.NetworkProtocol.UDP);
    expect(NetworkPort.named('metrics').description).toBe('TCP metrics');
  });
});

describe('default deny', () => {
  test('with no rule, all incoming traffic is denied and outgoing traffic is not restricted', () => {
    const { chart, db } = shop();
    const resource = new AppNetworkPolicy(chart, 'DbPolicy', { identity: db });
    const manifest = policy(chart, 'shop-db');
    expect(manifest.spec).toEqual({ podSelector: { matchLabels: DB_SELECTOR }, policyTypes: ['Ingress'] });
    expect(manifest.spec.ingress ?? []).toEqual([]);
    expect(resource.networkPolicy.node.id).toBe('Resource');
    expect(resource.networkPolicy.kind).toBe('NetworkPolicy');
  });

  test('a name of its own', () => {
    const { chart, db } = shop();
    new AppNetworkPolicy(chart, 'DbPolicy', { identity: db, name: 'shop-db.deny-all' });
    expect(policies(chart).map((p) => p.metadata.name)).toEqual(['shop-db.deny-all']);
  });
});

describe('outgoing traffic', () => {
  test('restricted: DNS to kube-dns is allowed by default, before the allowTo rules', () => {
    const { chart, web, db } = shop();
    new AppNetworkPolicy(chart, 'WebPolicy', {
      identity: web,
      restrictEgress: true,
      allowTo: [{ peers: [NetworkPeer.application(db)], ports: [NetworkPort.tcp(5432)] }],
    });
    expect(policy(chart, 'shop-web').spec).toEqual({
      podSelector: { matchLabels: WEB_SELECTOR },
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        DNS_RULE,
        { to: [{ podSelector: { matchLabels: DB_SELECTOR } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      ],
    });
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('restricted with no rule: only DNS goes out', () => {
    const { chart, web } = shop();
    new AppNetworkPolicy(chart, 'WebPolicy', { identity: web, restrictEgress: true });
    expect(policy(chart, 'shop-web').spec.egress).toEqual([DNS_RULE]);
  });

  test('restricted, allowDns: false: only the allowTo rules go out, and nothing at all without them', () => {
    const { chart, web } = shop();
    new AppNetworkPolicy(chart, 'WebPolicy', {
      identity: web,
      restrictEgress: true,
      allowDns: false,
      allowTo: [{ peers: [NetworkPeer.ipBlock('192.0.2.0/24')], ports: [NetworkPort.tcp(443)] }],
    });
    expect(policy(chart, 'shop-web').spec).toEqual({
      podSelector: { matchLabels: WEB_SELECTOR },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }],
    });

    const other = shop();
    new AppNetworkPolicy(other.chart, 'WebPolicy', { identity: other.web, restrictEgress: true, allowDns: false });
    expect(policy(other.chart, 'shop-web').spec).toEqual({ podSelector: { matchLabels: WEB_SELECTOR }, policyTypes: ['Ingress', 'Egress'] });
  });

  test('allowTo() after construction', () => {
    const { chart, web } = shop();
    const resource = new AppNetworkPolicy(chart, 'WebPolicy', { identity: web, restrictEgress: true });
    resource.allowTo({ peers: [NetworkPeer.namespace('payments')], ports: [NetworkPort.tcp(443)] });
    expect(policy(chart, 'shop-web').spec.egress).toEqual([
      DNS_RULE,
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });
});

describe('peers', () => {
  test('an application in another namespace: the namespace and its pods in one peer', () => {
    const { chart, web, db } = shop();
    new AppNetworkPolicy(chart, 'DbPolicy', {
      identity: db,
      allowFrom: [{ peers: [NetworkPeer.application(web, { namespace: 'storefront' })], ports: [NetworkPort.tcp(5432)] }],
    });
    expect(policy(chart, 'shop-db').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'storefront' } },
        podSelector: { matchLabels: WEB_SELECTOR },
      }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    }]);
  });

  test('pods by labels, here or in a namespace; a whole namespace; several peers and ports, every port by default', () => {
    const { chart, db } = shop();
    new AppNetworkPolicy(chart, 'DbPolicy', {
      identity: db,
      allowFrom: [
        {
          peers: [NetworkPeer.podsWithLabels({ 'role': 'backup', 'example.com/tier': 'ops' }), NetworkPeer.podsWithLabels({ role: 'audit' }, { namespace: 'audit' })],
          ports: [NetworkPort.tcp(5432), NetworkPort.named('pg-metrics', kplus.NetworkProtocol.SCTP), NetworkPort.udp(5433)],
        },
        { peers: [NetworkPeer.namespace('dba')] },
        { peers: [NetworkPeer.podsWithLabels({})] },
      ],
    });
    expect(policy(chart, 'shop-db').spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { 'role': 'backup', 'example.com/tier': 'ops' } } },
          { podSelector: { matchLabels: { role: 'audit' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'audit' } } },
        ],
        ports: [{ port: 5432, protocol: 'TCP' }, { port: 'pg-metrics', protocol: 'SCTP' }, { port: 5433, protocol: 'UDP' }],
      },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dba' } } }] },
      { from: [{ podSelector: {} }] },
    ]);
  });

  test('IP blocks, IPv4 and IPv6, with exceptions', () => {
    const { chart, web } = shop();
    new AppNetworkPolicy(chart, 'WebPolicy', {
      identity: web,
      allowFrom: [{
        peers: [
          NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.2.3.4/32']),
          NetworkPeer.ipBlock('2001:db8::/32', ['2001:db8:ff::/48']),
          NetworkPeer.ipBlock('::ffff:192.0.2.0/120'),
          NetworkPeer.ipBlock('0.0.0.0/0'),
        ],
        ports: [NetworkPort.tcp(8443)],
      }],
    });
    expect(policy(chart, 'shop-web').spec.ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] } },
      { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:ff::/48'] } },
      { ipBlock: { cidr: '::ffff:192.0.2.0/120' } },
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ]);
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('allowFrom() after construction appears in the policy', () => {
    const { chart, web, db } = shop();
    const resource = new AppNetworkPolicy(chart, 'DbPolicy', { identity: db });
    resource.allowFrom({ peers: [NetworkPeer.application(web)], ports: [NetworkPort.tcp(5432)] });
    resource.allowFrom({ peers: [NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics')] });
    expect(policy(chart, 'shop-db').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: WEB_SELECTOR } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
  });

  test('the platform defaults of the nearest scope: a chart\'s own monitoring namespace', () => {
    const { app } = shop();
    const other = new Chart(app, 'other');
    PlatformDefaults.set(other, { monitoringNamespace: 'observability' });
    const identity = new AppIdentity(other, 'Identity', { name: 'other' });
    new AppNetworkPolicy(other, 'Policy', { identity, allowFrom: [{ peers: [NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics')] }] });
    expect(policy(other, 'other').spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }]);
  });
});

describe('refused', () => {
  const refused = (props: Partial<AppNetworkPolicyProps>, defaults = true) => () => {
    const { chart, db } = shop(defaults);
    new AppNetworkPolicy(chart, 'DbPolicy', { identity: db, ...props });
  };
  const from = (...peers: NetworkPeer[]) => ({ allowFrom: [{ peers }] });
  const onPort = (...ports: NetworkPort[]) => ({ allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports }] });

  test.each<[string, Partial<AppNetworkPolicyProps>, string]>([
    ['a rule with no peer', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')] }, { peers: [] }] },
      'shop/DbPolicy: invalid allowFrom[1].peers []: the rule has no peer, and a rule without peers would allow traffic from (or to) everywhere. Expected at least one NetworkPeer, e.g. NetworkPeer.application(identity).'],
    ['an empty list of ports', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports: [] }] },
      'shop/DbPolicy: invalid allowFrom[0].ports []: the list is empty. Expected at least one NetworkPort, or no `ports` to allow every port.'],
    ['port 0', onPort(NetworkPort.tcp(5432), NetworkPort.tcp(0)),
      'shop/DbPolicy: invalid allowFrom[0].ports[1] 0: it is below 1. Expected a port number: an integer from 1 to 65535.'],
    ['port 65536', onPort(NetworkPort.udp(65536)),
      'shop/DbPolicy: invalid allowFrom[0].ports[0] 65536: it is above 65535. Expected a port number: an integer from 1 to 65535.'],
    ['a fractional port', onPort(NetworkPort.tcp(80.5)), 'shop/DbPolicy: invalid allowFrom[0].ports[0] 80.5: it is not a whole number.'],
    ['a port name too long', onPort(NetworkPort.named('postgres-metrics')),
      'shop/DbPolicy: invalid allowFrom[0].ports[0] "postgres-metrics": it is 16 characters long, more than 15. Expected a port name (IANA service name): '],
    ['a port name with uppercase letters', onPort(NetworkPort.named('Metrics')), 'shop/DbPolicy: invalid allowFrom[0].ports[0] "Metrics": it contains uppercase letters'],
    ['an invalid namespace', from(NetworkPeer.namespace('Ops_Team')),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].namespace "Ops_Team": it contains "_" and uppercase letters, which are not allowed. Expected a DNS-1123 label: '],
    ['an invalid namespace of an application', from(NetworkPeer.namespace('dba'), NetworkPeer.podsWithLabels({ role: 'x' }, { namespace: '-web' })),
      'shop/DbPolicy: invalid allowFrom[0].peers[1].namespace "-web": it starts with "-", not a letter or digit'],
    ['an invalid label key', from(NetworkPeer.podsWithLabels({ 'bad key': 'x' })), 'shop/DbPolicy: invalid allowFrom[0].peers[0].labels "bad key": it contains " "'],
    ['an invalid label value', from(NetworkPeer.podsWithLabels({ role: 'a b' })), 'shop/DbPolicy: invalid allowFrom[0].peers[0].labels["role"] "a b": it contains " "'],
    ['a CIDR without prefix', from(NetworkPeer.ipBlock('10.0.0.0')),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].cidr "10.0.0.0": it has no prefix length ("/" and a number of bits). Expected a CIDR block: an IPv4 or IPv6 network address and a prefix length, with no address bits set after the prefix (e.g. "10.0.0.0/8" or "2001:db8::/32").'],
    ['a CIDR with a bad address', from(NetworkPeer.ipBlock('10.0.0.256/32')),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].cidr "10.0.0.256/32": its address "10.0.0.256" is neither an IPv4 nor an IPv6 address.'],
    ['a CIDR with leading zeros', from(NetworkPeer.ipBlock('10.0.0.010/32')), 'invalid allowFrom[0].peers[0].cidr "10.0.0.010/32": its address "10.0.0.010" is neither'],
    ['a CIDR with a bad IPv6 address', from(NetworkPeer.ipBlock('2001:db8::1::/64')), 'invalid allowFrom[0].peers[0].cidr "2001:db8::1::/64": its address "2001:db8::1::" is neither'],
    ['a CIDR with too many IPv6 groups', from(NetworkPeer.ipBlock('1:2:3:4:5:6:7:8:9/128')), 'its address "1:2:3:4:5:6:7:8:9" is neither'],
    ['a CIDR with too many IPv6 groups around "::"', from(NetworkPeer.ipBlock('1:2:3:4::5:6:7:8/128')), 'its address "1:2:3:4::5:6:7:8" is neither'],
    ['a CIDR with an IPv6 zone', from(NetworkPeer.ipBlock('fe80::1%eth0/64')), 'its address "fe80::1%eth0" is neither'],
    ['a CIDR with an IPv6 group too long', from(NetworkPeer.ipBlock('2001:db8::12345/128')), 'its address "2001:db8::12345" is neither'],
    ['a CIDR with a bad embedded IPv4 address', from(NetworkPeer.ipBlock('::ffff:192.0.2/128')), 'its address "::ffff:192.0.2" is neither'],
    ['an IPv6 CIDR with host bits and no zero group', from(NetworkPeer.ipBlock('1:2:3:4:5:6:7:9/127')),
      'it has address bits set after the /127 prefix (the network is 1:2:3:4:5:6:7:8/127).'],
    ['a CIDR with a prefix too long', from(NetworkPeer.ipBlock('10.0.0.0/33')),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].cidr "10.0.0.0/33": its prefix length "33" is not a number of bits from 0 to 32.'],
    ['an IPv6 CIDR with a prefix too long', from(NetworkPeer.ipBlock('2001:db8::/129')), 'its prefix length "129" is not a number of bits from 0 to 128.'],
    ['a CIDR with host bits', from(NetworkPeer.ipBlock('192.168.1.1/24')),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].cidr "192.168.1.1/24": it has address bits set after the /24 prefix (the network is 192.168.1.0/24).'],
    ['an IPv6 CIDR with host bits', from(NetworkPeer.ipBlock('2001:db8:0:0:1::/32')),
      'invalid allowFrom[0].peers[0].cidr "2001:db8:0:0:1::/32": it has address bits set after the /32 prefix (the network is 2001:db8::/32).'],
    ['an exception outside the block', from(NetworkPeer.ipBlock('10.0.0.0/8', ['11.0.0.0/16'])),
      'shop/DbPolicy: invalid allowFrom[0].peers[0].except[0] "11.0.0.0/16": it is not inside the cidr 10.0.0.0/8. Expected a CIDR block strictly inside 10.0.0.0/8.'],
    ['an exception as large as the block', from(NetworkPeer.ipBlock('10.0.0.0/8', ['10.0.0.0/8'])),
      'invalid allowFrom[0].peers[0].except[0] "10.0.0.0/8": it is not smaller than the cidr 10.0.0.0/8.'],
    ['an exception of another family', from(NetworkPeer.ipBlock('10.0.0.0/8', ['2001:db8::/32'])),
      'invalid allowFrom[0].peers[0].except[0] "2001:db8::/32": it is an IPv6 block, and the cidr 10.0.0.0/8 is not.'],
    ['allowTo without restrictEgress', { allowTo: [{ peers: [NetworkPeer.namespace('payments')], ports: [NetworkPort.tcp(443)] }] },
      'shop/DbPolicy: invalid allowTo ["namespace payments on TCP 443"]: outgoing traffic is not restricted (restrictEgress is not set), so the rules would have no effect. Expected restrictEgress: true with allowTo, or no allowTo.'],
    ['allowDns: false without restrictEgress', { allowDns: false },
      'shop/DbPolicy: invalid allowDns false: outgoing traffic is not restricted (restrictEgress is not set), so DNS cannot be denied. Expected restrictEgress: true with allowDns: false, or no allowDns.'],
    ['an invalid allowTo peer', { restrictEgress: true, allowTo: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/8')] }, { peers: [NetworkPeer.namespace('')] }] },
      'shop/DbPolicy: invalid allowTo[1].peers[0].namespace "": it is empty.'],
    ['an invalid name', { name: 'Shop_DB' },
      'shop/DbPolicy: invalid name "Shop_DB": it contains "_" and uppercase letters, which are not allowed. Expected a DNS-1123 subdomain: '],
  ])('%s', (_, props, message) => {
    expect(refused(props)).toThrow(message);
  });

  test.each<[string, any, string]>([
    ['an identity that is not an AppIdentity', { identity: { name: 'shop-db' } }, 'shop/DbPolicy: invalid identity {"name":"shop-db"}: it is not an AppIdentity.'],
    ['a rule that is not a rule', { allowFrom: [undefined] }, 'shop/DbPolicy: invalid allowFrom[0] (undefined): it is not a rule.'],
    ['peers that are not a list', { allowFrom: [{ peers: 'dba' }] }, 'shop/DbPolicy: invalid allowFrom[0].peers "dba": it is not a list.'],
    ['a peer that is not a NetworkPeer', { allowFrom: [{ peers: ['dba'] }] }, 'shop/DbPolicy: invalid allowFrom[0].peers[0] "dba": it is not a NetworkPeer.'],
    ['ports that are not a list', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports: 5432 }] }, 'shop/DbPolicy: invalid allowFrom[0].ports 5432: it is not a list.'],
    ['a port that is not a NetworkPort', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports: [5432] }] },
      'shop/DbPolicy: invalid allowFrom[0].ports[0] 5432: it is not a NetworkPort.'],
    ['a protocol that network policies do not know', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports: [NetworkPort.named('http', 'HTTP' as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].ports[0].protocol "HTTP": it is not a protocol of network policies. Expected one of "TCP", "UDP", "SCTP".'],
    ['restrictEgress that is not a boolean', { restrictEgress: 'yes' }, 'shop/DbPolicy: invalid restrictEgress "yes": it is not a boolean.'],
    ['allowDns that is not a boolean', { restrictEgress: true, allowDns: 'no' }, 'shop/DbPolicy: invalid allowDns "no": it is not a boolean.'],
    ['a CIDR that is not a string', { allowFrom: [{ peers: [NetworkPeer.ipBlock(10 as any)] }] }, 'shop/DbPolicy: invalid allowFrom[0].peers[0].cidr 10: it is not a string.'],
    // Each of these would have become an empty pod selector: every pod of the namespace.
    ['an application peer that is not an identity', { allowFrom: [{ peers: [NetworkPeer.application({ name: 'shop-web' } as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].peers[0].identity {"name":"shop-web"}: it is not an AppIdentity. Expected the identity of an application: '
      + 'NetworkPeer.application(web.identity).'],
    ['an application peer that is undefined', { allowFrom: [{ peers: [NetworkPeer.application(undefined as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].peers[0].identity (undefined): it is not an AppIdentity.'],
    ['pods with labels that are undefined', { allowFrom: [{ peers: [NetworkPeer.podsWithLabels(undefined as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].peers[0].labels (undefined): it is undefined, not a map of labels. Expected a map of label keys to values, '
      + 'e.g. { tier: "frontend" } ({} selects every pod of the namespace, on purpose).'],
    ['pods with labels that are a string', { allowFrom: [{ peers: [NetworkPeer.podsWithLabels('tier=frontend' as any, null as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].peers[0].labels "tier=frontend": it is a string, not a map of labels.'],
    ['a port name given to NetworkPort.tcp', { allowFrom: [{ peers: [NetworkPeer.namespace('dba')], ports: [NetworkPort.tcp('http' as any)] }] },
      'shop/DbPolicy: invalid allowFrom[0].ports[0] "http": it is a string, and NetworkPort.tcp takes a port number. '
      + 'Expected a port number from 1 to 65535, or NetworkPort.named("http") for a port of the pods by its name.'],
  ])('from JavaScript: %s', (_, props, message) => {
    expect(refused(props)).toThrow(message);
  });

  test('from JavaScript: an application pattern or a workload given for an identity names its `identity`', () => {
    const { chart, db } = shop();
    const web = new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: { image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'), ports: [{ name: 'http', number: 8080 }] },
    });
    expect(refusalOf(() => new AppNetworkPolicy(chart, 'DbPolicy', {
      identity: db, allowFrom: [{ peers: [NetworkPeer.application(web as any)], ports: [NetworkPort.tcp(5432)] }],
    }))).toMatchObject({
      constructPath: 'shop/DbPolicy',
      prop: 'allowFrom[0].peers[0].identity',
      problem: 'it is StatelessWorkload, not an AppIdentity',
      accepted: 'its `identity`, which is an AppIdentity',
    });
    expect(NetworkPeer.application(web as any).description).toBe('application StatelessWorkload shop/Web');
  });

  test('the ingress controller or monitoring without the platform default', () => {
    expect(refused({ allowFrom: [{ peers: [NetworkPeer.namespace('dba')] }, { peers: [NetworkPeer.ingressController()] }] }, false)).toThrow(
      'shop/DbPolicy: invalid allowFrom[1].peers[0] "the ingress controller\'s namespace": the platform default ingressControllerNamespace is not set. '
      + 'Expected the platform default set (PlatformDefaults.set(app, { ingressControllerNamespace: \'ingress-nginx\' })), or the namespace named with NetworkPeer.namespace(name).');
    expect(refused({ allowFrom: [{ peers: [NetworkPeer.namespace('dba'), NetworkPeer.monitoring()], ports: [NetworkPort.named('metrics')] }] }, false)).toThrow(
      'shop/DbPolicy: invalid allowFrom[0].peers[1] "the monitoring namespace": the platform default monitoringNamespace is not set. '
      + 'Expected the platform default set (PlatformDefaults.set(app, { monitoringNamespace: \'monitoring\' })), or the namespace named with NetworkPeer.namespace(name).');
  });

  test('the Gateway\'s data plane: its platform default gatewayNamespace, else ingressControllerNamespace, else refused', () => {
    const selectorOf = (defaults: Record<string, string> | undefined) => {
      const app = Testing.app();
      if (defaults) {
        PlatformDefaults.set(app, defaults);
      }
      const chart = new Chart(app, 'shop');
      const db = new AppIdentity(chart, 'DbIdentity', { name: 'shop-db' });
      new AppNetworkPolicy(chart, 'DbPolicy', { identity: db, allowFrom: [{ peers: [NetworkPeer.gatewayDataPlane()], ports: [NetworkPort.named('grpc')] }] });
      return policies(chart)[0].spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'];
    };
    expect(selectorOf({ ingressControllerNamespace: 'ingress-nginx', gatewayNamespace: 'envoy-gateway-system' })).toBe('envoy-gateway-system');
    expect(selectorOf({ ingressControllerNamespace: 'ingress-nginx' })).toBe('ingress-nginx');
    expect(() => selectorOf(undefined)).toThrow('shop/DbPolicy: invalid allowFrom[0].peers[0] "the Gateway\'s data plane namespace": the platform default '
      + 'gatewayNamespace is not set (nor ingressControllerNamespace, its default). Expected the platform default set (PlatformDefaults.set(app, { gatewayNamespace: '
      + '\'envoy-gateway-system\' })), or the namespace named with NetworkPeer.namespace(name).');
  });

  test('allowFrom() and allowTo() after construction: the index of the new rule; allowTo() without restrictEgress', () => {
    const { chart, db } = shop();
    const resource = new AppNetworkPolicy(chart, 'DbPolicy', { identity: db, allowFrom: [{ peers: [NetworkPeer.namespace('dba')] }] });
    expect(() => resource.allowFrom({ peers: [NetworkPeer.ipBlock('10.0.0.1/8')] })).toThrow(
      'shop/DbPolicy: invalid allowFrom[1].peers[0].cidr "10.0.0.1/8": it has address bits set after the /8 prefix (the network is 10.0.0.0/8).');
    expect(() => resource.allowTo({ peers: [NetworkPeer.namespace('payments')] })).toThrow(
      'shop/DbPolicy: invalid allowTo "namespace payments on every port": outgoing traffic is not restricted (restrictEgress is not set), so the rule would have no effect. '
      + 'Expected restrictEgress: true with allowTo, or no allowTo.');
    // A refused rule is not added.
    expect(policy(chart, 'shop-db').spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dba' } } }] }]);

    const egress = new AppNetworkPolicy(chart, 'WebPolicy', { identity: new AppIdentity(chart, 'Web', { name: 'web' }), restrictEgress: true });
    egress.allowTo({ peers: [NetworkPeer.namespace('payments')] });
    expect(() => egress.allowTo({ peers: [NetworkPeer.namespace('payments')], ports: [NetworkPort.tcp(70000)] })).toThrow(
      'shop/WebPolicy: invalid allowTo[1].ports[0] 70000: it is above 65535.');
  });
});

test('refused: a pod label "constructor" (a valid key, which cdk8s cannot serialize)', () => {
  const { chart, db } = shop();
  expect(refusalOf(() => new AppNetworkPolicy(chart, 'DbPolicy', {
    identity: db, allowFrom: [{ peers: [NetworkPeer.podsWithLabels({ role: 'web', constructor: 'x' })], ports: [NetworkPort.tcp(5432)] }],
  }))).toMatchObject({
    constructPath: 'shop/DbPolicy',
    prop: 'allowFrom[0].peers[0].labels',
    value: 'constructor',
    problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
    accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
  });
});
