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
import { entryExit } from "./common";
import { hex, pointer, quoteBytes, struct } from "./render";
import { ipv4, sockaddr } from "./sockaddr";
import { timespecShown, timevalShown } from "./structs";
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
      if (!cap || cap.kind !== CaptureKind.Bytes || (cap.fault && cap.bytes.length < IOVEC.size)) return pointer(v, c.wide?.[i]);
      const n = Number(c.raw[c.info.argNames.indexOf(count)] ?? 0);
      const data = items(c, i, CaptureKind.IovData);
      const faultFrom = cap.fault ? (c.wide?.[i] ?? BigInt.asUintN(64, BigInt(Math.trunc(v)))) : undefined;
      return iovecArray(new CapturedMemory(cap.bytes), Math.max(0, Math.min(n, 1024)), data, !!opts.addresses || (!!opts.out && c.failed), faultFrom);
    },
  };
}

// ----------------------------------------------------------- control data --

const SOL_SOCKET = 1, SOL_IP = 0;
const CMSG_HDR = 16; // struct cmsghdr: size_t cmsg_len, int cmsg_level, int cmsg_type
/** SOL_SOCKET's control message types (x86_64 and arm64 share them), as strace names them. */
const SCM_NAMES: Record<number, string> = {
  1: "SCM_RIGHTS", 2: "SCM_CREDENTIALS", 3: "SCM_SECURITY", 41: "SO_WIFI_STATUS", 61: "SO_TXTIME",
  29: "SO_TIMESTAMP_OLD", 35: "SO_TIMESTAMPNS_OLD", 37: "SO_TIMESTAMPING_OLD", 63: "SO_TIMESTAMP_NEW",
  64: "SO_TIMESTAMPNS_NEW", 65: "SO_TIMESTAMPING_NEW", 54: "SCM_TIMESTAMPING_OPT_STATS", 58: "SCM_TIMESTAMPING_PKTINFO",
};
/** SOL_IP's control message types. */
const IP_CMSG_NAMES: Record<number, string> = {
  1: "IP_TOS", 2: "IP_TTL", 6: "IP_RECVOPTS", 7: "IP_RETOPTS", 8: "IP_PKTINFO", 11: "IP_RECVERR", 20: "IP_ORIGDSTADDR",
  23: "IP_CHECKSUM", 3: "SCM_SECURITY",
};

type CmsgData = (d: CapturedMemory, c: Call) => Shown;
/** `[a, b, …]`, at most --strsize elements in text (as strace's -s bounds arrays), then `...`; JSON has them all. */
function list(v: readonly number[], c: Call, show: (x: number) => string = String): Shown {
  const n = c.strMax !== undefined && v.length > c.strMax ? c.strMax : v.length;
  const parts = v.slice(0, n).map(show);
  if (n < v.length) parts.push("...");
  return { json: v, text: `[${parts.join(", ")}]` };
}
const intList = (d: CapturedMemory, c: Call, signed: boolean): Shown => {
  const v: number[] = [];
  for (let k = 0; k + 4 <= d.length; k += 4) v.push(signed ? d.s32(k)! : d.u32(k)!);
  return list(v, c);
};
const byteList: CmsgData = (d, c) => list(Array.from(d.bytes), c, (x) => (x ? `0x${x.toString(16)}` : "0"));
const securityLabel: CmsgData = (d) => ({ json: bytesToString(d.bytes), text: quoteBytes(d.bytes) });
const timeOrUnknown = (size: number, show: (d: CapturedMemory) => Shown): CmsgData => (d) =>
  d.length >= size ? show(d) : { json: null, text: "???" };
/** Three timespecs (SO_TIMESTAMPING): software, deprecated, hardware. */
const timestamping: CmsgData = (d) => {
  if (d.length < 48) return { json: null, text: "???" };
  const ts = [0, 16, 32].map((off) => timespecShown(d, off));
  return { json: ts.map((t) => t.json), text: `[${ts.map((t) => t.text).join(", ")}]` };
};
const ucred: CmsgData = (d) => {
  const cred = { pid: d.s32(0)!, uid: d.u32(4)!, gid: d.u32(8)! };
  const id = (v: number) => (v === 0xffffffff ? "-1" : String(v));
  return { json: cred, text: struct([["pid", String(cred.pid)], ["uid", id(cred.uid)], ["gid", id(cred.gid)]]) };
};
const pktinfo: CmsgData = (d) => {
  const ifindex = d.u32(0)!;
  const spec = ipv4(d.bytes.subarray(4, 8)), addr = ipv4(d.bytes.subarray(8, 12));
  return {
    json: { ipi_ifindex: ifindex, ipi_spec_dst: spec, ipi_addr: addr },
    text: `{ipi_ifindex=${ifindex === 1 ? 'if_nametoindex("lo")' : ifindex}, ipi_spec_dst=inet_addr("${spec}"), ipi_addr=inet_addr("${addr}")}`,
  };
};
/** struct sock_extended_err and the offender's address. */
const recverr: CmsgData = (d, c) => {
  const e = { ee_errno: d.u32(0)!, ee_origin: d.u8(4)!, ee_type: d.u8(5)!, ee_code: d.u8(6)!, ee_info: d.u32(8)!, ee_data: d.u32(12)! };
  const off = sockaddr(new CapturedMemory(d.bytes.subarray(16, 32)), c);
  return {
    json: { ...e, offender: off.json },
    text: `{${Object.entries(e).map(([k, v]) => `${k}=${v}`).join(", ")}, offender=${off.text}}`,
  };
};
const origdstaddr: CmsgData = (d, c) => sockaddr(new CapturedMemory(d.bytes.subarray(0, 128)), c);

/** Per level and type: the decoder and the fewest data bytes it needs (strace prints no cmsg_data below that). */
const CMSG_DATA: Record<number, Record<number, readonly [CmsgData, number]>> = {
  [SOL_SOCKET]: {
    1: [(d, c) => intList(d, c, true), 4], 2: [ucred, 12], 3: [securityLabel, 1],
    29: [timeOrUnknown(16, (d) => timevalShown(d)), 1], 35: [timeOrUnknown(16, (d) => timespecShown(d)), 1], 37: [timestamping, 1],
    63: [timeOrUnknown(16, (d) => timevalShown(d)), 1], 64: [timeOrUnknown(16, (d) => timespecShown(d)), 1], 65: [timestamping, 1],
  },
  [SOL_IP]: {
    8: [pktinfo, 12], 2: [(d, c) => intList(d, c, false), 4], 1: [byteList, 1], 6: [byteList, 1], 7: [byteList, 1],
    11: [recverr, 32], 20: [origdstaddr, 16], 23: [(d, c) => intList(d, c, false), 4], 3: [securityLabel, 1],
  },
};

/**
 * The control messages in `b` (struct cmsghdr each, 8-aligned), as strace
 * lists them: data only for the types it decodes; `...` where the bytes
 * end inside a message's alignment or `controllen` goes past what was read.
 */
export function controlMessages(b: Uint8Array, c: Call, controllen = b.length, addr = 0): Shown {
  const m = new CapturedMemory(b);
  const json: unknown[] = [];
  const parts: string[] = [];
  const levels = valuesOf(SOCKET_LEVEL, c.arch);
  let off = 0;
  let left = m.length;
  while (left >= CMSG_HDR) {
    const len = m.u64(off)!;
    const level = m.s32(off + 8)!;
    const type = m.s32(off + 12)!;
    const levelName = levels.name(level);
    const levelText = levelName ?? `0x${(level >>> 0).toString(16)} /* SOL_??? */`;
    const names = level === SOL_SOCKET ? SCM_NAMES : level === SOL_IP ? IP_CMSG_NAMES : undefined;
    const typeName = names?.[type];
    const typeText = typeName ?? (names ? `0x${(type >>> 0).toString(16)} /* ${level === SOL_SOCKET ? "SCM" : "IP"}_??? */` : `0x${(type >>> 0).toString(16)}`);
    const fields: [string, string][] = [["cmsg_len", String(len)], ["cmsg_level", levelText], ["cmsg_type", typeText]];
    const entry: Record<string, unknown> = { cmsg_len: len, cmsg_level: levelName ?? level, cmsg_type: typeName ?? type };
    const within = Math.min(len, left);
    const dataLen = within > CMSG_HDR ? within - CMSG_HDR : 0;
    const dec = CMSG_DATA[level]?.[type];
    if (dec && dataLen >= dec[1]) {
      const d = dec[0](new CapturedMemory(b.subarray(off + CMSG_HDR, off + CMSG_HDR + dataLen)), c);
      fields.push(["cmsg_data", d.text]);
      entry.cmsg_data = d.json;
    }
    json.push(entry);
    parts.push(struct(fields));
    if (within < CMSG_HDR) {
      left -= CMSG_HDR;
      break;
    }
    const step = (len + 7) & ~7;
    if (step >= left) {
      left = 0;
      break;
    }
    off += step;
    left -= step;
  }
  if (left > 0) parts.push(`... /* ${hex(addr + (m.length - left))} */`);
  else if (m.length < controllen) parts.push("...");
  return { json, text: `[${parts.join(", ")}]`, truncated: m.length < controllen || undefined };
}

// ------------------------------------------------------------ msghdr --

/** One struct msghdr at `off` of `m`, with the parts the probe kept for message `index`. */
export function msghdrShown(m: CapturedMemory, off: number, c: Call, i: number, index: number, failedOut: boolean, userNamelen?: number): Shown {
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

  // the kernel reports the address's full length but writes only what the caller's length allowed
  const nameLen = userNamelen !== undefined && namelen > userNamelen ? userNamelen : namelen;
  let name = pointer(namePtr);
  const nameCap = namePtr ? firstItem(c, i, CaptureKind.MsgName, index) : undefined;
  if (nameCap && !nameCap.fault && nameLen >= 2 && nameCap.bytes.length >= 2)
    name = sockaddr(new CapturedMemory(nameCap.bytes.subarray(0, Math.min(nameLen, nameCap.bytes.length))), c);
  const namelenText = userNamelen !== undefined && userNamelen !== namelen ? `${userNamelen} => ${namelen}` : String(namelen);

  let iov = pointer(iovPtr);
  const iovCap = iovPtr ? firstItem(c, i, CaptureKind.MsgIov, index) : undefined;
  if (iovCap && !iovCap.fault) iov = iovecArray(new CapturedMemory(iovCap.bytes), Math.min(iovlen, 1024), items(c, i, CaptureKind.IovData, index), false);

  let control = pointer(controlPtr);
  const ctlCap = controlPtr && controllen ? firstItem(c, i, CaptureKind.MsgControl, index) : undefined;
  if (ctlCap && !ctlCap.fault && controllen >= CMSG_HDR) control = controlMessages(ctlCap.bytes, c, controllen, controlPtr);

  const fields: [string, string][] = [["msg_name", name.text], ["msg_namelen", namelenText], ["msg_iov", iov.text], ["msg_iovlen", String(iovlen)]];
  if (controllen) fields.push(["msg_control", control.text]);
  fields.push(["msg_controllen", String(controllen)], ["msg_flags", flags.text]);
  return {
    json: {
      msg_name: name.json, msg_namelen: userNamelen !== undefined && userNamelen !== namelen ? { in: userNamelen, out: namelen } : namelen, msg_iov: iov.json, msg_iovlen: iovlen,
      msg_control: control.json, msg_controllen: controllen, msg_flags: flags.names,
    },
    text: struct(fields),
    truncated: iov.truncated,
  };
}

/**
 * struct msghdr *: sendmsg's (read) or recvmsg's (filled in, bytes as far
 * as the return; the header also read at entry, for msg_namelen's
 * `in => out`, and a failed one shows only the msg_namelen passed in).
 */
export function msghdr(out: boolean): ArgType {
  return {
    capture: out ? { kind: "msghdr", out, when: "both" } : { kind: "msghdr", out },
    out,
    show(c, i) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      const { entry, exit } = entryExit(c, i);
      const user = out && entry && !entry.fault ? new CapturedMemory(entry.bytes).u32(MSGHDR.fields.msg_namelen[0]) : undefined;
      const m = exit && !exit.fault ? new CapturedMemory(exit.bytes) : undefined;
      if (out && c.failed) {
        // the header as passed in; a failed call left it as it was, so the one read at exit says the same
        const n = user ?? m?.u32(MSGHDR.fields.msg_namelen[0]);
        return n === undefined ? pointer(v, c.wide?.[i]) : { json: { msg_namelen: n }, text: `{msg_namelen=${n}}` };
      }
      if (!m || !m.has(0, MSGHDR.size)) return pointer(v, c.wide?.[i]);
      return msghdrShown(m, 0, c, i, 0, false, user);
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
      if ((out && c.failed) || !cap || cap.kind !== CaptureKind.Bytes || cap.fault) return pointer(v, c.wide?.[i]);
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
