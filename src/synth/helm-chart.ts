import { Yaml } from 'cdk8s';

/*
 * The Helm chart that AppSynthesis writes (option `helmChart`): `Chart.yaml` and one template per cdk8s chart, whose
 * text is the chart's YAML with Helm's template delimiters escaped, so that `helm template` gives back the YAML of the
 * manifests folder. Nothing here writes a file.
 */

/** The Helm chart's name, as Helm's own charts are named: lower-case letters, digits and dashes. */
export const HELM_CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A SemVer 2 version (https://semver.org, the regular expression it suggests), as Helm requires of `version`. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** What `Chart.yaml` says, checked. */
export interface HelmChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
}

/** The text of `Chart.yaml` (Helm chart API v2, type application). */
export function chartYamlOf(chart: HelmChartMetadata): string {
  const metadata: Record<string, string> = {
    apiVersion: 'v2',
    name: chart.name,
    description: chart.description ?? 'The manifests of a cdk8s app, synthesized by cdk8s-appflow (AppSynthesis); rendered as they are',
    type: 'application',
    version: chart.version,
  };
  if (chart.appVersion !== undefined) {
    metadata.appVersion = chart.appVersion;
  }
  return '# Written by cdk8s-appflow (AppSynthesis): rewritten at each synthesis.\n' + Yaml.stringify(metadata);
}

/**
 * The template of a chart's YAML: the same text, with every run of braces that holds Helm's delimiter `{{` or `}}`
 * (Prometheus alert templates such as `{{ $labels.pod }}`, Grafana dashboards, Go templates in ConfigMaps) written as
 * a template action that prints it, `{{ "{{" }}`. `helm template` turns the template back into the original bytes.
 *
 * A whole run of braces goes into one action, so that no brace next to it joins the action's own delimiters: `{}}`
 * escaped by its `}}` alone would read `{{{ "}}" }}`, which Helm parses as an action that starts with `{`.
 */
export function helmTemplateOf(yaml: string): string {
  return yaml.replace(/[{}]+/g, (run) => (run.includes('{{') || run.includes('}}') ? `{{ "${run}" }}` : run));
}

/** The text of `values.yaml`: the templates read no value. */
export const VALUES_YAML = '# The templates are the synthesized manifests, rendered as they are: they read no value.\n';
