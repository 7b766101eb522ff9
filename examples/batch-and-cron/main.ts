import { App } from 'cdk8s';
import { BatchAndCronChart } from './chart';

const app = new App();
new BatchAndCronChart(app, 'batch-and-cron');
app.synth();
