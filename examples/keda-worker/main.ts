import { App } from 'cdk8s';
import { KedaWorkerChart } from './chart';
import { AppSynthesis } from 'cdk8s-appflow';

const app = new App();
new KedaWorkerChart(app, 'keda-worker');
// AppSynthesis.synth writes the YAML of app.synth(), the topology picture and the published URLs, and checks that the
// manifests work together when applied (docs/validation.md).
AppSynthesis.synth(app);
