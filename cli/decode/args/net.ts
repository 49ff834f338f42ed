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
import { MSGHDR } from "../tables/structs";
import { fd, fdPair, flags, int, memory, s32, size, value } from "./common";
import { bufIn, bufOut } from "./common";
import { pointer, quoteBytes, struct } from "./render";
import { sockaddrIn, sockaddrOut, socklenOut } from "./sockaddr";
import { structArg } from "./structs";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

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

/** An option value: an int as [N] (the common case), other sizes as bytes. */
function optShown(m: { bytes: Uint8Array; s32(o: number): number | undefined }, truncated: boolean): Shown {
  const n = m.bytes.length === 4 ? m.s32(0) : undefined;
  if (n !== undefined) return { json: n, text: `[${n}]` };
  return { json: Array.from(m.bytes), text: quoteBytes(m.bytes, truncated), truncated: truncated || undefined };
}

const optvalIn: ArgType = memory({ kind: "argLen", arg: "optlen" }, (m, _c, _i, cap) => optShown(m, cap.truncated));
const optvalOut: ArgType = memory({ kind: "ptrLen", arg: "optlen" }, (m, _c, _i, cap) => optShown(m, cap.truncated), { out: true });

/** struct msghdr (user_msghdr): the fields, with addresses for what it points to. */
function msghdr(out: boolean): ArgType {
  return structArg(
    MSGHDR,
    (m, c) => {
      const f = MSGHDR.fields;
      const name = pointer(m.u64(f.msg_name[0])!);
      const iov = pointer(m.u64(f.msg_iov[0])!);
      const control = pointer(m.u64(f.msg_control[0])!);
      const namelen = m.u32(f.msg_namelen[0])!;
      const iovlen = m.u64(f.msg_iovlen[0])!;
      const controllen = m.u64(f.msg_controllen[0])!;
      const mf = flagsOf(MSG_FLAGS, c.arch).format(m.u32(f.msg_flags[0])!);
      const fields: [string, string][] = [["msg_name", name.text], ["msg_namelen", String(namelen)], ["msg_iov", iov.text], ["msg_iovlen", String(iovlen)]];
      if (controllen) fields.push(["msg_control", control.text]);
      fields.push(["msg_controllen", String(controllen)], ["msg_flags", mf.text]);
      return {
        json: { msg_name: name.json, msg_namelen: namelen, msg_iov: iov.json, msg_iovlen: iovlen, msg_control: control.json, msg_controllen: controllen, msg_flags: mf.names },
        text: struct(fields),
      };
    },
    { out },
  );
}

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
  setsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalIn, optlen: int } },
  getsockopt: { args: { fd, level: value(SOCKET_LEVEL), optname, optval: optvalOut, optlen: socklenOut } },
  shutdown: { args: { fd, how: value(SHUTDOWN_HOW) } },
};

