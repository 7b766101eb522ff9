/**
 * The root `cdk8s synth` entry point (see cdk8s.yaml): synthesizes the examples into dist/.
 */
import { App } from 'cdk8s';
import { HelloWebChart } from './hello-web/chart';

const app = new App();
new HelloWebChart(app, 'hello-web');
app.synth();
