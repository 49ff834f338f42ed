/**
 * The parts of the library that need no kernel and no bun:ffi: syscall and
 * errno tables, the record decoder, the JSON and text renderers, and Trace
 * specs. `bun run build.ts` also bundles this file for Node as
 * dist/lib/portable.js (package.json export "swoll/portable").
 */
export { syscallTable, currentArch, type SyscallInfo, type SyscallTable, type Arch } from "../decode/syscalls";
export { errnoName, errnoMessage, errnoByName } from "../decode/errno";
export { EventDecoder, type TraceEvent, type ContainerInfo, type Decoded } from "../decode/event";
export { WallClock, portableOffsetNs, type OffsetSource } from "../decode/clock";
export { EVENT, FRAME_HEADER } from "../decode/layout";
export { eventToJson } from "../output/json";
export { TextFormatter } from "../output/text";
export { escapeForTerminal } from "../decode/strings";
export { parseTrace, readTrace, TRACE_API_VERSION, type Trace, type TraceSpec } from "./spec";
export { UsageError } from "../errors";
