import { App } from 'cdk8s';
import { BatchAndCronChart } from './chart';
import { AppSynthesis } from 'cdk8s-appflow';

const app = new App();
new BatchAndCronChart(app, 'batch-and-cron');
// AppSynthesis.synth writes the YAML of app.synth(), the topology picture and the published URLs, and checks that the
// manifests work together when applied (docs/validation.md).
AppSynthesis.synth(app);
