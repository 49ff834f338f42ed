/**
 * I/O vectors and message headers with what they point to: the bytes
 * behind each iovec element (outputs only as far as the return value
 * says), a message's address, its control messages (SCM_RIGHTS
 * descriptors, SCM_CREDENTIALS), and arrays of messages (sendmmsg,
 * recvmmsg). The probe captures these as a chain of items per argument
 * (see ArgCapture.Iovec, Msghdr, Mmsghdr in ../layout.ts).
 */
import type { Capture } from "../capture";
import { flagsOf, valuesOf } from "../consts";
import { CaptureKind } from "../layout";
import { bytesToString } from "../strings";
import { MSG_FLAGS, SOCKET_LEVEL } from "../tables/consts-net";
import { IOVEC, MSGHDR } from "../tables/structs";
import { CapturedMemory } from "./captured-memory";
import { hex, pointer, quoteBytes, struct } from "./render";
import { sockaddr } from "./sockaddr";
import type { ArgType, Call, Shown } from "./types";

const MMSGHDR_SIZE = 64; // struct mmsghdr: struct msghdr, unsigned int msg_len, padding
const MSG_LEN_OFF = 56;

/** The items of argument `i` of one kind (and message), in the order the probe wrote them. */
function items(c: Call, i: number, kind: number, index = 0): Capture[] {
  const out: Capture[] = [];
  for (const cap of c.caps) if (cap.arg === i && cap.kind === kind && cap.index === index && !cap.entry) out.push(cap);
  return out;
}

function firstItem(c: Call, i: number, kind: number, index = 0): Capture | undefined {
  for (const cap of c.caps) if (cap.arg === i && cap.kind === kind && cap.index === index && !cap.entry) return cap;
  return undefined;
}

/**
 * `count` iovecs from `arr`, each with the bytes the probe kept for it
 * (`data`, in element order); addresses only when `addresses` (a failed
 * output, or memory strace does not show, such as process_vm_*'s remote side).
 */
export function iovecArray(arr: CapturedMemory, count: number, data: readonly Capture[], addresses: boolean, faultFrom?: bigint): Shown {
  const f = IOVEC.fields;
  const have = Math.min(count, Math.floor(arr.length / IOVEC.size));
  const json: unknown[] = [];
  const parts: string[] = [];
  let truncated = false;
  for (let k = 0; k < have; k++) {
    const off = k * IOVEC.size;
    const [base, baseWide] = arr.u64w(off + f.iov_base[0])!;
    const len = arr.u64(off + f.iov_len[0])!;
    const lenText = arr.fieldText([off + f.iov_len[0], 8, 0])!;
    const d = addresses || base === 0 ? undefined : data[k];
    const p = pointer(base, baseWide);
    if (!d || d.fault) {
      json.push({ iov_base: p.json, iov_len: len });
      parts.push(`{iov_base=${p.text}, iov_len=${lenText}}`);
      continue;
    }
    truncated ||= d.truncated;
    json.push({ iov_base: p.json, iov_len: len, data: bytesToString(d.bytes), ...(d.truncated ? { truncated: true } : {}) });
    parts.push(`{iov_base=${quoteBytes(d.bytes, d.truncated)}, iov_len=${lenText}}`);
  }
  if (have < count && faultFrom !== undefined) {
    // the elements before an unreadable page, then where that page starts (strace's form)
    const rest = hex(0, BigInt.asUintN(64, faultFrom + BigInt(have * IOVEC.size)));
    json.push({ addr: rest, error: "EFAULT" });
    parts.push(`... /* ${rest} */`);
  } else if (have < count) {
    parts.push("...");
    truncated = true;
  }
  return { json, text: `[${parts.join(", ")}]`, truncated: truncated || undefined };
}

/** A struct iovec[] argument whose element count is argument `count`. */
export function iovec(count: string, opts: { out?: boolean; addresses?: boolean } = {}): ArgType {
  return {
    capture: opts.addresses ? { kind: "argCount", arg: count, elem: IOVEC.size } : { kind: "iovec", arg: count, out: opts.out },
    out: opts.out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      if (!cap || cap.kind !== CaptureKind.Bytes || (cap.fault && cap.bytes.length < IOVEC.size)) return pointer(v);
      const n = Number(c.raw[c.info.argNames.indexOf(count)] ?? 0);
      const data = items(c, i, CaptureKind.IovData);
      const faultFrom = cap.fault ? (c.wide?.[i] ?? BigInt.asUintN(64, BigInt(Math.trunc(v)))) : undefined;
      return iovecArray(new CapturedMemory(cap.bytes), Math.max(0, Math.min(n, 1024)), data, !!opts.addresses || (!!opts.out && c.failed), faultFrom);
    },
  };
}

// ----------------------------------------------------------- control data --

const SOL_SOCKET = 1;
const SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
const SCM_NAMES: Record<number, string> = { 1: "SCM_RIGHTS", 2: "SCM_CREDENTIALS", 29: "SCM_TIMESTAMP", 35: "SCM_TIMESTAMPNS", 37: "SCM_TIMESTAMPING" };
const CMSG_HDR = 16; // struct cmsghdr: size_t cmsg_len, int cmsg_level, int cmsg_type

/** The control messages in `b` (struct cmsghdr each, 8-aligned), as strace lists them. */
export function controlMessages(b: Uint8Array, c: Call): Shown {
  const m = new CapturedMemory(b);
  const json: unknown[] = [];
  const parts: string[] = [];
  let off = 0;
  while (off + CMSG_HDR <= m.length) {
    const len = m.u64(off)!;
    const level = m.s32(off + 8)!;
    const type = m.s32(off + 12)!;
    const levelText = valuesOf(SOCKET_LEVEL, c.arch).text(level);
    const typeText = level === SOL_SOCKET ? (SCM_NAMES[type] ?? String(type)) : String(type);
    const end = Math.min(off + Math.max(len, CMSG_HDR), m.length);
    const data = b.subarray(off + CMSG_HDR, end);
    const dm = new CapturedMemory(data);
    let dataJson: unknown;
    let dataText: string;
    if (level === SOL_SOCKET && type === SCM_RIGHTS) {
      const fds: number[] = [];
      for (let k = 0; k + 4 <= data.length; k += 4) fds.push(dm.s32(k)!);
      dataJson = fds;
      dataText = `[${fds.join(", ")}]`;
    } else if (level === SOL_SOCKET && type === SCM_CREDENTIALS && data.length >= 12) {
      const cred = { pid: dm.s32(0)!, uid: dm.u32(4)!, gid: dm.u32(8)! };
      dataJson = cred;
      dataText = struct([["pid", String(cred.pid)], ["uid", String(cred.uid)], ["gid", String(cred.gid)]]);
    } else {
      dataJson = bytesToString(data);
      dataText = quoteBytes(data);
    }
    json.push({ cmsg_len: len, cmsg_level: valuesOf(SOCKET_LEVEL, c.arch).json(level), cmsg_type: typeText, cmsg_data: dataJson });
    parts.push(struct([["cmsg_len", String(len)], ["cmsg_level", levelText], ["cmsg_type", typeText], ["cmsg_data", dataText]]));
    if (len < CMSG_HDR) break;
    off += (len + 7) & ~7;
  }
  return { json, text: `[${parts.join(", ")}]` };
}

// ------------------------------------------------------------ msghdr --

/** One struct msghdr at `off` of `m`, with the parts the probe kept for message `index`. */
export function msghdrShown(m: CapturedMemory, off: number, c: Call, i: number, index: number, failedOut: boolean): Shown {
  const f = MSGHDR.fields;
  const namePtr = m.u64(off + f.msg_name[0]) ?? 0;
  const namelen = m.u32(off + f.msg_namelen[0]) ?? 0;
  const iovPtr = m.u64(off + f.msg_iov[0]) ?? 0;
  const iovlen = m.u64(off + f.msg_iovlen[0]) ?? 0;
  const controlPtr = m.u64(off + f.msg_control[0]) ?? 0;
  const controllen = m.u64(off + f.msg_controllen[0]) ?? 0;
  const flags = flagsOf(MSG_FLAGS, c.arch).format(m.u32(off + f.msg_flags[0]) ?? 0);
  // a failed receive wrote nothing: strace shows only what the caller passed in
  if (failedOut) return { json: { msg_namelen: namelen }, text: `{msg_namelen=${namelen}}` };

  let name = pointer(namePtr);
  const nameCap = namePtr ? firstItem(c, i, CaptureKind.MsgName, index) : undefined;
  if (nameCap && !nameCap.fault && nameCap.bytes.length) name = sockaddr(new CapturedMemory(nameCap.bytes.subarray(0, Math.min(namelen, nameCap.bytes.length))), c);

  let iov = pointer(iovPtr);
  const iovCap = iovPtr ? firstItem(c, i, CaptureKind.MsgIov, index) : undefined;
  if (iovCap && !iovCap.fault) iov = iovecArray(new CapturedMemory(iovCap.bytes), Math.min(iovlen, 1024), items(c, i, CaptureKind.IovData, index), false);

  let control = pointer(controlPtr);
  const ctlCap = controlPtr && controllen ? firstItem(c, i, CaptureKind.MsgControl, index) : undefined;
  if (ctlCap && !ctlCap.fault) control = controlMessages(ctlCap.bytes, c);

  const fields: [string, string][] = [["msg_name", name.text], ["msg_namelen", String(namelen)], ["msg_iov", iov.text], ["msg_iovlen", String(iovlen)]];
  if (controllen) fields.push(["msg_control", control.text]);
  fields.push(["msg_controllen", String(controllen)], ["msg_flags", flags.text]);
  return {
    json: {
      msg_name: name.json, msg_namelen: namelen, msg_iov: iov.json, msg_iovlen: iovlen,
      msg_control: control.json, msg_controllen: controllen, msg_flags: flags.names,
    },
    text: struct(fields),
    truncated: iov.truncated,
  };
}

/** struct msghdr *: sendmsg's (read) or recvmsg's (filled in, bytes as far as the return). */
export function msghdr(out: boolean): ArgType {
  return {
    capture: { kind: "msghdr", out },
    out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      if (!cap || cap.kind !== CaptureKind.Bytes || cap.fault) return pointer(v);
      const m = new CapturedMemory(cap.bytes);
      if (!m.has(0, MSGHDR.size)) return pointer(v);
      return msghdrShown(m, 0, c, i, 0, out && c.failed);
    },
  };
}

/** struct mmsghdr[vlen]: each message header and the bytes it sent or received (msg_len). */
export function mmsghdr(vlen: string, out: boolean): ArgType {
  return {
    capture: { kind: "mmsghdr", arg: vlen, out },
    out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      if ((out && c.failed) || !cap || cap.kind !== CaptureKind.Bytes || cap.fault) return pointer(v);
      const m = new CapturedMemory(cap.bytes);
      let n = Number(c.raw[c.info.argNames.indexOf(vlen)] ?? 0) >>> 0;
      if (c.ret !== null && c.ret >= 0 && c.ret < n) n = c.ret;
      const have = Math.min(n, Math.floor(m.length / MMSGHDR_SIZE));
      const json: unknown[] = [];
      const parts: string[] = [];
      for (let k = 0; k < have; k++) {
        const off = k * MMSGHDR_SIZE;
        const hdr = msghdrShown(m, off, c, i, k, false);
        const len = m.u32(off + MSG_LEN_OFF)!;
        json.push({ msg_hdr: hdr.json, msg_len: len });
        parts.push(struct([["msg_hdr", hdr.text], ["msg_len", String(len)]]));
      }
      if (have < n) parts.push("...");
      return { json, text: `[${parts.join(", ")}]`, truncated: have < n || undefined };
    },
  };
}
