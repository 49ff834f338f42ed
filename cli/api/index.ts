/**
 * swoll as a library (Bun; FFI needs Bun). The CLI is built on these same
 * pieces. See docs/api.md.
 */
export { Tracer, KernelFilter, type TracerOptions, type TraceBatch, type IterateOptions } from "./tracer";
export { ProbeError } from "../../ffi/probe";
export { syscallTable, currentArch, type SyscallInfo, type SyscallTable, type Arch } from "../decode/syscalls";
export { errnoName, errnoMessage, errnoByName } from "../decode/errno";
export type { TraceEvent, ContainerInfo, Decoded } from "../decode/event";
export type { LostReport, LostCause } from "../trace/loss";
export { eventToJson } from "../output/json";
export { TextFormatter } from "../output/text";
