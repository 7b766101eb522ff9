import type { parser as PromqlParser } from '@prometheus-io/lezer-promql' with { 'resolution-mode': 'import' };

// lezer-promql's types are an ES module; its CommonJS build is what jest loads.
const { parser } = jest.requireActual<{ parser: typeof PromqlParser }>('@prometheus-io/lezer-promql');

/**
 * The syntax errors that lezer-promql (Prometheus's own PromQL grammar) finds in an expression, each with the text
 * around it; Grafana's `$__rate_interval` is read as `5m`. An empty list means the expression parses.
 */
export function promqlErrors(expr: string): string[] {
  const text = expr.replace(/\$__rate_interval/g, '5m');
  const errors: string[] = [];
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`error at ${node.from}: ${JSON.stringify(text.slice(Math.max(0, node.from - 10), node.to + 10))}`);
      }
    },
  });
  return errors;
}
