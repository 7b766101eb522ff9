import { App } from 'cdk8s';
import { GrpcGatewayChart } from './chart';
import { AppSynthesis } from 'cdk8s-appflow';

const app = new App();
new GrpcGatewayChart(app, 'grpc-gateway');
// AppSynthesis.synth writes the YAML of app.synth(), the topology picture and the published URLs, and checks that the
// manifests work together when applied (docs/validation.md).
AppSynthesis.synth(app);
