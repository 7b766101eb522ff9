// The validation plugin of cdk8s-appflow (src/plugin), loaded from its TypeScript sources, for this repository's
// cdk8s.yaml and the plugin's test fixtures. cdk8s-cli loads a local plugin by a path that starts with "./"
// (`package: ./examples/validation-plugin.js`); a user's project loads the compiled plugin instead:
// `package: ./node_modules/cdk8s-appflow/lib/src/plugin` (docs/validation.md).
//
// tsx (a dev dependency) compiles the sources on the fly, only for what this file requires: its hook is
// registered in a namespace of its own, so cdk8s-cli's other modules load as they always do.
const path = require('path');
const { register } = require('tsx/cjs/api');

const tsx = register({ namespace: 'cdk8s-appflow-validation' });
module.exports = tsx.require(path.join(__dirname, '..', 'src', 'plugin', 'index.ts'), __filename);
