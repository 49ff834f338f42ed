/**
 * Sockets: socket and socketpair (AF_*, SOCK_* with NONBLOCK and CLOEXEC,
 * IPPROTO_* or NETLINK_*), connect, bind, accept, accept4, getsockname and
 * getpeername (sockaddr), listen, sendto, recvfrom, sendmsg and recvmsg
 * (MSG_*, peer address), setsockopt and getsockopt (SOL_*, SO_*, TCP_*,
 * IP_*, IPV6_*), shutdown.
 */
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import {
  ADDRESS_FAMILY, IP_OPTION, IP_PROTOCOL, IPV6_OPTION, MSG_FLAGS, NETLINK_PROTOCOL, SHUTDOWN_HOW, SOCKET_FLAGS,
  SOCKET_LEVEL, SOCKET_OPTION, SOCKET_TYPE, TCP_OPTION,
} from "../tables/consts-net";
import { fd, fdPair, flags, int, memory, s32, size, uint, value } from "./common";
import { bufIn, bufOut } from "./common";
import type { CapturedMemory } from "./captured-memory";
import { quoteBytes } from "./render";
import { sockaddrIn, sockaddrOut, socklenOut } from "./sockaddr";
import type { ArgType, Call, CallSpecs, Shown } from "./types";
import { mmsghdr, msghdr } from "./vectors";

const AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
const SOCK_TYPE_MASK = 0xf;

/** SOCK_STREAM|SOCK_CLOEXEC: the type is a value, NONBLOCK/CLOEXEC are bits. */
const sockType: ArgType = {
  show(c, i) {
    const v = s32(c.raw[i]!) >>> 0;
    const t = valuesOf(SOCKET_TYPE, c.arch).text(v & SOCK_TYPE_MASK);
    const rest = v & ~SOCK_TYPE_MASK;
    const names = [t, ...(rest ? flagsOf(SOCKET_FLAGS, c.arch).names(rest) : [])];
    return { json: names, text: names.join("|") };
  },
};

/** The protocol means what the family says: IPPROTO_* for inet, NETLINK_* for netlink. */
const protocol: ArgType = {
  show(c, i) {
    const fam = s32(c.raw[0]!);
    const v = s32(c.raw[i]!);
    const set = fam === AF_INET || fam === AF_INET6 ? IP_PROTOCOL : fam === AF_NETLINK ? NETLINK_PROTOCOL : undefined;
    if (!set) return { json: v, text: String(v) };
    const vs = valuesOf(set, c.arch);
    return { json: vs.json(v), text: vs.text(v) };
  },
};

const SOL_IP = 0, SOL_SOCKET = 1, SOL_TCP = 6, SOL_IPV6 = 41;
const OPTIONS: Record<number, ConstSet> = { [SOL_SOCKET]: SOCKET_OPTION, [SOL_TCP]: TCP_OPTION, [SOL_IP]: IP_OPTION, [SOL_IPV6]: IPV6_OPTION };

const optname: ArgType = {
  show(c, i) {
    const set = OPTIONS[s32(c.raw[1]!)];
    const v = s32(c.raw[i]!);
    if (!set) return { json: v, text: String(v) };
    const vs = valuesOf(set, c.arch);
    return { json: vs.json(v), text: vs.text(v) };
  },
};

const SO_LINGER = 13, SO_RCVTIMEO_OLD = 20, SO_SNDTIMEO_OLD = 21;

/**
 * An option value, per option: struct linger as {l_onoff=1, l_linger=5};
 * the old timeouts as a timeval in JSON (strace 6.1 prints their bytes);
 * an int as [N]; an int option shorter than an int as its bytes in hex.
 */
function optShown(m: CapturedMemory, c: Call, truncated: boolean): Shown {
  const level = s32(c.raw[1]!), name = s32(c.raw[2]!);
  if (level === SOL_SOCKET && name === SO_LINGER && m.length >= 8) {
    const onoff = m.s32(0)!, linger = m.s32(4)!;
    return { json: { l_onoff: onoff, l_linger: linger }, text: `{l_onoff=${onoff}, l_linger=${linger}}` };
  }
  if (level === SOL_SOCKET && (name === SO_RCVTIMEO_OLD || name === SO_SNDTIMEO_OLD) && m.length >= 16) {
    return { json: { tv_sec: m.s64(0)!, tv_usec: m.s64(8)! }, text: quoteBytes(m.bytes, truncated) };
  }
  const n = m.length === 4 ? m.s32(0) : undefined;
  if (n !== undefined) return { json: n, text: `[${n}]` };
  const asHex = m.length < 4;
  return { json: Array.from(m.bytes), text: quoteBytes(m.bytes, truncated, asHex), truncated: truncated || undefined };
}

const optvalIn: ArgType = memory({ kind: "argLen", arg: "optlen" }, (m, c, _i, cap) => optShown(m, c, cap.truncated));
const optvalOut: ArgType = memory({ kind: "ptrLen", arg: "optlen" }, (m, c, _i, cap) => optShown(m, c, cap.truncated), { out: true });

const msgFlags = flags(MSG_FLAGS);
const family = value(ADDRESS_FAMILY);

export const NET: CallSpecs = {
  socket: { args: { family, type: sockType, protocol } },
  socketpair: { args: { family, type: sockType, protocol, usockvec: fdPair } },
  connect: { args: { fd, uservaddr: sockaddrIn("addrlen"), addrlen: int } },
  bind: { args: { fd, umyaddr: sockaddrIn("addrlen"), addrlen: int } },
  listen: { args: { fd, backlog: int } },
  accept: { args: { fd, upeer_sockaddr: sockaddrOut("upeer_addrlen"), upeer_addrlen: socklenOut } },
  accept4: { args: { fd, upeer_sockaddr: sockaddrOut("upeer_addrlen"), upeer_addrlen: socklenOut, flags: flags(SOCKET_FLAGS) } },
  getsockname: { args: { fd, usockaddr: sockaddrOut("usockaddr_len"), usockaddr_len: socklenOut } },
  getpeername: { args: { fd, usockaddr: sockaddrOut("usockaddr_len"), usockaddr_len: socklenOut } },
  sendto: { args: { fd, buff: bufIn("len"), len: size, flags: msgFlags, addr: sockaddrIn("addr_len"), addr_len: int } },
  recvfrom: { args: { fd, ubuf: bufOut(), size, flags: msgFlags, addr: sockaddrOut("addr_len"), addr_len: socklenOut } },
  sendmsg: { args: { fd, msg: msghdr(false), flags: msgFlags } },
  recvmsg: { args: { fd, msg: msghdr(true), flags: msgFlags } },
  sendmmsg: { args: { fd, mmsg: mmsghdr("vlen", false), vlen: uint, flags: msgFlags } },
  recvmmsg: { args: { fd, mmsg: mmsghdr("vlen", true), vlen: uint, flags: msgFlags } },
  setsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalIn, optlen: int } },
  getsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalOut, optlen: socklenOut } },
  shutdown: { args: { fd, how: value(SHUTDOWN_HOW) } },
};

