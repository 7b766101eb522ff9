/**
 * Exemptions: by the plugin's properties, by an object's `cdk8s-appflow/exempt` annotation, and by the security
 * relaxations and profile that a workload declares. Every exempted finding is still reported, with its reason.
 */
import { check, cleanApp, deployment, lines, pdb, rulesOf, service } from './support';
import { parseExemptAnnotation } from '../../src/plugin';

const root = (d: any) => {
  d.spec.template.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
  return d;
};

describe('the cdk8s-appflow/exempt annotation', () => {
  test('exempts the rules it names on its object, each finding keeping its reason', () => {
    const d = root(deployment({ metadata: { annotations: { 'cdk8s-appflow/exempt': 'restricted/run-as-non-root: the image runs as root; min-replicas: batch worker, one at a time' } }, spec: { replicas: 1 } }));
    const result = check([d, pdb(), service()]);
    expect(rulesOf(result)).toEqual([]);
    expect(lines(result.findings)).toEqual([
      'restricted/run-as-non-root Deployment web spec.template.spec.containers[0].securityContext.runAsNonRoot (exempted)',
      'min-replicas Deployment web spec.replicas (exempted)',
    ]);
    expect(result.findings[0].exemption).toEqual({ reason: 'the image runs as root', source: 'annotation' });
    expect(result.findings[1].exemption).toEqual({ reason: 'batch worker, one at a time', source: 'annotation' });
  });

  test('is read on the pod template too, with several rules per entry and `<prefix>/*`', () => {
    const d = root(deployment({ podMetadata: { annotations: { 'cdk8s-appflow/exempt': 'restricted/*, topology-spread: legacy image\nimage-tag-pinned: built on the node' } } }));
    d.spec.template.spec.containers[0].image = 'web';
    d.spec.template.spec.topologySpreadConstraints = undefined;
    const result = check([d, pdb(), service()]);
    expect(rulesOf(result)).toEqual([]);
    expect(result.findings.map((f) => `${f.rule}: ${f.exemption?.reason}`)).toEqual([
      'image-tag-pinned: built on the node',
      'restricted/run-as-non-root: legacy image',
      'topology-spread: legacy image',
    ]);
  });

  test('does not exempt other objects or other rules', () => {
    const svc = service({}, { annotations: { 'cdk8s-appflow/exempt': 'min-replicas: not mine' } });
    expect(rulesOf(check([deployment({ spec: { replicas: 1 } }), pdb(), svc]))).toEqual(['min-replicas']);
  });

  test('without a reason, with an unknown rule, or naming the plugin\'s own rules, is refused as exemption-invalid (an error)', () => {
    expect(parseExemptAnnotation('min-replicas')).toEqual({ entries: [], problems: ['"min-replicas" gives no reason (an exemption needs one, after a ":")'] });
    expect(parseExemptAnnotation('min-replicas:  ').problems).toHaveLength(1);
    expect(parseExemptAnnotation('readyness-probe: typo').problems[0]).toMatch(/^"readyness-probe" in "readyness-probe: typo": no rule has this id \(expected a rule id/);
    expect(parseExemptAnnotation('exemption-invalid: no').problems[0]).toMatch(/the plugin's own rules cannot be disabled or exempted/);
    expect(parseExemptAnnotation('')).toEqual({ entries: [], problems: ['"" names no rule and gives no reason'] });
    expect(parseExemptAnnotation('min-replicas: one; restricted/*,job-ttl: two')).toEqual({
      entries: [{ rules: ['min-replicas'], reason: 'one' }, { rules: ['restricted/*', 'job-ttl'], reason: 'two' }],
      problems: [],
    });
    const d = deployment({ metadata: { annotations: { 'cdk8s-appflow/exempt': 'min-replicas' } }, spec: { replicas: 1 } });
    const result = check([d, pdb(), service()]);
    expect(lines(result.findings)).toEqual([
      'exemption-invalid Deployment web metadata.annotations["cdk8s-appflow/exempt"]',
      'min-replicas Deployment web spec.replicas',
    ]);
    expect(result.findings[0].severity).toBe('error');
  });
});

describe('the exemptions of the properties', () => {
  test('match by rule, kind, namespace and name; the unused ones are listed', () => {
    const exemptions = [
      { rule: 'min-replicas', kind: 'Deployment', namespace: 'shop', name: 'web', reason: 'a singleton' },
      { rule: 'min-replicas', kind: 'StatefulSet', reason: 'no StatefulSet here' },
      { rule: 'min-replicas', namespace: 'other', reason: 'another namespace' },
    ];
    const result = check([deployment({ spec: { replicas: 1 } }), pdb(), service()], { exemptions });
    expect(lines(result.findings)).toEqual(['min-replicas Deployment web spec.replicas (exempted)']);
    expect(result.findings[0].exemption).toEqual({ reason: 'a singleton', source: 'properties' });
    expect(result.unusedExemptions).toEqual([exemptions[1], exemptions[2]]);
  });

  test('`*` exempts every rule of the objects it matches', () => {
    const result = check([root(deployment({ spec: { replicas: 1 } })), pdb(), service()], { exemptions: [{ rule: '*', name: 'web', kind: 'Deployment', reason: 'legacy' }] });
    expect(rulesOf(result)).toEqual([]);
    expect(result.findings.length).toBe(2);
  });
});

describe('the security relaxations and profile that a workload declares', () => {
  const annotated = (annotations: Record<string, string>) => deployment({ podMetadata: { annotations } });

  test('a relaxation exempts exactly the Pod Security findings it stands for, with the reason', () => {
    const d = annotated({ 'cdk8s-appflow/security-relaxations': 'run-as-root,default-capabilities,host-path' });
    const sc = d.spec.template.spec.securityContext;
    sc.runAsNonRoot = undefined;
    sc.runAsUser = 0;
    d.spec.template.spec.containers[0].securityContext.capabilities = { add: ['CHOWN'] }; // adding is not keeping the defaults
    d.spec.template.spec.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }];
    const result = check([d, pdb(), service()]);
    expect(lines(result.findings)).toEqual([
      'baseline/host-path-volumes Deployment web spec.template.spec.volumes[0].hostPath (exempted)',
      'restricted/capabilities Deployment web spec.template.spec.containers[0].securityContext.capabilities.drop (exempted)',
      'restricted/capabilities Deployment web spec.template.spec.containers[0].securityContext.capabilities.add[0]',
      'restricted/run-as-non-root Deployment web spec.template.spec.containers[0].securityContext.runAsNonRoot (exempted)',
      'restricted/run-as-user Deployment web spec.template.spec.securityContext.runAsUser (exempted)',
    ]);
    expect(result.findings[0].exemption).toEqual({
      reason: 'the workload relaxes host-path on purpose (cdk8s-appflow/security-relaxations)', source: 'workload',
    });
  });

  test('no-seccomp-profile exempts an unset profile, not one set to something else; host-network exempts hostNetwork only', () => {
    const d = annotated({ 'cdk8s-appflow/security-relaxations': 'no-seccomp-profile,host-network' });
    delete d.spec.template.spec.securityContext.seccompProfile;
    d.spec.template.spec.hostNetwork = true;
    d.spec.template.spec.hostPID = true;
    expect(lines(check([d, pdb(), service()]).findings)).toEqual([
      'baseline/host-namespaces Deployment web spec.template.spec.hostNetwork (exempted)',
      'baseline/host-namespaces Deployment web spec.template.spec.hostPID',
      'restricted/seccomp Deployment web spec.template.spec.containers[0].securityContext.seccompProfile.type (exempted)',
    ]);
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'Bogus' };
    expect(rulesOf(check([d, pdb(), service()]))).toEqual(['baseline/host-namespaces', 'restricted/seccomp']);
  });

  test('a lower declared profile exempts the rules above it; an unknown profile or relaxation is refused', () => {
    const d = root(annotated({ 'cdk8s-appflow/security-profile': 'baseline' }));
    d.spec.template.spec.hostPID = true;
    const result = check([d, pdb(), service()]);
    expect(lines(result.findings)).toEqual([
      'baseline/host-namespaces Deployment web spec.template.spec.hostPID',
      'restricted/run-as-non-root Deployment web spec.template.spec.containers[0].securityContext.runAsNonRoot (exempted)',
    ]);
    expect(result.findings[1].exemption!.reason).toBe('the workload declares the baseline profile (cdk8s-appflow/security-profile)');
    expect(rulesOf(check([root(annotated({ 'cdk8s-appflow/security-profile': 'privileged' })), pdb(), service()]))).toEqual([]);
    const unknown = check([annotated({ 'cdk8s-appflow/security-profile': 'lenient', 'cdk8s-appflow/security-relaxations': 'run-as-root,everything' }), pdb(), service()]);
    expect(unknown.findings.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([
      'exemption-invalid spec.template.metadata.annotations["cdk8s-appflow/security-profile"]: "lenient" is not a security profile',
      'exemption-invalid spec.template.metadata.annotations["cdk8s-appflow/security-relaxations"]: "everything" is not a security relaxation',
    ]);
  });

  test('annotationExemptions: false ignores what objects declare for themselves', () => {
    const d = root(annotated({ 'cdk8s-appflow/security-relaxations': 'run-as-root', 'cdk8s-appflow/exempt': 'nonsense' }));
    expect(lines(check([d, pdb(), service()], { annotationExemptions: false }).findings)).toEqual([
      'restricted/run-as-non-root Deployment web spec.template.spec.containers[0].securityContext.runAsNonRoot',
    ]);
  });
});

test('disabled rules are not checked at all', () => {
  const d = root(deployment({ spec: { replicas: 1 } }));
  expect(rulesOf(check([d, pdb(), service()], { disabledRules: ['restricted/*', 'min-replicas'] }))).toEqual([]);
  expect(lines(check([d, pdb(), service()], { disabledRules: ['restricted/*', 'min-replicas'] }).findings)).toEqual([]);
  expect(rulesOf(check(cleanApp(), { disabledRules: ['*'] }))).toEqual([]);
});
