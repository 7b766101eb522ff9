import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';


/**
 * A port that a network policy allows traffic to: a number or a port name of the pods, and a protocol.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPort {
  /**
   * A TCP port number.
   *
   * @param port the port number, from 1 to 65535
   */
  public static tcp(port: number): NetworkPort {
    return new NetworkPort(port, kplus.NetworkProtocol.TCP, true);
  }

  /**
   * A UDP port number.
   *
   * @param port the port number, from 1 to 65535
   */
  public static udp(port: number): NetworkPort {
    return new NetworkPort(port, kplus.NetworkProtocol.UDP, true);
  }

  /**
   * A port of the pods by its name (the `name` of a container port), e.g. `http` or `metrics`; on the receiving
   * pods, so that the policy follows the port when its number changes.
   *
   * @param name an IANA service name: at most 15 lowercase letters, digits and "-"
   * @param protocol the protocol of the port
   */
  public static named(name: string, protocol: kplus.NetworkProtocol = kplus.NetworkProtocol.TCP): NetworkPort {
    return new NetworkPort(name, protocol, false);
  }

  /** The protocol. */
  public readonly protocol: kplus.NetworkProtocol;

  /** The port, in words, for messages and docs, e.g. `TCP 5432` or `TCP http`. */
  public readonly description: string;

  private readonly port: number | string;
  /** Whether the port was given by number (`tcp`, `udp`) rather than by name (`named`). */
  private readonly byNumber: boolean;

  private constructor(port: number | string, protocol: kplus.NetworkProtocol, byNumber: boolean) {
    this.port = port;
    this.byNumber = byNumber;
    this.protocol = protocol;
    this.description = `${protocol} ${port}`;
  }

  /**
   * Checks the port and renders it for the policy.
   *
   * @param scope the policy (named in errors)
   * @param prop the prop that holds the port, e.g. `allowFrom[0].ports[1]`
   * @internal
   */
  public _toKube(scope: IConstruct, prop: string): kplus.k8s.NetworkPolicyPort {
    const protocols = Object.values(kplus.NetworkProtocol) as string[];
    if (!protocols.includes(this.protocol)) {
      throw inputError(scope, `${prop}.protocol`, this.protocol, 'it is not a protocol of network policies',
        `one of ${protocols.map((p) => JSON.stringify(p)).join(', ')}`);
    }
    // A name given where a number is asked (an untyped caller's `NetworkPort.tcp('http')`) is refused: one name for one idea.
    if (this.byNumber && typeof this.port === 'string') {
      throw inputError(scope, prop, this.port, `it is a string, and NetworkPort.${this.protocol.toLowerCase()} takes a port number`,
        `a port number from 1 to 65535, or NetworkPort.named(${JSON.stringify(this.port)}) for a port of the pods by its name`);
    }
    const port = !this.byNumber
      ? kplus.k8s.IntOrString.fromString(FormatRule.PORT_NAME.check(scope, prop, this.port as string))
      : kplus.k8s.IntOrString.fromNumber(FormatRule.checkPortNumber(scope, prop, this.port as number));
    return { port, protocol: this.protocol };
  }
}
