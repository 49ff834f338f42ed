/** `swoll controller`: turns Trace objects into Jobs (run it as a Deployment; see deploy/controller.yaml). */
import { hostname } from "node:os";
import { Command } from "commander";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { loadKubeConfig } from "../k8s/kubeconfig";
import { parseLabelSelector } from "../k8s/selectors";
import { onStopSignal } from "../lifecycle";
import { parseDuration } from "../options";
import { VERSION } from "../version";
import { Client } from "../controller/client";
import { LeaseLost, TraceController } from "../controller/controller";

interface ControllerFlags {
  kubeconfig?: string;
  agentNamespace: string;
  agentSelector: string;
  image: string;
  jobServiceAccount: string;
  leaseNamespace?: string;
  leaseName: string;
  leaseDuration: string;
  renewDeadline: string;
  retryPeriod: string;
  identity?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function controllerCommand(): Command {
  return new Command("controller")
    .description("run Traces (tools.swoll.criticalstack.com) as Jobs in the agents' namespace; leader-elected")
    .option("--kubeconfig <file>", "kubeconfig (default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account)")
    .option("--agent-namespace <namespace>", "namespace of the node agents; Trace Jobs run there", "swoll")
    .option("--agent-selector <selector>", "labels of the node agents' pods", "app.kubernetes.io/name=swoll,app.kubernetes.io/component=node-agent")
    .option("--image <ref>", "image the Trace Jobs run", `swoll:${VERSION}`)
    .option("--job-service-account <name>", "service account of the Trace Jobs", "swoll-trace-job")
    .option("--lease-namespace <ns>", "namespace of the leader Lease (default: --agent-namespace)")
    .option("--lease-name <name>", "name of the leader Lease", "swoll-controller")
    .option("--lease-duration <time>", "how long a Lease holds without renewal", "15s")
    .option("--renew-deadline <time>", "a leader that has not renewed for this long stops writing", "10s")
    .option("--retry-period <time>", "how often to renew or try to acquire", "2s")
    .option("--identity <id>", "this replica's name in the Lease (default: hostname_pid)")
    .action(async (flags: ControllerFlags) => {
      process.exitCode = await runController(flags);
    });
}

async function runController(flags: ControllerFlags): Promise<number> {
  for (const [flag, v] of [["--agent-namespace", flags.agentNamespace], ["--lease-namespace", flags.leaseNamespace], ["--job-service-account", flags.jobServiceAccount]] as const)
    if (v !== undefined && !DNS_LABEL.test(v)) throw new UsageError(`invalid ${flag} '${v}': Kubernetes names are lower-case letters, digits and '-'; e.g. ${flag} swoll`);
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(flags.leaseName)) throw new UsageError(`invalid --lease-name '${flags.leaseName}': use lower-case letters, digits, '-' and '.'`);
  parseLabelSelector(flags.agentSelector, "--agent-selector");
  const leaseDurationMs = parseDuration(flags.leaseDuration, "--lease-duration");
  const renewDeadlineMs = parseDuration(flags.renewDeadline, "--renew-deadline");
  const retryPeriodMs = parseDuration(flags.retryPeriod, "--retry-period");
  if (!(retryPeriodMs < renewDeadlineMs && renewDeadlineMs < leaseDurationMs))
    throw new UsageError(`--retry-period (${flags.retryPeriod}) < --renew-deadline (${flags.renewDeadline}) < --lease-duration (${flags.leaseDuration}) must hold, or two replicas could both act`);
  const kube = await loadKubeConfig(flags.kubeconfig);
  if (!kube) throw new UsageError("swoll controller needs the Kubernetes API: pass --kubeconfig <file>, set KUBECONFIG, or run in a pod with a service account");
  const identity = flags.identity ?? `${hostname()}_${process.pid}`;
  const log = (m: string) => process.stderr.write(`swoll controller: ${m}\n`);
  const controller = new TraceController(new Client(kube), syscallTable(), {
    job: { namespace: flags.agentNamespace, image: flags.image, serviceAccount: flags.jobServiceAccount, agentSelector: flags.agentSelector },
    agentSelector: flags.agentSelector,
    lease: { namespace: flags.leaseNamespace ?? flags.agentNamespace, name: flags.leaseName, identity, leaseDurationMs, renewDeadlineMs, retryPeriodMs },
    log,
  });
  onStopSignal(() => void controller.stop());
  log(`${identity} watching Traces in every namespace through ${kube.server}; Jobs go to namespace ${flags.agentNamespace}`);
  try {
    await controller.run();
  } catch (e) {
    if (e instanceof LeaseLost) {
      log(`${e.message}; exiting so that a restart starts over as a candidate`);
      return 1;
    }
    throw e;
  }
  return 0;
}
