/**
 * The rule of role bindings (src/guard/rules/rbac.ts), through ChangeGuard.compare.
 */
import { ChangeGuard, ChangeRule } from '../../../src';
import { expectFinding } from '../findings';
import { single } from '../shop';

describe('role bindings', () => {
  test('a RoleBinding\'s roleRef changed', () => {
    const binding = (role: string) => [{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'deployer', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'shop' }],
    }];
    expectFinding(single(ChangeGuard.compare(binding('edit'), binding('admin'))), {
      rule: ChangeRule.ROLE_REF_CHANGED,
      kind: 'RoleBinding',
      name: 'deployer',
      field: 'roleRef.name',
      before: 'edit',
      after: 'admin',
      happens: [/cannot change roleRef/],
      proceed: [/under a new name/, /kubectl delete rolebinding deployer -n shop/],
    });
  });
});
