/** Sockets and socket addresses, against strace 6.1's lines for test/fixtures/syscalls.c. */
import { describe, expect, test } from "bun:test";
import { ipv6 } from "../../cli/decode/args/sockaddr";
import { MSGHDR } from "../../cli/decode/tables/structs";
import { B, bytes, call, fault, inOut, PTR, struct } from "./args-helpers";

const inet = (port: number, a: number[]) => new B().u16(2).be16(port).raw(a).zero(8).get();
const inet6 = (port: number, addr: number[], scope = 0, flow = 0) => new B().u16(10).be16(port).be32(flow).raw(addr).u32(scope).get();
const LOOP6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const unix = (path: string | number[]) => new B().u16(1).raw(typeof path === "string" ? new TextEncoder().encode(path) : path).get();
const int = (n: number) => new B().u32(n).get();

describe("socket and socketpair", () => {
  const cases: [string, number[], number, string][] = [
    ["socket", [2, 1 | 0x80000, 6], 4, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 4"],
    ["socket", [10, 1, 0], 4, "socket(AF_INET6, SOCK_STREAM, IPPROTO_IP) = 4"],
    ["socket", [2, 2 | 0x80000, 17], 4, "socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_UDP) = 4"],
    ["socket", [1, 1 | 0x800, 0], 4, "socket(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0) = 4"],
    ["socket", [16, 3 | 0x80000, 0], 4, "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4"],
    ["socket", [999, 0x60 | 3, 7], -97, "socket(0x3e7 /* AF_??? */, SOCK_RAW|0x60, 7) = -1 EAFNOSUPPORT (Address family not supported by protocol)"],
  ];
  test.each(cases)("%s %p", (name, raw, ret, line) => expect(call(name, raw, [], ret).line).toBe(line));

  test("JSON: family by name, type and flags as one list", () => {
    expect(call("socket", [2, 1 | 0x80000, 6], [], 4).json).toEqual({ family: "AF_INET", type: ["SOCK_STREAM", "SOCK_CLOEXEC"], protocol: "IPPROTO_TCP" });
  });

  test("socketpair shows the pair it made", () => {
    const d = call("socketpair", [1, 5, 0, PTR], [bytes(3, new B().u32(4).u32(5).get())], 0);
    expect(d.line).toBe("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, [4, 5]) = 0");
    expect(d.json.usockvec).toEqual([4, 5]);
  });
});

describe("sockaddr", () => {
  test("connect AF_INET: port from network byte order", () => {
    const d = call("connect", [4, PTR, 16], [bytes(1, inet(1, [127, 0, 0, 1]))], -111);
    expect(d.line).toBe('connect(4, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)');
    expect(d.json.uservaddr).toEqual({ family: "AF_INET", addr: "127.0.0.1", port: 1 });
    expect(call("connect", [3, PTR, 16], [bytes(1, inet(80, [93, 184, 216, 34]))], 0).json.uservaddr).toEqual({ family: "AF_INET", addr: "93.184.216.34", port: 80 });
  });

  test("connect AF_INET6", () => {
    const d = call("connect", [4, PTR, 28], [bytes(1, inet6(2, LOOP6))], -111);
    expect(d.line).toBe(
      'connect(4, {sa_family=AF_INET6, sin6_port=htons(2), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)',
    );
    expect(d.json.uservaddr).toEqual({ family: "AF_INET6", addr: "::1", port: 2, flowinfo: 0, scope_id: 0 });
  });

  test("bind AF_UNIX path, abstract name, unnamed", () => {
    expect(call("bind", [4, PTR, 23], [bytes(1, unix("/tmp/swoll-sc.d/sock\0"))], 0).line).toBe('bind(4, {sa_family=AF_UNIX, sun_path="/tmp/swoll-sc.d/sock"}, 23) = 0');
    const abs = call("bind", [4, PTR, 20], [bytes(1, unix([0, ...new TextEncoder().encode("swoll-sc-abstract")]))], 0);
    expect(abs.line).toBe('bind(4, {sa_family=AF_UNIX, sun_path=@"swoll-sc-abstract"}, 20) = 0');
    expect(abs.json.umyaddr).toEqual({ family: "AF_UNIX", path: "@swoll-sc-abstract", abstract: true });
    expect(call("bind", [4, PTR, 2], [bytes(1, unix(""))], 0).line).toBe("bind(4, {sa_family=AF_UNIX}, 2) = 0");
    expect(call("bind", [4, PTR, 2], [bytes(1, unix(""))], 0).json.umyaddr).toEqual({ family: "AF_UNIX", path: "" });
  });

  test("bind AF_NETLINK", () => {
    const nl = new B().u16(16).u16(0).u32(0).u32(0).get();
    expect(call("bind", [4, PTR, 12], [bytes(1, nl)], 0).line).toBe("bind(4, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0");
    expect(call("bind", [4, PTR, 12], [bytes(1, new B().u16(16).u16(0).u32(42).u32(0x11).get())], 0).json.umyaddr).toEqual({ family: "AF_NETLINK", pid: 42, groups: 0x11 });
  });

  test("accept4, getsockname, getpeername: the address written, [len] (strace also shows the length passed in: [128 => 16])", () => {
    const peer = bytes(1, inet(57400, [127, 0, 0, 1]));
    expect(call("accept4", [4, PTR, PTR, 0x80000], [peer, bytes(2, int(16))], 6).line).toBe(
      'accept4(4, {sa_family=AF_INET, sin_port=htons(57400), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 6',
    );
    expect(call("getsockname", [6, PTR, PTR], [bytes(1, inet(47321, [127, 0, 0, 1])), bytes(2, int(16))], 0).line).toBe(
      'getsockname(6, {sa_family=AF_INET, sin_port=htons(47321), sin_addr=inet_addr("127.0.0.1")}, [16]) = 0',
    );
    expect(call("accept", [4, 0, 0], [], 6).line).toBe("accept(4, NULL, NULL) = 6");
    expect(call("accept", [4, PTR, PTR + 8], [peer, bytes(2, int(16))], -11).line).toBe("accept(4, 0x7ffc12345678, 0x7ffc12345680) = -1 EAGAIN (Resource temporarily unavailable)");
  });

  test("ipv6 text as inet_ntop writes it", () => {
    const h = (s: string) => s.match(/../g)!.map((x) => parseInt(x, 16));
    expect(ipv6(new Uint8Array(16))).toBe("::");
    expect(ipv6(new Uint8Array(LOOP6))).toBe("::1");
    expect(ipv6(new Uint8Array(h("20010db8000000000000000000000001")))).toBe("2001:db8::1");
    expect(ipv6(new Uint8Array(h("20010db8000000010000000000000001")))).toBe("2001:db8:0:1::1");
    expect(ipv6(new Uint8Array(h("20010db8000100000001000000000001")))).toBe("2001:db8:1:0:1::1");
    expect(ipv6(new Uint8Array(h("00000000000000000000ffffc0000201")))).toBe("::ffff:192.0.2.1");
    expect(ipv6(new Uint8Array(h("fe800000000000000000000000000000")))).toBe("fe80::");
    expect(ipv6(new Uint8Array(h("0001000200030004000500060007000a")))).toBe("1:2:3:4:5:6:7:a");
  });

  test("hostile: short, lying and unknown sockaddrs decode what is there", () => {
    expect(call("connect", [3, PTR, 1], [bytes(1, [2])], -22).json.uservaddr).toEqual({ family: null, data: "02" });
    expect(call("connect", [3, PTR, 1], [bytes(1, [2])], -22).line).toBe("connect(3, {sa_family=???}, 1) = -1 EINVAL (Invalid argument)");
    // AF_INET but too short for the address
    expect(call("connect", [3, PTR, 6], [bytes(1, [2, 0, 0, 80, 127, 0])], -22).line).toBe('connect(3, {sa_family=AF_INET, sa_data="\\0P\\177\\0"}, 6) = -1 EINVAL (Invalid argument)');
    expect(call("connect", [3, PTR, 4], [bytes(1, [0x39, 0x30, 1, 2])], -97).json.uservaddr).toEqual({ family: 12345, data: "0102" });
    // AF_INET6 shorter than sin6_scope_id: no scope
    expect(call("connect", [3, PTR, 24], [bytes(1, inet6(443, LOOP6).subarray(0, 24))], 0).json.uservaddr).toEqual({ family: "AF_INET6", addr: "::1", port: 443, flowinfo: 0 });
    // unix path without a NUL, and with bytes that are not UTF-8
    expect(call("bind", [3, PTR, 6], [bytes(1, unix([0x61, 0xff, 0x1b, 0x62]))], 0).line).toBe('bind(3, {sa_family=AF_UNIX, sun_path="a\\377\\33b"}, 6) = 0');
    // an address longer than --strsize is marked
    const long = call("bind", [3, PTR, 110], [bytes(1, unix("/" + "x".repeat(40)), { truncated: true })], 0);
    expect(long.truncated).toEqual(["umyaddr"]);
    expect(call("connect", [3, PTR, 16], [fault(1)], -14).json.uservaddr).toEqual({ addr: "0x7ffc12345678", error: "EFAULT" });
    for (const n of [0, 1, 2, 3, 7, 15, 27, 200])
      for (const fam of [0, 1, 2, 10, 16, 17, 255, 0xffff])
        expect(() => call("connect", [3, PTR, n], [bytes(1, new B().u16(fam).raw(new Uint8Array(Math.max(0, n - 2)).fill(0xee)).get().subarray(0, n))], 0)).not.toThrow();
  });

  test("AF_PACKET", () => {
    const ll = new B().u16(17).be16(3).u32(2).u16(1).u8(0).u8(6).raw([0, 0x16, 0x3e, 1, 2, 3, 0, 0]).get();
    expect(call("bind", [3, PTR, 20], [bytes(1, ll)], 0).json.umyaddr).toEqual({ family: "AF_PACKET", protocol: 3, ifindex: 2, hatype: 1, pkttype: 0, addr: "00:16:3e:01:02:03" });
  });
});

describe("data and options", () => {
  test("sendto/recvfrom with and without an address", () => {
    expect(call("sendto", [5, PTR, 10, 0x4000, 0, 0], [bytes(1, "ping-swoll")], 10).line).toBe('sendto(5, "ping-swoll", 10, MSG_NOSIGNAL, NULL, 0) = 10');
    expect(call("recvfrom", [6, PTR, 128, 0x40, 0, 0], [bytes(1, "ping-swoll")], 10).line).toBe('recvfrom(6, "ping-swoll", 128, MSG_DONTWAIT, NULL, NULL) = 10');
    const l = bytes(4, inet(47322, [127, 0, 0, 1]));
    expect(call("sendto", [4, PTR, 9, 0, PTR, 16], [bytes(1, "udp-swoll"), l], 9).line).toBe(
      'sendto(4, "udp-swoll", 9, 0, {sa_family=AF_INET, sin_port=htons(47322), sin_addr=inet_addr("127.0.0.1")}, 16) = 9',
    );
    expect(call("recvfrom", [4, PTR, 128, 0, PTR, PTR], [bytes(1, "udp-swoll"), l, bytes(5, int(16))], 9).line).toBe(
      'recvfrom(4, "udp-swoll", 128, 0, {sa_family=AF_INET, sin_port=htons(47322), sin_addr=inet_addr("127.0.0.1")}, [16]) = 9',
    );
  });

  test("setsockopt/getsockopt name levels and options", () => {
    expect(call("setsockopt", [4, 1, 2, PTR, 4], [bytes(3, int(1))], 0).line).toBe("setsockopt(4, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
    expect(call("setsockopt", [5, 6, 1, PTR, 4], [bytes(3, int(1))], 0).line).toBe("setsockopt(5, SOL_TCP, TCP_NODELAY, [1], 4) = 0");
    expect(call("getsockopt", [5, 1, 4, PTR, PTR], [bytes(3, int(0)), ...inOut(4, int(4), int(4))], 0).line).toBe("getsockopt(5, SOL_SOCKET, SO_ERROR, [0], [4]) = 0");
    expect(call("setsockopt", [5, 41, 26, PTR, 4], [bytes(3, int(1))], 0).json).toEqual({ fd: 5, level: "SOL_IPV6", optname: "IPV6_V6ONLY", optval: 1, optlen: 4 });
    expect(call("setsockopt", [5, 1, 13, PTR, 8], [bytes(3, new B().u32(1).u32(5).get())], 0).line).toBe("setsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0");
    expect(call("setsockopt", [5, 999, 5, PTR, 4], [bytes(3, int(2))], 0).line).toBe("setsockopt(5, 0x3e7 /* SOL_??? */, 5, [2], 4) = 0");
  });

  test("sendmsg/recvmsg show the header", () => {
    const m = struct(MSGHDR, { msg_name: 0, msg_namelen: 0, msg_iov: 0x7ffe0000, msg_iovlen: 1, msg_control: 0, msg_controllen: 0, msg_flags: 0 });
    expect(call("sendmsg", [4, PTR, 0x40], [bytes(1, m)], 9).line).toBe("sendmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=0x7ffe0000, msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 9");
    const r = struct(MSGHDR, { msg_iov: 0x7ffe0000, msg_iovlen: 1, msg_control: 0x7ffe1000, msg_controllen: 24, msg_flags: 0x8 });
    expect(call("recvmsg", [5, PTR, 0], [bytes(1, r)], 9).line).toBe(
      "recvmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=0x7ffe0000, msg_iovlen=1, msg_control=0x7ffe1000, msg_controllen=24, msg_flags=MSG_CTRUNC}, 0) = 9",
    );
    // a failed receive wrote nothing: only msg_namelen, as the caller passed it
    expect(call("recvmsg", [5, PTR, 0], [bytes(1, r)], -11).line).toBe("recvmsg(5, {msg_namelen=0}, 0) = -1 EAGAIN (Resource temporarily unavailable)");
  });

  test("listen and shutdown", () => {
    expect(call("listen", [4, 7], [], 0).line).toBe("listen(4, 7) = 0");
    expect(call("shutdown", [5, 1], [], 0).line).toBe("shutdown(5, SHUT_WR) = 0");
  });
});
