/**
 * Sockets: socket and socketpair (AF_*, SOCK_* with NONBLOCK and CLOEXEC,
 * IPPROTO_* or NETLINK_*), connect, bind, accept, accept4, getsockname and
 * getpeername (sockaddr), listen, sendto, recvfrom, sendmsg and recvmsg
 * (MSG_*, peer address), setsockopt and getsockopt (SOL_*, SO_*, TCP_*,
 * IP_*, IPV6_*), shutdown.
 */
import { flagsOf, valuesOf } from "../consts";
import { ADDRESS_FAMILY, IP_PROTOCOL, MSG_FLAGS, NETLINK_PROTOCOL, SHUTDOWN_HOW, SOCKET_FLAGS, SOCKET_LEVEL, SOCKET_TYPE } from "../tables/consts-net";
import { bufIn, bufOut, fd, fdPair, flags, int, intInOut, s32, size, uint, value } from "./common";
import { sockaddrIn, sockaddrOut, socklenOut } from "./sockaddr";
import { left, leftTimeout } from "./poll";
import { optname, optvalIn, optvalOut } from "./sockopt";
import type { ArgType, CallSpecs } from "./types";
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
  recvmmsg: {
    args: { fd, mmsg: mmsghdr("vlen", true), vlen: uint, flags: msgFlags, timeout: leftTimeout("timespec") },
    // the timeout as passed in; after the return value, the time left (the kernel rewrites it)
    ret: (c) => {
      if (c.ret === 0) return "0 (Timeout)";
      const l = left(c, 4, "timespec");
      return l ? `${c.ret} (${l})` : undefined;
    },
  },
  setsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalIn, optlen: int } },
  getsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalOut, optlen: intInOut } },
  shutdown: { args: { fd, how: value(SHUTDOWN_HOW) } },
};

