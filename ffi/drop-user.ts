/** Typed access to the shim's user switch (ffi/shim-caps.c, swoll_drop_user). */
import { lastError, native } from "./native";

export type DropResult = { ok: true } | { ok: false; errno: number; message: string };

const EOPNOTSUPP = 95;

/**
 * Every thread becomes uid/gid (-1: keep) with no supplementary groups, no
 * capabilities and no_new_privs. On failure the process may be part-way:
 * callers treat any error as fatal, except `unsupported` (nothing changed).
 */
export function dropToUser(uid: number, gid: number): DropResult & { unsupported?: boolean } {
  const rc = native().swoll_drop_user(BigInt(uid), BigInt(gid));
  if (rc === 0) return { ok: true };
  return { ok: false, errno: -rc, message: lastError(), unsupported: -rc === EOPNOTSUPP };
}
