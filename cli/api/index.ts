/**
 * swoll as a library (Bun; FFI needs Bun). The CLI is built on these same
 * pieces. See docs/api.md.
 */
export { Tracer, KernelFilter, type TracerOptions, type TraceBatch, type IterateOptions, type LostItem } from "./tracer";
export { Metrics, type MetricsOptions, type MetricsRow } from "./metrics";
export { Hub, RunningTrace, type HubOptions, type RunningTraceOptions, type RunCallbacks } from "./hub";
export type { SelectionStatus } from "../metadata/selection-status";
/** The names these had before; kept so code written against them still compiles. */
export { RunningTrace as HubTrace, type RunningTraceOptions as HubTraceOptions } from "./hub";
export { parseTrace, planTrace, readTrace, TRACE_API_VERSION, type Trace, type TraceSpec, type TraceSelectOptions, type TracePlan } from "./spec";
export {
  ContainerObserver,
  ContainerObserver as Observer,
  type ContainerObserverOptions,
  type ObservedContainer,
  type ContainerEvent,
  type ContainerEventType,
  type PodScope,
} from "../metadata/observer";
export type { ContainerMeta } from "../containers/attributor";
export type { PodSelection } from "../k8s/pods";
export type { Series, Labels } from "../metrics/series";
export type { PodIdentity } from "../metadata/identity";
export type { CgroupId } from "../decode/cgroup-id";
export type { SelfStats } from "../metrics/prometheus";
export { ProbeError } from "../../ffi/probe";
export { UsageError } from "../errors";
export { syscallTable, currentArch, type SyscallInfo, type SyscallTable, type Arch } from "../decode/syscalls";
export { errnoName, errnoMessage, errnoByName } from "../decode/errno";
export type { TraceEvent, ContainerInfo, Decoded } from "../decode/event";
export type { FdInfo } from "../decode/fd-info";
export type { LostReport, LostCause } from "../trace/loss";
export { eventToJson } from "../output/json";
export { TextFormatter } from "../output/text";
