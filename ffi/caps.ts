/** Dropping capabilities in every thread (ffi/shim-caps.c), typed. */
import { CAPS_KEEP_BPF_IF_GATED } from "../cli/decode/layout";
import { lastError, native } from "./native";

export interface CapsDropOptions {
  /** Also keep CAP_BPF (or CAP_SYS_ADMIN) where this kernel checks it on every bpf() call. */
  keepBpfIfGated: boolean;
}

/** Why the kernel refused to drop capabilities. */
export class CapsDropError extends Error {
  constructor(readonly errno: number, message: string) {
    super(message);
    this.name = "CapsDropError";
  }
}

/**
 * Keep only the capabilities in `keep` (a mask of capability bits), in
 * every thread, and in the bounding, inheritable and ambient sets; set
 * no_new_privs. Returns the mask actually kept.
 */
export function dropCapabilitiesExcept(keep: bigint, opts: CapsDropOptions): bigint {
  const kept = new BigUint64Array(1);
  const rc = native().swoll_caps_drop(keep, opts.keepBpfIfGated ? CAPS_KEEP_BPF_IF_GATED : 0, kept);
  if (rc < 0) throw new CapsDropError(-rc, lastError());
  return kept[0]!;
}
