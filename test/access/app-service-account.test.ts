import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AccessGrant, AccessRelaxation, AppIdentity, AppServiceAccount, AppServiceAccountProps, ContainerImage, PlatformDefaults,
  RegistryCredentials, StatelessWorkload, WorkloadIdentity,
} from '../../src';
import { EXEMPT_ANNOTATION } from '../../src/access/rbac-rules';
import { checkCharts } from '../../src/plugin';
import { EXEMPT_ANNOTATION as PLUGIN_EXEMPT_ANNOTATION } from '../../src/plugin/exemptions';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

/** The chart `shop`, in namespace `shop` (none for `null`). */
function shop(namespace: string | null = 'shop'): Chart {
  return new Chart(Testing.app(), 'shop', namespace === null ? {} : { namespace });
}

function account(props: Partial<AppServiceAccountProps> = {}, chart: Chart = shop()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', partOf: 'shop' });
  const sa = new AppServiceAccount(chart, 'Account', { identity, ...props });
  return { chart, identity, sa, manifests: () => synth(chart) };
}

/** The refusal's message for props given to the service account of `web` in chart `shop`. */
function refusal(props: any, chart?: Chart): string {
  return refusalOf(() => account(props, chart)).message;
}

const CONFIG_MAPS = kplus.ApiResource.CONFIG_MAPS;

describe('the ServiceAccount', () => {
  test('named after the application, with its labels, no token mounted, and nothing else', () => {
    const { chart, identity, sa, manifests } = account();
    expect(manifests()).toEqual([{
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'web', namespace: 'shop', labels: identity.sharedLabels },
      automountServiceAccountToken: false,
    }]);
    expect(sa.name).toBe('web');
    expect(sa.roles).toEqual([]);
    expect(sa.bindings).toEqual([]);
    expect(sa.podLabels).toEqual({});
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('a name of its own, and the token mounted when asked', () => {
    const { manifests } = account({ name: 'web-reader', automountToken: true });
    expect(only(manifests(), 'ServiceAccount')).toMatchObject({ metadata: { name: 'web-reader' }, automountServiceAccountToken: true });
  });

  test('a cdk8s-plus-34 ServiceAccount: the workloads and the registry credentials take it', () => {
    const { chart, identity, sa, manifests } = account();
    new StatelessWorkload(chart, 'Web', {
      identity,
      serviceAccount: sa,
      container: { image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'), ports: [{ name: 'http', number: 8080 }] },
    });
    RegistryCredentials.addToServiceAccount(sa, [RegistryCredentials.fromSecretName('registry-pull')]);
    const all = manifests();
    expect(only(all, 'Deployment').spec.template.spec).toMatchObject({ serviceAccountName: 'web', automountServiceAccountToken: false });
    expect(only(all, 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
  });

  test('two applications of one name in one namespace: the second ServiceAccount is refused, both paths named', () => {
    const chart = shop();
    account({}, chart);
    const other = new AppIdentity(chart, 'Other', { name: 'web' });
    expect(refusalOf(() => new AppServiceAccount(chart, 'Again', { identity: other })).message).toBe(
      'shop/Again: invalid name "web": the ServiceAccount "web" (API group core, namespace "shop") made at shop/Again/Resource has the API group, kind, '
      + 'namespace and name of the one made at shop/Account/Resource: both would be written, and on apply the last would overwrite the first. '
      + 'Expected another name for one of the two (for an application, its name: the names of its objects derive from it), or another namespace for one of them '
      + '(a chart with another namespace).');
  });
});

describe('workload identity', () => {
  test('GKE: the Google service account in the annotation', () => {
    const { manifests, sa } = account({ workloadIdentity: WorkloadIdentity.gke({ serviceAccount: 'shop-web@my-project.iam.gserviceaccount.com' }) });
    expect(only(manifests(), 'ServiceAccount').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'shop-web@my-project.iam.gserviceaccount.com' });
    expect(sa.podLabels).toEqual({});
  });

  test('Azure: client and tenant in the annotations, and the pod label the pods must carry', () => {
    const { manifests, sa } = account({
      workloadIdentity: WorkloadIdentity.azure({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: '66666666-7777-8888-9999-000000000000' }),
    });
    expect(only(manifests(), 'ServiceAccount').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555',
      'azure.workload.identity/tenant-id': '66666666-7777-8888-9999-000000000000',
    });
    expect(sa.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(sa.workloadIdentity?.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('AWS: the role ARN in the annotation; {name} and {namespace} filled in for a template', () => {
    const { manifests } = account({ workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/apps/{namespace}-{name}' }) });
    expect(only(manifests(), 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/apps/shop-web' });
  });

  test('the ARNs of the other partitions', () => {
    const { manifests } = account({ workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws-us-gov:iam::111122223333:role/web' }) });
    expect(only(manifests(), 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws-us-gov:iam::111122223333:role/web');
  });

  test.each([
    [WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::12345:role/web' }), 'shop/Account: invalid workloadIdentity.roleArn "arn:aws:iam::12345:role/web": '
      + 'it is not of the expected form. Expected the ARN of an IAM role, arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> '
      + '(e.g. "arn:aws:iam::111122223333:role/shop-api").'],
    [WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:user/web' }), 'shop/Account: invalid workloadIdentity.roleArn "arn:aws:iam::111122223333:user/web": '
      + 'it is not of the expected form. Expected the ARN of an IAM role, arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> '
      + '(e.g. "arn:aws:iam::111122223333:role/shop-api").'],
    [WorkloadIdentity.gke({ serviceAccount: 'web@my-project.iam.gserviceaccount.com' }), 'shop/Account: invalid workloadIdentity.serviceAccount '
      + '"web@my-project.iam.gserviceaccount.com": it is not of the expected form. Expected the email of a Google service account, '
      + '<id>@<project>.iam.gserviceaccount.com, its id 6 to 30 lowercase letters, digits and "-" (e.g. "shop-api@my-project.iam.gserviceaccount.com").'],
    [WorkloadIdentity.azure({ clientId: 'web' }), 'shop/Account: invalid workloadIdentity.clientId "web": it is not of the expected form. '
      + 'Expected a client ID, a GUID (e.g. "00000000-0000-0000-0000-000000000000").'],
    [WorkloadIdentity.azure({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: 'contoso' }), 'shop/Account: invalid workloadIdentity.tenantId '
      + '"contoso": it is not of the expected form. Expected a tenant ID, a GUID (e.g. "00000000-0000-0000-0000-000000000000"), or none.'],
  ])('a malformed identity is refused: %#', (workloadIdentity, message) => {
    expect(refusal({ workloadIdentity })).toBe(message);
  });

  test('a template that fills in to a malformed value names both', () => {
    const roleArn = `arn:aws:iam::111122223333:role/{namespace}-{name}-${'x'.repeat(60)}`;
    expect(refusal({ workloadIdentity: WorkloadIdentity.aws({ roleArn }) })).toBe(
      `shop/Account: invalid workloadIdentity.roleArn "arn:aws:iam::111122223333:role/shop-web-${'x'.repeat(40)}"… (100 characters): it is not of the `
      + `expected form (from "arn:aws:iam::111122223333:role/{namespace}-{name}-${'x'.repeat(30)}"… (110 characters)). Expected the ARN of an IAM role, `
      + 'arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> (e.g. "arn:aws:iam::111122223333:role/shop-api").');
  });

  test('{namespace} in a chart without a namespace is refused', () => {
    expect(refusal({ workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/{namespace}-{name}' }) }, shop(null))).toBe(
      'shop/Account: invalid workloadIdentity.roleArn "arn:aws:iam::111122223333:role/{namespace}-{name}": it names {namespace}, and the chart of the '
      + 'application has no namespace. Expected the ARN of an IAM role, arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> '
      + '(e.g. "arn:aws:iam::111122223333:role/shop-api"); or a chart with a namespace.');
  });

  test('the platform default workloadIdentity: a template for every ServiceAccount that names none; its own wins', () => {
    const chart = shop();
    PlatformDefaults.set(chart, { workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/{namespace}-{name}' }) });
    const templated = account({}, chart);
    expect(only(templated.manifests(), 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/shop-web' });
    const other = shop();
    PlatformDefaults.set(other, { workloadIdentity: WorkloadIdentity.aws({ roleArn: 'arn:aws:iam::111122223333:role/{namespace}-{name}' }) });
    const own = account({ workloadIdentity: WorkloadIdentity.gke({ serviceAccount: 'shop-web@my-project.iam.gserviceaccount.com' }) }, other);
    expect(only(own.manifests(), 'ServiceAccount').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'shop-web@my-project.iam.gserviceaccount.com' });
  });

  test('a platform default that fills in to a malformed value is refused against the platform default', () => {
    const chart = shop();
    PlatformDefaults.set(chart, { workloadIdentity: WorkloadIdentity.gke({ serviceAccount: '{name}@my-project.iam.gserviceaccount.com' }) });
    expect(refusal({}, chart)).toBe('shop/Account: invalid platformDefaults.workloadIdentity.serviceAccount "web@my-project.iam.gserviceaccount.com": '
      + 'it is not of the expected form (from "{name}@my-project.iam.gserviceaccount.com"). Expected the email of a Google service account, '
      + '<id>@<project>.iam.gserviceaccount.com, its id 6 to 30 lowercase letters, digits and "-" (e.g. "shop-api@my-project.iam.gserviceaccount.com").');
  });

  test('untyped callers: a plain object, a missing option', () => {
    expect(refusal({ workloadIdentity: { roleArn: 'arn:aws:iam::111122223333:role/web' } })).toBe(
      'shop/Account: invalid workloadIdentity {"roleArn":"arn:aws:iam::111122223333:role/web"}: it is not a WorkloadIdentity. Expected '
      + 'WorkloadIdentity.gke({ serviceAccount }), WorkloadIdentity.azure({ clientId }) or WorkloadIdentity.aws({ roleArn }).');
    expect(refusal({ workloadIdentity: WorkloadIdentity.aws({} as any) })).toBe(
      'shop/Account: invalid workloadIdentity.roleArn (undefined): it is missing. Expected the ARN of an IAM role, '
      + 'arn:<partition>:iam::<12-digit account>:role/[<path>/]<name> (e.g. "arn:aws:iam::111122223333:role/shop-api").');
  });
});

describe('grants', () => {
  test('a Role of compact rules and its RoleBinding, named and labelled after the application', () => {
    const { chart, identity, sa, manifests } = account({
      grants: [
        AccessGrant.read(CONFIG_MAPS, kplus.ApiResource.SERVICES, kplus.ApiResource.DEPLOYMENTS),
        AccessGrant.readNamed(kplus.ApiResource.SECRETS, 'web-tls'),
        AccessGrant.writeNamed(CONFIG_MAPS, 'web-leader'),
        AccessGrant.allow(['get'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/log' })),
      ],
    });
    const all = manifests();
    expect(only(all, 'Role')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'web', namespace: 'shop', labels: identity.sharedLabels },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['web-tls'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['web-leader'], verbs: ['update', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ],
    });
    expect(only(all, 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'web', namespace: 'shop', labels: identity.sharedLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
    });
    expect(sa.roles.map((r) => r.kind)).toEqual(['Role']);
    expect(sa.bindings.map((b) => b.kind)).toEqual(['RoleBinding']);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('a cdk8s-plus-34 object names one resource', () => {
    const chart = shop();
    const flags = new kplus.ConfigMap(chart, 'Flags', { metadata: { name: 'web-flags' }, data: { beta: 'on' } });
    const { manifests } = account({ grants: [AccessGrant.read(flags), AccessGrant.write(CONFIG_MAPS)] }, chart);
    expect(only(manifests(), 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['web-flags'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'update', 'patch', 'delete'] },
    ]);
  });

  test('cluster-wide grants: a ClusterRole and a ClusterRoleBinding without namespace, named after the namespace and the application', () => {
    const { manifests } = account({ grants: [AccessGrant.read(kplus.ApiResource.NODES, kplus.ApiResource.NAMESPACES).clusterWide()] });
    const all = manifests();
    expect(only(all, 'ClusterRole')).toMatchObject({
      metadata: { name: 'shop.web' },
      rules: [{ apiGroups: [''], resources: ['nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
    });
    expect(only(all, 'ClusterRole').metadata.namespace).toBeUndefined();
    expect(only(all, 'ClusterRoleBinding')).toMatchObject({
      metadata: { name: 'shop.web' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop.web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
    });
    expect(only(all, 'ClusterRoleBinding').metadata.namespace).toBeUndefined();
    expect(all.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).toEqual([]);
  });

  test('an existing ClusterRole: bound in the namespace, or across the cluster', () => {
    const { manifests } = account({ grants: [AccessGrant.clusterRole('view'), AccessGrant.clusterRole('system:aggregate-to-view').clusterWide()] });
    const all = manifests();
    expect(only(all, 'RoleBinding')).toMatchObject({
      metadata: { name: 'web.view', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
    });
    expect(only(all, 'ClusterRoleBinding')).toMatchObject({
      metadata: { name: 'shop.web.system-aggregate-to-view' },
      roleRef: { kind: 'ClusterRole', name: 'system:aggregate-to-view' },
    });
    expect(all.filter((m) => m.kind === 'Role' || m.kind === 'ClusterRole')).toEqual([]);
  });

  test('no two ServiceAccounts get roles or bindings of the same name, in any namespace or App', () => {
    // Each pair joined by "-" gave the same names: shop-a + web and shop + a-web (shop-a-web); web-view's own binding
    // and web's binding of the ClusterRole view (web-view); shop + web-view and shop + web bound to view across the
    // cluster (shop-web-view).
    const namesOf = (namespace: string, name: string, grants: AccessGrant[]) => {
      const chart = shop(namespace);
      new AppServiceAccount(chart, 'Account', { identity: new AppIdentity(chart, 'Identity', { name }), grants });
      return synth(chart).filter((m) => m.kind !== 'ServiceAccount').map((m) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`);
    };
    const nodes = AccessGrant.read(kplus.ApiResource.NODES).clusterWide();
    const view = AccessGrant.clusterRole('view');
    const accounts = [
      namesOf('shop-a', 'web', [nodes]),
      namesOf('shop', 'a-web', [nodes]),
      namesOf('shop', 'web-view', [AccessGrant.read(CONFIG_MAPS), nodes]),
      namesOf('shop', 'web', [view, view.clusterWide()]),
    ];
    expect(accounts).toEqual([
      ['ClusterRole /shop-a.web', 'ClusterRoleBinding /shop-a.web'],
      ['ClusterRole /shop.a-web', 'ClusterRoleBinding /shop.a-web'],
      ['Role shop/web-view', 'RoleBinding shop/web-view', 'ClusterRole /shop.web-view', 'ClusterRoleBinding /shop.web-view'],
      ['RoleBinding shop/web.view', 'ClusterRoleBinding /shop.web.view'],
    ]);
    expect(new Set(accounts.flat()).size).toBe(accounts.flat().length);
  });

  test('a chart without a namespace: the RoleBinding names the ServiceAccount without one (the binding\'s namespace)', () => {
    const { manifests } = account({ grants: [AccessGrant.read(CONFIG_MAPS)] }, shop(null));
    expect(only(manifests(), 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'web' }]);
  });

  test('the plugin finds nothing in what the grants make', () => {
    const { chart } = account({
      grants: [AccessGrant.read(CONFIG_MAPS), AccessGrant.readNamed(kplus.ApiResource.SECRETS, 'web-tls'), AccessGrant.clusterRole('view'),
        AccessGrant.read(kplus.ApiResource.NODES).clusterWide()],
    });
    expect(checkCharts([chart]).findings.filter((f) => f.rule.startsWith('rbac/'))).toEqual([]);
  });
});

describe('least privilege by construction', () => {
  const RELAX_WILDCARD = 'Expected the verbs, API groups and resources the application needs, named one by one (e.g. '
    + 'AccessGrant.read(kplus.ApiResource.CONFIG_MAPS)); or, when it must, relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: "..." }].';
  const RELAX_ESCALATING = 'Expected grants without escalate, bind and impersonate; or, for a controller that manages RBAC, '
    + 'relax: [{ relaxation: AccessRelaxation.ESCALATING_VERBS, reason: "..." }].';
  const RELAX_SECRETS = 'Expected the Secrets the application reads, by name (AccessGrant.readNamed(kplus.ApiResource.SECRETS, "db-password")), '
    + 'or a SecretSource that gives them to the pods without any grant; or, when it must, relax: [{ relaxation: AccessRelaxation.SECRETS_READ, reason: "..." }].';
  const RELAX_BROAD = 'Expected a narrower ClusterRole (e.g. AccessGrant.clusterRole("view")) or the grants the application needs; or, when it must, '
    + 'relax: [{ relaxation: AccessRelaxation.BROAD_ROLE, reason: "..." }].';
  const RELAX_WORKLOADS = 'Expected grants that create no pods, workloads or commands in pods (the pods of an application are its manifests\'); or, '
    + 'for a CI runner or an operator that starts pods, relax: [{ relaxation: AccessRelaxation.WORKLOAD_CREATION, reason: "..." }].';

  test.each([
    ['wildcard verbs', AccessGrant.allow(['*'], CONFIG_MAPS),
      'shop/Account: invalid grants[0].verbs ["*"]: "*" in verbs grants every verb, escalate, bind and impersonate among them, and the verbs added '
      + `later. ${RELAX_WILDCARD}`],
    ['a wildcard API group', AccessGrant.read(kplus.ApiResource.custom({ apiGroup: '*', resourceType: 'configmaps' })),
      'shop/Account: invalid grants[0].resources ["*/configmaps"]: "*" in apiGroups grants the resources of every API group, and of every CRD '
      + `installed later. ${RELAX_WILDCARD}`],
    ['wildcard resources', AccessGrant.read(kplus.ApiResource.custom({ apiGroup: 'apps', resourceType: '*' })),
      'shop/Account: invalid grants[0].resources ["*"]: "*" in resources grants every resource (or subresource) it matches, those added later too. '
      + RELAX_WILDCARD],
    ['a wildcard subresource', AccessGrant.allow(['get'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/*' })),
      'shop/Account: invalid grants[0].resources ["pods/*"]: "pods/*" in resources grants every resource (or subresource) it matches, those added '
      + `later too. ${RELAX_WILDCARD}`],
    ['escalate and bind', AccessGrant.allow(['escalate', 'bind'], kplus.ApiResource.ROLES),
      'shop/Account: invalid grants[0].verbs ["escalate","bind"]: the verbs "escalate", "bind" let the subject gain permissions beyond its own '
      + '(escalate: write Roles with more permissions than it has; bind: bind such Roles; impersonate: act as another user, group or ServiceAccount). '
      + RELAX_ESCALATING],
    ['impersonate', AccessGrant.allow(['impersonate'], kplus.ApiResource.SERVICE_ACCOUNTS),
      'shop/Account: invalid grants[0].verbs ["impersonate"]: the verb "impersonate" lets the subject gain permissions beyond its own (escalate: '
      + 'write Roles with more permissions than it has; bind: bind such Roles; impersonate: act as another user, group or ServiceAccount). '
      + RELAX_ESCALATING],
    ['reading every Secret of the namespace', AccessGrant.read(kplus.ApiResource.SECRETS),
      'shop/Account: invalid grants[0].resources ["secrets"]: it reads Secrets ("get", "list", "watch") without resourceNames: every Secret of the '
      + `namespace, with the passwords, tokens and keys of every application in it. ${RELAX_SECRETS}`],
    ['writing every Secret of the namespace (an update or a patch answers with the whole Secret)', AccessGrant.write(kplus.ApiResource.SECRETS),
      'shop/Account: invalid grants[0].resources ["secrets"]: it reads Secrets ("update", "patch": an update or a patch answers with the whole Secret) '
      + `without resourceNames: every Secret of the namespace, with the passwords, tokens and keys of every application in it. ${RELAX_SECRETS}`],
    ['reading every Secret of the cluster', AccessGrant.allow(['list'], kplus.ApiResource.SECRETS).clusterWide(),
      'shop/Account: invalid grants[0].resources ["secrets"]: it reads Secrets ("list") without resourceNames: every Secret of every namespace, '
      + `with the passwords, tokens and keys of every application in it. ${RELAX_SECRETS}`],
    ['cluster-admin', AccessGrant.clusterRole('cluster-admin'),
      `shop/Account: invalid grants[0].clusterRoleName "cluster-admin": the ClusterRole "cluster-admin" grants every verb on every resource of the cluster. ${RELAX_BROAD}`],
    ['admin', AccessGrant.clusterRole('admin'),
      'shop/Account: invalid grants[0].clusterRoleName "admin": the ClusterRole "admin" grants every resource of the namespace, Secrets, Roles and '
      + `RoleBindings among them. ${RELAX_BROAD}`],
    ['edit', AccessGrant.clusterRole('edit').clusterWide(),
      'shop/Account: invalid grants[0].clusterRoleName "edit": the ClusterRole "edit" grants writing most resources of the namespace, and reading and '
      + `writing its Secrets. ${RELAX_BROAD}`],
    ['creating pods (write includes create)', AccessGrant.write(kplus.ApiResource.PODS),
      'shop/Account: invalid grants[0].resources ["pods"]: it creates "pods": a pod of its making (or a command run in one) may run as any ServiceAccount '
      + `of the namespace and mount any of its Secrets, so the subject holds all of them. ${RELAX_WORKLOADS}`],
    ['running commands in pods', AccessGrant.allow(['create'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/exec' })),
      'shop/Account: invalid grants[0].resources ["pods/exec"]: it creates "pods/exec": a pod of its making (or a command run in one) may run as any '
      + `ServiceAccount of the namespace and mount any of its Secrets, so the subject holds all of them. ${RELAX_WORKLOADS}`],
    ['creating Jobs across the cluster', AccessGrant.allow(['create'], kplus.ApiResource.JOBS).clusterWide(),
      'shop/Account: invalid grants[0].resources ["jobs"]: it creates "jobs": a pod of its making (or a command run in one) may run as any '
      + `ServiceAccount of every namespace and mount any of its Secrets, so the subject holds all of them. ${RELAX_WORKLOADS}`],
  ])('%s is refused', (_, grant, message) => {
    expect(refusal({ grants: [grant] })).toBe(message);
  });

  test('a wildcard over the core group reads every Secret too: both relaxations are needed', () => {
    const grant = AccessGrant.read(kplus.ApiResource.custom({ apiGroup: '', resourceType: '*' }));
    const reason = 'a backup tool that exports the namespace';
    expect(refusal({ grants: [grant], relax: [{ relaxation: AccessRelaxation.WILDCARD, reason }] })).toBe(
      'shop/Account: invalid grants[0].resources ["*"]: it reads Secrets ("get", "list", "watch") without resourceNames: every Secret of the namespace, '
      + `with the passwords, tokens and keys of every application in it. ${RELAX_SECRETS}`);
    const { manifests } = account({
      grants: [grant],
      relax: [{ relaxation: AccessRelaxation.WILDCARD, reason }, { relaxation: AccessRelaxation.SECRETS_READ, reason }],
    });
    expect(only(manifests(), 'Role').metadata.annotations).toEqual({ [EXEMPT_ANNOTATION]: `rbac/wildcard: ${reason}; rbac/secrets-read: ${reason}` });
  });

  test('a CI runner that starts Jobs relaxes workload creation; updating a Deployment needs no relaxation', () => {
    const reason = 'the CI runner starts a Job for each build';
    const { chart, manifests } = account({
      grants: [AccessGrant.write(kplus.ApiResource.JOBS), AccessGrant.allow(['get', 'update', 'patch'], kplus.ApiResource.DEPLOYMENTS)],
      relax: [{ relaxation: AccessRelaxation.WORKLOAD_CREATION, reason }],
    });
    expect(only(manifests(), 'Role').metadata.annotations).toEqual({ [EXEMPT_ANNOTATION]: `rbac/workload-creation: ${reason}` });
    expect(checkCharts([chart]).findings.filter((f) => f.rule.startsWith('rbac/')).map((f) => [f.rule, f.exemption?.reason])).toEqual([
      ['rbac/workload-creation', reason],
    ]);
  });

  test('a token of any ServiceAccount is refused unless relaxed; the ClusterRoles of which edit and admin are made are broad roles', () => {
    const token = AccessGrant.allow(['create'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'serviceaccounts/token' }));
    expect(refusal({ grants: [token] })).toBe('shop/Account: invalid grants[0].resources ["serviceaccounts/token"]: it grants create of serviceaccounts/token '
      + '(the subject requests a token of any ServiceAccount, and acts as it): permissions beyond its own. Expected grants without tokens of ServiceAccounts, '
      + 'the kubelet\'s API, PersistentVolumes, namespace labels, admission webhooks or certificate approval; or, for the component of the platform that '
      + 'needs it, relax: [{ relaxation: AccessRelaxation.ESCALATING_RESOURCES, reason: "..." }].');
    const reason = 'the deploy bot runs smoke tests as the application';
    const { chart, manifests } = account({ grants: [token], relax: [{ relaxation: AccessRelaxation.ESCALATING_RESOURCES, reason }] });
    expect(only(manifests(), 'Role').metadata.annotations).toEqual({ [EXEMPT_ANNOTATION]: `rbac/escalating-resources: ${reason}` });
    expect(checkCharts([chart]).findings.filter((f) => f.rule.startsWith('rbac/')).map((f) => [f.rule, f.exemption?.reason])).toEqual([
      ['rbac/escalating-resources', reason],
    ]);
    expect(refusal({ grants: [AccessGrant.clusterRole('system:aggregate-to-edit')] })).toMatch(/invalid grants\[0\]\.clusterRoleName "system:aggregate-to-edit": the ClusterRole "system:aggregate-to-edit" grants what edit adds to view/);
  });

  test('relaxed by name with a reason: the objects that need it say so, as exemptions the plugin reports', () => {
    const { chart, manifests } = account({
      grants: [AccessGrant.allow(['*'], kplus.ApiResource.custom({ apiGroup: 'shop.example.com', resourceType: 'orders' })),
        AccessGrant.clusterRole('edit')],
      relax: [
        { relaxation: AccessRelaxation.WILDCARD, reason: 'the operator manages its own orders, and their new verbs' },
        { relaxation: AccessRelaxation.BROAD_ROLE, reason: 'the migration job of release 4.2, removed after it' },
      ],
    });
    const all = manifests();
    expect(only(all, 'Role').metadata.annotations).toEqual({ [EXEMPT_ANNOTATION]: 'rbac/wildcard: the operator manages its own orders, and their new verbs' });
    expect(only(all, 'RoleBinding', 'web').metadata.annotations).toBeUndefined();
    expect(only(all, 'RoleBinding', 'web.edit').metadata.annotations).toEqual({ [EXEMPT_ANNOTATION]: 'rbac/broad-role: the migration job of release 4.2, removed after it' });
    const findings = checkCharts([chart]).findings.filter((f) => f.rule.startsWith('rbac/'));
    expect(findings.map((f) => [f.rule, f.resource.kind, f.exemption])).toEqual([
      ['rbac/wildcard', 'Role', { reason: 'the operator manages its own orders, and their new verbs', source: 'annotation' }],
      ['rbac/broad-role', 'RoleBinding', { reason: 'the migration job of release 4.2, removed after it', source: 'annotation' }],
    ]);
  });

  test('the annotation is the plugin\'s exemption annotation', () => {
    expect(EXEMPT_ANNOTATION).toBe(PLUGIN_EXEMPT_ANNOTATION);
  });

  test.each([
    ['a relaxation that no grant needs', { grants: [AccessGrant.read(CONFIG_MAPS)], relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: 'just in case' }] },
      'shop/Account: invalid relax[0].relaxation "wildcard": no grant needs it. Expected only the relaxations that the grants need (a relaxation '
      + 'that relaxes nothing would hide a later grant from review).'],
    ['an unknown relaxation', { relax: [{ relaxation: 'everything', reason: 'x' }] },
      'shop/Account: invalid relax[0].relaxation "everything": it is not an AccessRelaxation. Expected one of "wildcard", "escalating-verbs", '
      + '"secrets-read", "broad-role", "workload-creation", "escalating-resources".'],
    ['a relaxation without a reason', { grants: [AccessGrant.allow(['*'], CONFIG_MAPS)], relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: ' ' }] },
      'shop/Account: invalid relax[0].reason " ": a relaxation needs a reason. Expected one line that says why the application needs it, without ";".'],
    ['a reason with ";"', { grants: [AccessGrant.allow(['*'], CONFIG_MAPS)], relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: 'a; b' }] },
      'shop/Account: invalid relax[0].reason "a; b": it holds ";" or a line break, which separate the exemptions of the annotation. Expected one '
      + 'line that says why the application needs it, without ";".'],
    ['a relaxation twice', {
      grants: [AccessGrant.allow(['*'], CONFIG_MAPS)],
      relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: 'a' }, { relaxation: AccessRelaxation.WILDCARD, reason: 'b' }],
    }, 'shop/Account: invalid relax[1].relaxation "wildcard": it is relaxed twice. Expected each relaxation once, with its reason.'],
    ['relax as a string', { relax: 'wildcard' },
      'shop/Account: invalid relax "wildcard": it is a string, not a list. Expected a list of relaxations with their reasons, e.g. '
      + '[{ relaxation: AccessRelaxation.WILDCARD, reason: "the operator manages every kind of its API group" }].'],
  ])('%s is refused', (_, props, message) => {
    expect(refusal(props)).toBe(message);
  });
});

describe('grants RBAC would not read as meant', () => {
  test.each([
    ['a cluster-scoped resource in a Role', AccessGrant.read(kplus.ApiResource.NODES),
      'shop/Account: invalid grants[0].resources[0] "nodes": it is cluster-scoped: a Role (in a namespace) cannot grant it. Expected the grant made '
      + 'cluster-wide (AccessGrant.read(nodes).clusterWide()), or a namespaced resource.'],
    ['a named grant without names', AccessGrant.readNamed(CONFIG_MAPS),
      'shop/Account: invalid grants[0].resourceNames []: the grant names no resource. Expected at least one name, e.g. AccessGrant.readNamed(configmaps, "web-flags").'],
    ['create limited to a name', AccessGrant.allow(['create', 'get'], { apiGroup: '', resourceType: 'configmaps', resourceName: 'web-flags' }),
      'shop/Account: invalid grants[0].verbs ["create"]: RBAC cannot limit create or deletecollection to named resources (the authorizer does not '
      + 'know the names), so the grant would not work as written. Expected these verbs in a grant without names, or the grant without them.'],
    ['no verb', AccessGrant.allow([], CONFIG_MAPS), 'shop/Account: invalid grants[0].verbs []: it grants no verb. Expected at least one verb, e.g. ["get"].'],
    ['a verb in capitals', AccessGrant.allow(['Get'], CONFIG_MAPS),
      'shop/Account: invalid grants[0].verbs[0] "Get": it is not a verb. Expected a verb of lowercase letters, e.g. "get", "list", "watch", "create", '
      + '"update", "patch", "delete".'],
    ['no resource', AccessGrant.read(),
      'shop/Account: invalid grants[0].resources []: it grants no resource. Expected at least one resource, e.g. kplus.ApiResource.CONFIG_MAPS.'],
    ['a kind instead of a resource', AccessGrant.read(kplus.ApiResource.custom({ apiGroup: 'apps', resourceType: 'Deployment' })),
      'shop/Account: invalid grants[0].resources[0].resourceType "Deployment": it is not a resource type. Expected the plural, lowercase name of a '
      + 'resource as its API path has it, with an optional subresource, e.g. "configmaps" or "pods/log".'],
    ['an API group with a version', AccessGrant.read(kplus.ApiResource.custom({ apiGroup: 'apps/v1', resourceType: 'deployments' })),
      'shop/Account: invalid grants[0].resources[0].apiGroup "apps/v1": it is not an API group. Expected an API group such as "" (core), "apps" or "example.com".'],
    ['a ClusterRole name with a slash', AccessGrant.clusterRole('ops/view'),
      'shop/Account: invalid grants[0].clusterRoleName "ops/view": it is not the name of a ClusterRole. Expected the name of an existing ClusterRole, e.g. "view".'],
  ])('%s is refused', (_, grant, message) => {
    expect(refusal({ grants: [grant] })).toBe(message);
  });

  test('a ClusterRole granted twice is refused', () => {
    expect(refusal({ grants: [AccessGrant.clusterRole('view'), AccessGrant.clusterRole('view')] })).toBe(
      'shop/Account: invalid grants[1] "AccessGrant.clusterRole(\\"view\\")": the ClusterRole is granted twice. Expected each ClusterRole once.');
  });

  test('a cluster-wide grant in a chart without a namespace is refused', () => {
    expect(refusal({ grants: [AccessGrant.read(kplus.ApiResource.NODES).clusterWide()] }, shop(null))).toBe(
      'shop/Account: invalid grants[0] "AccessGrant.read(nodes).clusterWide()": a cluster-wide grant binds the ServiceAccount by its namespace, and the '
      + 'chart has no namespace. Expected a chart with a namespace, or a grant in the namespace (without clusterWide()).');
  });

  test('untyped callers: grants that are not grants, props that are not props', () => {
    expect(refusal({ grants: 'read' })).toBe('shop/Account: invalid grants "read": it is a string, not a list. Expected a list of AccessGrants: an '
      + 'AccessGrant, e.g. AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, "web-flags").');
    expect(refusal({ grants: [{ verbs: ['get'] }] })).toBe('shop/Account: invalid grants[0] {"verbs":["get"]}: it is not an AccessGrant. Expected an '
      + 'AccessGrant, e.g. AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, "web-flags").');
    expect(refusal({ grants: [AccessGrant.allow('get' as any, CONFIG_MAPS)] })).toBe('shop/Account: invalid grants[0].verbs "get": it is a string, not '
      + 'a list. Expected a list of verbs, e.g. ["get", "list", "watch"].');
    expect(refusal({ grants: [AccessGrant.read('configmaps' as any)] })).toBe('shop/Account: invalid grants[0].resources[0] "configmaps": it is a '
      + 'string, not an object. Expected a list of cdk8s-plus-34 resources, e.g. [kplus.ApiResource.CONFIG_MAPS].');
    expect(refusal({ automountToken: 'yes' })).toBe('shop/Account: invalid automountToken "yes": it is a string, not a boolean. Expected true or false (the default).');
    expect(refusal({ identity: 'web' })).toBe('shop/Account: invalid identity "web": it is not an AppIdentity. Expected the identity of the application, '
      + 'e.g. new AppIdentity(this, "Identity", { name: "shop-api" }).');
    const chart = shop();
    expect(refusalOf(() => new AppServiceAccount(chart, 'Account', undefined as any)).message).toBe('shop/Account: invalid props (undefined): there are '
      + 'no props. Expected the props of the ServiceAccount: at least identity, e.g. { identity }.');
  });

  test('a near miss of a verb of the API is refused (it would grant nothing); an API\'s own verb passes', () => {
    expect(refusal({ grants: [AccessGrant.allow(['gett'], kplus.ApiResource.PODS)] })).toBe('shop/Account: invalid grants[0].verbs[0] "gett": it is not '
      + 'a verb of the Kubernetes API (did you mean get?), so it would grant nothing. Expected "get", or another verb: "get", "list", "watch", "create", '
      + '"update", "patch", "delete", "deletecollection", "escalate", "bind", "impersonate", "use", "approve", "sign", "attest".');
    expect(refusal({ grants: [AccessGrant.allow(['get', 'pach'], kplus.ApiResource.PODS)] })).toMatch(/verbs\[1\] "pach": .*did you mean patch\?/);
    const custom = kplus.ApiResource.custom({ apiGroup: 'policy.example.com', resourceType: 'profiles' });
    expect(() => account({ grants: [AccessGrant.allow(['use'], custom)] })).not.toThrow();
  });

  test('names given as one list from untyped code: each name is an argument of its own', () => {
    expect(refusal({ grants: [AccessGrant.readNamed(CONFIG_MAPS, ['web-flags', 'web-limits'] as any)] })).toBe('shop/Account: invalid '
      + 'grants[0].resourceNames[0] ["web-flags","web-limits"]: it is a list, and each name is an argument of its own. Expected the names one by one, '
      + 'AccessGrant.readNamed(configmaps, "web-flags", "web-limits") (a list spread: ...names).');
  });

  test('a name Kubernetes refuses, or with a dot (the names of the roles and bindings are made of it and dots)', () => {
    const LABEL = 'Expected a DNS-1123 label: at most 63 characters of lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. "shop-api").';
    expect(refusal({ name: 'Web' })).toBe(`shop/Account: invalid name "Web": it contains uppercase letters, which are not allowed. ${LABEL}`);
    expect(refusal({ name: 'web.api' })).toMatch(/^shop\/Account: invalid name "web\.api": .*\. Expected a DNS-1123 label: /);
  });
});
