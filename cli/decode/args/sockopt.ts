/**
 * setsockopt/getsockopt: the option's name by level, and its value by
 * option, as strace 6.1 shows them. A value the call reads (setsockopt)
 * is decoded from the length the caller passed; one it writes
 * (getsockopt) from the length it reported back, a struct cut short by
 * that length member by member (`{pid=20787, uid="\x00\x00\x00"}`).
 * Where strace would have read memory that is not there (a length past
 * the buffer), the address.
 */
import { valuesOf, type ConstSet } from "../consts";
import { errnoName } from "../errno";
import { bytesToString } from "../strings";
import {
  ICMP_TYPE, IP_OPTION, IPV6_OPTION, NETLINK_OPTION, PACKET_MR_TYPE, PACKET_OPTION, RAW_OPTION, SOCKET_OPTION, TCP_OPTION,
} from "../tables/consts-net";
import type { Capture } from "../capture";
import { CapturedMemory } from "./captured-memory";
import { entryExit, memory, s32a, u32a } from "./common";
import { pointer, quoteBytes } from "./render";
import { ipv4, ipv6, sockaddr } from "./sockaddr";
import type { ArgType, Call, Shown } from "./types";

const SOL_IP = 0, SOL_SOCKET = 1, SOL_TCP = 6, SOL_IPV6 = 41, SOL_RAW = 255, SOL_PACKET = 263, SOL_NETLINK = 270;
const OPTIONS: Record<number, ConstSet> = {
  [SOL_SOCKET]: SOCKET_OPTION, [SOL_TCP]: TCP_OPTION, [SOL_IP]: IP_OPTION, [SOL_IPV6]: IPV6_OPTION,
  [SOL_RAW]: RAW_OPTION, [SOL_PACKET]: PACKET_OPTION, [SOL_NETLINK]: NETLINK_OPTION,
};

/** The option's name as its level names it; at a level without names, the number (unsigned). */
export const optname: ArgType = {
  show(c, i) {
    const set = OPTIONS[s32a(c, 1)];
    if (!set) {
      const v = u32a(c, i);
      return { json: v, text: String(v) };
    }
    return hexValue(set, s32a(c, i), c);
  },
};

const SO = {
  LINGER: 13, PEERCRED: 17, ERROR: 4, RCVTIMEO_OLD: 20, SNDTIMEO_OLD: 21, TXREHASH: 74,
} as const;
/** SOL_SOCKET options whose value is an int, by strace's list (the rest are structs, strings or unknown). */
const INT_OPTIONS = new Set([
  1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46,
  49, 53, 56, 60, 63, 64, 65, 68, 69, 70, 73, 75,
]);
const IP_ADD_MEMBERSHIP = 35, IP_DROP_MEMBERSHIP = 36, MCAST_JOIN_GROUP = 42, MCAST_LEAVE_GROUP = 45;
const IPV6_MREQ_OPTIONS = new Set([20, 21, 27, 28]); // IPV6_ADD/DROP_MEMBERSHIP, IPV6_JOIN/LEAVE_ANYCAST
const PACKET_ADD_MEMBERSHIP = 1, PACKET_DROP_MEMBERSHIP = 2, PACKET_RX_RING = 5, PACKET_STATISTICS = 6, PACKET_TX_RING = 13;
const ICMP_FILTER = 1;
const NETLINK_LIST_MEMBERSHIPS = 9;
const TXREHASH: Record<number, string> = { 0: "SOCK_TXREHASH_DISABLED", 1: "SOCK_TXREHASH_ENABLED", 255: "SOCK_TXREHASH_DEFAULT" };

const hexBytes = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
/** An unknown value of a set strace prints in hex: `0xffff /* PACKET_MR_??? *\/`. */
function hexValue(set: ConstSet, v: number, c: Call): Shown {
  const vs = valuesOf(set, c.arch);
  const n = vs.name(v);
  return n !== undefined ? { json: n, text: n } : { json: v, text: `0x${(v >>> 0).toString(16)} /* ${vs.prefix}??? */` };
}

/**
 * The loopback interface is index 1 in every network namespace (the kernel
 * fixes it), so it can be named whichever namespace the caller is in; any
 * other index is a number (its name depends on the caller's namespace).
 */
function ifindex(v: number): Shown {
  return { json: v, text: v === 1 ? 'if_nametoindex("lo")' : String(v >>> 0) };
}

type Member = readonly [name: string, off: number, show: (m: CapturedMemory, off: number) => Shown];
const sInt = (m: CapturedMemory, off: number): Shown => ({ json: m.s32(off)!, text: String(m.s32(off)) });
const uInt = (m: CapturedMemory, off: number): Shown => ({ json: m.u32(off)!, text: String(m.u32(off)) });
/** uid_t/gid_t: -1 as -1. */
const id = (m: CapturedMemory, off: number): Shown => {
  const v = m.u32(off)!;
  return { json: v === 0xffffffff ? -1 : v, text: v === 0xffffffff ? "-1" : String(v) };
};

/**
 * A struct of 4-byte members as far as `len` reaches: whole members
 * decoded, one cut short as its bytes in hex (JSON: a hex string), the
 * rest left out.
 */
function cutStruct(m: CapturedMemory, len: number, members: readonly Member[]): Shown {
  const json: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [name, off, show] of members) {
    if (len <= off) break;
    if (len < off + 4) {
      const b = m.bytes.subarray(off, len);
      json[name] = hexBytes(b);
      parts.push(`${name}=${quoteBytes(b, false, true)}`);
      break;
    }
    const s = show(m, off);
    json[name] = s.json;
    parts.push(`${name}=${s.text}`);
  }
  return { json, text: `{${parts.join(", ")}}` };
}

const LINGER: readonly Member[] = [["l_onoff", 0, sInt], ["l_linger", 4, sInt]];
const UCRED: readonly Member[] = [["pid", 0, sInt], ["uid", 4, id], ["gid", 8, id]];
const TPACKET_STATS: readonly Member[] = [["tp_packets", 0, uInt], ["tp_drops", 4, uInt], ["tp_freeze_q_cnt", 8, uInt]];
const TPACKET_REQ: readonly Member[] = [["tp_block_size", 0, uInt], ["tp_block_nr", 4, uInt], ["tp_frame_size", 8, uInt], ["tp_frame_nr", 12, uInt]];

const intValue = (m: CapturedMemory): Shown => ({ json: m.s32(0)!, text: `[${m.s32(0)}]` });
const hexString = (m: CapturedMemory, len: number): Shown => {
  const b = m.bytes.subarray(0, len);
  return { json: hexBytes(b), text: quoteBytes(b, false, true) };
};

/** ICMP_FILTER: the message types it blocks; most set as the ~[…] of the rest, as strace does. */
function icmpFilter(m: CapturedMemory, len: number, c: Call): Shown {
  let bits = 0xffffffff;
  for (let k = 0; k < len; k++) bits = (bits & ~(0xff << (8 * k))) | (m.u8(k)! << (8 * k));
  bits >>>= 0;
  const vs = valuesOf(ICMP_TYPE, c.arch);
  const name = (t: number) => vs.name(t) ?? `0x${t.toString(16)} /* ICMP_??? */`;
  const set: (string | number)[] = [];
  let count = 0;
  for (let t = 0; t < 32; t++) if ((bits >>> t) & 1) count++, set.push(vs.name(t) ?? t);
  const shown = count > 16 ? ~bits >>> 0 : bits;
  const names: string[] = [];
  for (let t = 0; t < 32; t++) if ((shown >>> t) & 1) names.push(name(t));
  return { json: set, text: `${count > 16 ? "~" : ""}[${names.join(" ")}]` };
}

/** group_req: the interface and the group's address (a sockaddr_storage). */
function groupReq(m: CapturedMemory, c: Call): Shown {
  const itf = ifindex(m.u32(0)!);
  const g = sockaddr(new CapturedMemory(m.bytes.subarray(8, 136)), c);
  return { json: { gr_interface: itf.json, gr_group: g.json }, text: `{gr_interface=${itf.text}, gr_group=${g.text}}` };
}

function ipMreq(m: CapturedMemory): Shown {
  const a = ipv4(m.bytes.subarray(0, 4)), b = ipv4(m.bytes.subarray(4, 8));
  return { json: { imr_multiaddr: a, imr_interface: b }, text: `{imr_multiaddr=inet_addr("${a}"), imr_interface=inet_addr("${b}")}` };
}

function ipv6Mreq(m: CapturedMemory): Shown {
  const a = ipv6(m.bytes.subarray(0, 16));
  const itf = ifindex(m.u32(16)!);
  return { json: { ipv6mr_multiaddr: a, ipv6mr_interface: itf.json }, text: `{inet_pton(AF_INET6, "${a}", &ipv6mr_multiaddr), ipv6mr_interface=${itf.text}}` };
}

function packetMreq(m: CapturedMemory, c: Call): Shown {
  const idx = m.s32(0)!, type = m.u16(4)!, alen = m.u16(6)!;
  const addr = Array.from(m.bytes.subarray(8, 8 + Math.min(alen, 8)), (x) => x.toString(16).padStart(2, "0")).join(":");
  const t = hexValue(PACKET_MR_TYPE, type, c);
  return {
    json: { mr_ifindex: idx, mr_type: t.json, mr_alen: alen, mr_address: addr },
    text: `{mr_ifindex=${idx === 1 ? 'if_nametoindex("lo")' : idx}, mr_type=${t.text}, mr_alen=${alen}, mr_address=${addr}}`,
  };
}

/**
 * The bytes as a string, as strace's printstrn: at most --strsize of them
 * (the probe keeps a value up to OPT_MAX bytes whole for the options it
 * decodes as structs, so the cut for the others is made here too).
 */
function plain(m: CapturedMemory, len: number, cap: Capture, c: Call): Shown {
  let b = m.bytes.subarray(0, Math.max(0, len));
  let truncated = cap.truncated;
  if (c.strMax !== undefined && b.length > c.strMax) {
    b = b.subarray(0, c.strMax);
    truncated = true;
  }
  return { json: bytesToString(b), text: quoteBytes(b, truncated), truncated: truncated || undefined };
}

/** What setsockopt reads: `len` (optlen) bytes at the address. */
function setValue(m: CapturedMemory, c: Call, i: number, cap: Capture): Shown {
  const level = s32a(c, 1), name = s32a(c, 2), len = s32a(c, 4);
  const addr = () => pointer(c.raw[i]!, c.wide?.[i]);
  /** strace reads `n` bytes: the address when they are not all there. */
  const has = (n: number) => m.length >= n;
  switch (level) {
    case SOL_SOCKET:
      if (name === SO.LINGER) return len >= 8 && has(8) ? cutStruct(m, 8, LINGER) : addr();
      if (name === SO.TXREHASH) return len >= 4 && has(4) ? txrehash(m) : addr();
      if (INT_OPTIONS.has(name)) return len >= 4 && has(4) ? intValue(m) : addr();
      if ((name === SO.RCVTIMEO_OLD || name === SO.SNDTIMEO_OLD) && len === 16 && has(16) && !cap.short)
        return { json: { tv_sec: m.s64(0)!, tv_usec: m.s64(8)! }, text: quoteBytes(m.bytes.subarray(0, 16)) };
      break;
    case SOL_IP:
      if (name === IP_ADD_MEMBERSHIP || name === IP_DROP_MEMBERSHIP) return len >= 8 && has(8) ? ipMreq(m) : addr();
      if (name === MCAST_JOIN_GROUP || name === MCAST_LEAVE_GROUP) return len >= 136 && has(136) ? groupReq(m, c) : addr();
      break;
    case SOL_IPV6:
      if (IPV6_MREQ_OPTIONS.has(name)) return len >= 20 && has(20) ? ipv6Mreq(m) : addr();
      if (name === MCAST_JOIN_GROUP || name === MCAST_LEAVE_GROUP) return len >= 136 && has(136) ? groupReq(m, c) : addr();
      break;
    case SOL_PACKET:
      if (name === PACKET_RX_RING || name === PACKET_TX_RING) return len === 16 && has(16) ? cutStruct(m, 16, TPACKET_REQ) : addr();
      if (name === PACKET_ADD_MEMBERSHIP || name === PACKET_DROP_MEMBERSHIP) return len === 16 && has(16) ? packetMreq(m, c) : addr();
      break;
    case SOL_RAW:
      if (name === ICMP_FILTER) {
        const n = Math.min(len, 4);
        return n > 0 && has(n) ? icmpFilter(m, n, c) : addr();
      }
      break;
    case SOL_NETLINK:
      return len >= 4 && has(4) ? intValue(m) : addr();
  }
  if (len === 4) return has(4) ? intValue(m) : addr();
  return cap.short ? addr() : plain(m, len, cap, c);
}

function txrehash(m: CapturedMemory): Shown {
  const v = m.s32(0)!;
  const n = TXREHASH[v];
  return { json: n ?? v, text: `[${n ?? `${v} /* SOCK_TXREHASH_??? */`}]` };
}

/** What getsockopt wrote: as long as the length it reported back (`rlen`); `ulen` the caller's. */
function getValue(m: CapturedMemory, c: Call, i: number, cap: Capture): Shown {
  const level = s32a(c, 1), name = s32a(c, 2);
  const addr = () => pointer(c.raw[i]!, c.wide?.[i]);
  const { entry, exit } = entryExit(c, 4);
  const ulen = entry && !entry.fault ? new CapturedMemory(entry.bytes).s32(0) : undefined;
  const rlen = exit && !exit.fault ? new CapturedMemory(exit.bytes).s32(0) : undefined;
  if (ulen === undefined || rlen === undefined || ulen <= 0 || rlen <= 0) return addr();
  /** strace reads `n` bytes: the address when they are not all there. */
  const has = (n: number) => m.length >= n;
  switch (level) {
    case SOL_SOCKET:
      switch (name) {
        case SO.LINGER:
          return has(Math.min(rlen, 8)) ? cutStruct(m, Math.min(rlen, 8), LINGER) : addr();
        case SO.PEERCRED:
          return has(Math.min(rlen, 12)) ? cutStruct(m, Math.min(rlen, 12), UCRED) : addr();
        case SO.ERROR:
          if (rlen < 4) return has(rlen) ? hexString(m, rlen) : addr();
          if (!has(4)) return addr();
          {
            const e = m.u32(0)!;
            const n = errnoName(e);
            return { json: n ?? e, text: `[${n ?? e}]` };
          }
        case SO.TXREHASH:
          if (rlen < 4) return has(rlen) ? hexString(m, rlen) : addr();
          return has(4) ? txrehash(m) : addr();
      }
      if (INT_OPTIONS.has(name)) {
        if (rlen < 4) return has(rlen) ? hexString(m, rlen) : addr();
        return has(4) ? intValue(m) : addr();
      }
      if ((name === SO.RCVTIMEO_OLD || name === SO.SNDTIMEO_OLD) && rlen === 16 && has(16))
        return { json: { tv_sec: m.s64(0)!, tv_usec: m.s64(8)! }, text: quoteBytes(m.bytes.subarray(0, 16)) };
      break;
    case SOL_PACKET:
      if (name === PACKET_STATISTICS) return has(Math.min(rlen, 12)) ? cutStruct(m, Math.min(rlen, 12), TPACKET_STATS) : addr();
      break;
    case SOL_RAW:
      if (name === ICMP_FILTER) return has(Math.min(rlen, 4)) ? icmpFilter(m, Math.min(rlen, 4), c) : addr();
      break;
    case SOL_NETLINK:
      if (name === NETLINK_LIST_MEMBERSHIPS) {
        const n = Math.floor(Math.min(ulen, rlen) / 4);
        if (!has(n * 4)) return addr();
        const groups: number[] = [];
        for (let k = 0; k < n; k++) groups.push(m.u32(4 * k)!);
        return { json: groups, text: `[${groups.join(", ")}]` };
      }
      return has(4) ? intValue(m) : addr();
  }
  if (rlen === 4) return has(4) ? intValue(m) : addr();
  // past the caller's length the kernel wrote nothing: what it did write
  return cap.short ? addr() : plain(m, Math.min(rlen, m.length), cap, c);
}

export const optvalIn: ArgType = memory({ kind: "argLen", arg: "optlen", opt: true }, (m, c, i, cap) => setValue(m, c, i, cap));
const optvalWritten = memory({ kind: "ptrLen", arg: "optlen", opt: true, when: "both" }, (m, c, i, cap) => getValue(m, c, i, cap), { out: true });
export const optvalOut: ArgType = {
  ...optvalWritten,
  show(c, i, cap) {
    // NETLINK_LIST_MEMBERSHIPS: room for no group is [] whatever the address (nothing is read)
    if (!c.failed && c.raw[i] !== 0 && s32a(c, 1) === SOL_NETLINK && s32a(c, 2) === NETLINK_LIST_MEMBERSHIPS) {
      const { entry, exit } = entryExit(c, 4);
      const ulen = entry && !entry.fault ? new CapturedMemory(entry.bytes).s32(0) : undefined;
      const rlen = exit && !exit.fault ? new CapturedMemory(exit.bytes).s32(0) : undefined;
      if (ulen !== undefined && rlen !== undefined && ulen > 0 && rlen > 0 && Math.min(ulen, rlen) < 4) return { json: [], text: "[]" };
    }
    return optvalWritten.show(c, i, cap);
  },
};
