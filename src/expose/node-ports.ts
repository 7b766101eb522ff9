import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';

/*
 * The node port range (internal; not exported from the package, so that jsii sees no function).
 */

/** The node ports Kubernetes hands out by default (the API server's --service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

/**
 * Refuses a node port (of a Service port, or the health check node port) outside the default node port range;
 * returns it otherwise.
 */
export function checkNodePort(scope: IConstruct, prop: string, value: number): number {
  const accepted = `a port from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max} (the default --service-node-port-range)`;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw inputError(scope, prop, value, 'it is not a whole number', accepted);
  }
  if (value < NODE_PORT_RANGE.min || value > NODE_PORT_RANGE.max) {
    throw inputError(scope, prop, value, 'it is outside the node port range', accepted);
  }
  return value;
}
