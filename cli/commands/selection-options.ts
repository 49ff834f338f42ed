/** The flags that select what to look at, shared by `trace` and `top`. */
import type { Command } from "commander";
import { selectionList } from "../options";

/** `verb`: what the command does with the selected calls ("trace", "count"). */
export function addSelectionOptions(cmd: Command, verb: string): Command {
  return cmd
    .option("-s, --syscall <names>", `syscalls to ${verb}, comma-separated or repeated: openat, %file (strace classes), /^open (regex), !futex (exclude)`, selectionList("--syscall", "openat"))
    .option("-p, --pid <pids>", "only these process ids", selectionList("--pid", "1234"))
    .option("--comm <names>", "only processes with these command names", selectionList("--comm", "nginx"))
    .option("--pod <names>", "only these pods: exact names, or the part before a generated suffix (nginx matches nginx-7c5ddbdf54-x8p2q)", selectionList("--pod", "nginx"))
    .option("-n, --namespace <namespace>", "pods in this namespace (default: the kubeconfig context's)")
    .option("-A, --all-namespaces", "pods in every namespace")
    .option("--container <names>", "only these containers of the selected pods", selectionList("--container", "nginx"))
    .option("-l, --selector <selector>", "pods whose labels match: app=nginx, tier in (web,api), !canary")
    .option("--field-selector <selector>", "pods whose fields match: status.phase=Running, metadata.name!=x")
    .option("--kubeconfig <file>", "kubeconfig for pod metadata (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
    .option("--cri <socket>", "container runtime (CRI) socket for pod metadata (default: the first of /run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock)")
    .option("--no-cri", "do not ask the container runtime for pod metadata")
    .option("--node <name>", "this node's name in Kubernetes (default: $NODE_NAME, else the hostname)");
}
