// The validation plugin of cdk8s-appflow (src/plugin), loaded from its TypeScript sources, for this repository's
// cdk8s.yaml and the plugin's test fixtures. cdk8s-cli loads a local plugin by a path that starts with "./"
// (`package: ./examples/validation-plugin.js`); a user's project loads the compiled plugin instead:
// `package: ./node_modules/cdk8s-appflow/lib/src/plugin` (docs/validation.md).
//
// tsx (a dev dependency) compiles the sources on the fly, only for what this file requires: its hook is
// registered in a namespace of its own, so cdk8s-cli's other modules load as they always do.
//
// The sources have no build output, so no built-in Kubernetes API definitions (the package carries them, derived by
// the build): unless cdk8s.yaml says otherwise, the plugin reads the definitions files of the shared folder beside the
// repository (../shared/schemas, or $CDK8S_APPFLOW_SHARED/schemas).
const path = require('path');
const { register } = require('tsx/cjs/api');

const tsx = register({ namespace: 'cdk8s-appflow-validation' });
const plugin = tsx.require(path.join(__dirname, '..', 'src', 'plugin', 'index.ts'), __filename);
const shared = path.resolve(process.env.CDK8S_APPFLOW_SHARED ?? path.join(__dirname, '..', '..', 'shared'));

class AppflowValidation extends plugin.AppflowValidation {
  constructor(properties = {}) {
    const given = properties !== null && typeof properties === 'object' && !Array.isArray(properties);
    super(given && properties.kubernetesSchemas === undefined ? { ...properties, kubernetesSchemas: path.join(shared, 'schemas') } : properties);
  }
}

module.exports = { ...plugin, AppflowValidation };
