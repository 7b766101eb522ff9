import { WorkloadKind } from './monitored-application';
import { workloadKindOf } from './monitoring-names';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { ContainerImage } from '../image/container-image';
import { StorageVolume } from '../persistence/storage-volume';
import { AppContainerResources } from '../workload/app-container';
import { AppWorkload } from '../workload/app-workload';
import { jobSidecarPlacement, whyNoNativeSidecar } from '../workload/job-checks';
import { checkAppWorkload } from '../workload/workload-checks';

/**
 * Options of the hints that log collectors read.
 */
export interface LogHintsOptions {
  /**
   * The Fluent Bit parser of the containers' output (`fluentbit.io/parser`), e.g. `json`, `nginx`, `apache`.
   *
   * @see https://docs.fluentbit.io/manual/pipeline/filters/kubernetes#kubernetes-annotations
   * @default - the collector's default parsing
   */
  readonly parser?: string;

  /**
   * Whether the collectors leave the pods' logs out (`fluentbit.io/exclude`).
   *
   * @default false
   */
  readonly exclude?: boolean;
}

/**
 * Options of shipping log files.
 */
export interface LogFilesOptions {
  /** The directory the application writes its log files to (it becomes a shared scratch volume). */
  readonly directory: string;

  /**
   * The files to ship, a shell pattern in the directory (the files that exist when the first one appears).
   *
   * @default "*.log"
   */
  readonly files?: string;

  /**
   * The image of the shipping sidecar (it needs `sh` and `tail`).
   *
   * @default ContainerImage.fromReference('busybox:1.36.1')
   */
  readonly image?: ContainerImage;

  /**
   * The user ID of the sidecar (busybox's own user is root, which the restricted profile does not start). It
   * needs to read the files: give them group- or world-readable permissions, or the application's user ID.
   *
   * @default 65534 (nobody)
   */
  readonly runAsUser?: number;

  /**
   * The name of the sidecar (and of the volume).
   *
   * @default "logs"
   */
  readonly name?: string;

  /**
   * The CPU and memory of the sidecar (requests and limits), as for any container: a follower of a few files needs
   * little, e.g. `{ cpuRequest: Cpu.millis(10), memoryRequest: Size.mebibytes(16), memoryLimit: Size.mebibytes(32) }`.
   *
   * @default - the platform defaults cpuRequest, memoryRequest and memoryLimit (a warning and the validation plugin's
   * container-resources finding when there are none)
   */
  readonly resources?: AppContainerResources;
}

/**
 * The way from a container's logs to the application's: hints for the log collector (which reads the containers'
 * standard output on every node), and for an application that writes log files instead, a sidecar that follows
 * them on its own standard output.
 *
 * @see https://kubernetes.io/docs/concepts/cluster-administration/logging/#sidecar-container-with-logging-agent
 */
export class LogCollection {
  /**
   * Adds the hints that log collectors read to the pods of a workload.
   */
  public static addHints(workload: AppWorkload, options: LogHintsOptions): void {
    checkAppWorkload(undefined, 'LogCollection.addHints(workload)', workload);
    const metadata = workload.workload.podMetadata;
    if (options.parser !== undefined) {
      if (!/^[A-Za-z0-9_.-]+$/.test(options.parser)) {
        throw inputError(workload, 'logs.parser', options.parser, 'it is not a parser name', 'a Fluent Bit parser name, e.g. "json"');
      }
      metadata.addAnnotation('fluentbit.io/parser', options.parser);
    }
    if (options.exclude) {
      metadata.addAnnotation('fluentbit.io/exclude', 'true');
    }
  }

  /**
   * Ships the log files of the main container: its log directory becomes a scratch volume shared with a sidecar
   * that follows the files on its standard output, where the node's log collector reads them.
   *
   * A native sidecar when the workload's sidecars are (`nativeSidecars`, by default from Kubernetes 1.29). Otherwise
   * refused for a Job or a CronJob: the sidecar follows the files until the pod stops, and a Job completes only when
   * every regular container of its pod has exited; such a job writes its logs to its standard output instead.
   *
   * @returns the name of the sidecar
   */
  public static shipFiles(workload: AppWorkload, options: LogFilesOptions): string {
    checkAppWorkload(undefined, 'LogCollection.shipFiles(workload)', workload);
    const name = FormatRule.DNS1123_LABEL.check(workload, 'logs.name', options.name ?? 'logs');
    const directory = options.directory;
    if (typeof directory !== 'string' || !directory.startsWith('/') || directory === '/' || /\s|'/.test(directory)) {
      throw inputError(workload, 'logs.directory', directory, 'it is not an absolute directory path (without spaces or quotes)', 'e.g. "/var/log/app"');
    }
    const files = options.files ?? '*.log';
    if (!/^[A-Za-z0-9_.*?[\]-]+$/.test(files)) {
      throw inputError(workload, 'logs.files', files, 'it is not a file pattern', 'a shell pattern of file names, e.g. "*.log"');
    }
    const kind = workloadKindOf(workload);
    // The shipper never exits (`tail -F`): where a Job's pod has no place for such a sidecar, it is refused.
    if ((kind === WorkloadKind.JOB || kind === WorkloadKind.CRON_JOB) && jobSidecarPlacement(workload.nativeSidecars, false) === undefined) {
      throw inputError(workload, 'logs', directory,
        `the workload is a ${kind}, which completes only when every container of its pod exits; the log shipping sidecar follows the files `
        + `and never exits (${whyNoNativeSidecar(workload)}), so the Job would never complete`,
        'for a job, logs written to standard output, where the node\'s log collector reads them (e.g. the log file linked to /dev/stdout in '
        + 'the image), and no log files to ship');
    }
    const sidecar = workload.addSidecar({
      name,
      image: options.image ?? ContainerImage.fromReference('busybox:1.36.1'),
      runAsUser: options.runAsUser ?? 65534,
      resources: options.resources,
      // Waits for the first file, then follows the files by name (across rotations).
      command: ['sh', '-c', `cd ${directory} && until [ -e "$(ls ${files} 2>/dev/null | head -n 1)" ]; do sleep 5; done && exec tail -n+1 -F ${files}`],
    });
    const volume = StorageVolume.scratch(name);
    volume.mountIn(workload, directory, { containers: [workload.mainContainerName] });
    volume.mountIn(workload, directory, { containers: [sidecar], readOnly: true });
    return sidecar;
  }

  private constructor() {}
}
