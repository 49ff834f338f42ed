/**
 * Sockets as strace 6.1's own tests print them: value-result addresses and
 * lengths, socket options per option, control messages. Each expected line
 * is the one the strace test program prints for the same call.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { captureSpecFor } from "../../cli/decode/args";
import { EventDecoder } from "../../cli/decode/event";
import { ArgCapture, ArgTiming, CaptureFlag, CaptureKind, SizeFlag } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { B } from "./args-helpers";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";

const table = syscallTable("x86_64");
const nr = (name: string) => table.byName(name)!.nr;
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const text = new TextFormatter(false);
const P = 0x7f37_be0b_bff0n;
const L = 0x7f37_be2a_affcn;

/** Decode one record through EventDecoder: strace's part of the text line, and the JSON line parsed (schema-checked). */
function decode(name: string, args: bigint[], ret: bigint, captures: Cap[] = [], strMax?: number): { line: string; json: any } {
  const r = record({ nr: nr(name), args, ret, captures });
  const d = new EventDecoder(table, true, undefined, strMax).decode(r.buf, r.dv, r.off, r.size);
  const line = text.event(d).replace(/^\S+ \S+ /, "").replace(/ <[\d.]+>$/, "");
  const json = JSON.parse(eventToJson(d.event));
  expect(schema.validate(json)).toEqual([]);
  return { line, json };
}

const bytes = (arg: number, data: Uint8Array | string, entry = false): Cap => ({ arg, kind: CaptureKind.Bytes, data, flags: entry ? CaptureFlag.Entry : 0 });
const int = (n: number) => new B().u32(n).get();
/** A value-result int: what the caller passed, then what the call wrote. */
const inOut = (arg: number, a: number, b: number): Cap[] => [bytes(arg, int(a), true), bytes(arg, int(b))];
const unix = (path: string) => new B().u16(1).str(path).get();

describe("value-result socket addresses", () => {
  test("the kernel's length exceeds the caller's buffer: what fits is decoded, [in => out]", () => {
    // the probe reads no more than the 16 bytes the caller's length said at entry
    const d = decode("accept", [3n, P, L], 15n, [bytes(1, unix("accept.socket.")), ...inOut(2, 16, 24)]);
    expect(d.line).toBe('accept(3, {sa_family=AF_UNIX, sun_path="accept.socket."}, [16 => 24]) = 15');
    expect(d.json.args.upeer_addrlen).toEqual({ in: 16, out: 24 });
  });

  test("a failed call: the address, and the length passed in", () => {
    const d = decode("accept4", [3n, P, L, 0x80000n], -14n, [bytes(2, int(25), true)]);
    expect(d.line).toBe("accept4(3, 0x7f37be0bbff0, [25], SOCK_CLOEXEC) = -1 EFAULT (Bad address)");
    expect(d.json.args.upeer_addrlen).toEqual({ in: 25 });
    expect(decode("recvfrom", [5n, 0n, 1n, 0n, P, L], -14n, [bytes(5, int(23), true)]).line).toBe(
      "recvfrom(5, NULL, 1, 0, 0x7f37be0bbff0, [23]) = -1 EFAULT (Bad address)",
    );
  });

  test("no address: the length pointer alone", () => {
    expect(decode("getsockname", [4n, 0n, L], -14n, [bytes(2, int(128), true)]).line).toBe("getsockname(4, NULL, 0x7f37be2aaffc) = -1 EFAULT (Bad address)");
  });

  test("the probe bounds an address the call writes by the length at entry, and keeps addresses whole", () => {
    for (const [name, addr, len] of [["accept4", 1, 2], ["getpeername", 1, 2], ["recvfrom", 4, 5]] as const) {
      const s = captureSpecFor(table.byName(name)!);
      expect(s.kinds[addr]).toBe(ArgCapture.BytesPtrLen | ArgTiming.AtBoth);
      expect(s.sizes[addr]).toBe(len | SizeFlag.Name);
    }
    const c = captureSpecFor(table.byName("connect")!);
    expect(c.sizes[1]).toBe(2 | SizeFlag.Name);
  });
});

const GET = (level: number, name: number, ret: bigint, value: Uint8Array | null, lens: [number, number]) =>
  decode("getsockopt", [3n, BigInt(level), BigInt(name), P, L], ret, [...(value ? [bytes(3, value)] : []), ...inOut(4, ...lens)]);
const SET = (level: number, name: number, len: number, value: Uint8Array | null, ret = 0n, short = false) =>
  decode("setsockopt", [BigInt.asUintN(64, -1n), BigInt(level), BigInt.asUintN(64, BigInt(name)), value ? P : 0n, BigInt(len)], ret, value
    ? [{ arg: 3, kind: CaptureKind.Bytes, data: value, flags: short ? CaptureFlag.Short : 0 }]
    : []);

describe("getsockopt values, as long as the length the call reported", () => {
  const cred = new B().u32(20787).u32(0).u32(0).get();
  test("SO_PEERCRED: whole, then member by member, a member cut short as its bytes", () => {
    expect(GET(1, 17, 0n, cred, [12, 12]).line).toBe("getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=20787, uid=0, gid=0}, [12]) = 0");
    expect(GET(1, 17, 0n, cred, [13, 12]).line).toBe("getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=20787, uid=0, gid=0}, [13 => 12]) = 0");
    const cut = GET(1, 17, 0n, cred.subarray(0, 3), [3, 3]);
    expect(cut.line).toBe('getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid="\\x33\\x51\\x00"}, [3]) = 0');
    expect(cut.json.args.optval).toEqual({ pid: "335100" });
    expect(GET(1, 17, 0n, cred.subarray(0, 7), [7, 7]).line).toBe('getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=20787, uid="\\x00\\x00\\x00"}, [7]) = 0');
    expect(GET(1, 17, 0n, new Uint8Array(), [0, 0]).line).toBe("getsockopt(3, SOL_SOCKET, SO_PEERCRED, 0x7f37be0bbff0, [0]) = 0");
  });

  test("SO_LINGER and SO_ERROR", () => {
    expect(GET(1, 13, 0n, new B().u32(1).get(), [4, 4]).line).toBe("getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1}, [4]) = 0");
    const e = GET(1, 4, 0n, int(111), [4, 4]);
    expect(e.line).toBe("getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0");
    expect(e.json.args.optval).toBe("ECONNREFUSED");
    expect(GET(1, 4, -22n, null, [-1, -1]).line).toBe("getsockopt(3, SOL_SOCKET, SO_ERROR, 0x7f37be0bbff0, [-1]) = -1 EINVAL (Invalid argument)");
  });

  test("PACKET_STATISTICS, ICMP_FILTER, NETLINK_LIST_MEMBERSHIPS", () => {
    const st = GET(263, 6, 0n, new B().u32(5).u32(1).u32(0).get(), [12, 12]);
    expect(st.line).toBe("getsockopt(3, SOL_PACKET, PACKET_STATISTICS, {tp_packets=5, tp_drops=1, tp_freeze_q_cnt=0}, [12]) = 0");
    expect(GET(255, 1, 0n, int(0x1839), [4, 4]).line).toBe(
      "getsockopt(3, SOL_RAW, ICMP_FILTER, [ICMP_ECHOREPLY ICMP_DEST_UNREACH ICMP_SOURCE_QUENCH ICMP_REDIRECT ICMP_TIME_EXCEEDED ICMP_PARAMETERPROB], [4]) = 0",
    );
    expect(GET(270, 9, 0n, new B().u32(0).u32(4).get(), [8, 8]).line).toBe("getsockopt(3, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, [0, 4], [8]) = 0");
    // room for no group: [] without reading
    expect(GET(270, 9, 0n, null, [3, 8]).line).toBe("getsockopt(3, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, [], [3 => 8]) = 0");
  });

  test("with no value, the length read at entry still shows", () => {
    expect(decode("getsockopt", [3n, 270n, 1n, 0n, L], -92n, [bytes(4, int(0), true)]).line).toBe(
      "getsockopt(3, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NULL, [0]) = -1 ENOPROTOOPT (Protocol not available)",
    );
  });
});

describe("setsockopt values, as long as optlen", () => {
  const mreq = new Uint8Array([224, 0, 0, 3, 127, 0, 0, 1]);
  test("ip_mreq; too short for one, the address", () => {
    const d = SET(0, 35, 8, mreq);
    expect(d.line).toBe('setsockopt(-1, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}, 8) = 0');
    expect(d.json.args.optval).toEqual({ imr_multiaddr: "224.0.0.3", imr_interface: "127.0.0.1" });
    expect(SET(0, 35, 7, mreq.subarray(0, 7), -22n).line).toBe("setsockopt(-1, SOL_IP, IP_ADD_MEMBERSHIP, 0x7f37be0bbff0, 7) = -1 EINVAL (Invalid argument)");
  });

  test("a length past the caller's memory: the struct the option names, when the probe read it before the unreadable page", () => {
    expect(SET(0, 36, 2147483647, mreq, -14n, true).line).toBe(
      'setsockopt(-1, SOL_IP, IP_DROP_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}, 2147483647) = -1 EFAULT (Bad address)',
    );
    // an option without a struct: strace could not read that many bytes
    expect(SET(1, 25, 2147483647, mreq, -14n, true).line).toBe("setsockopt(-1, SOL_SOCKET, SO_BINDTODEVICE, 0x7f37be0bbff0, 2147483647) = -1 EFAULT (Bad address)");
  });

  test("ipv6_mreq and group_req name the loopback interface", () => {
    const v6 = new B().raw([0xff, 1]).zero(13).u8(12).u32(1).get();
    expect(SET(41, 20, 20, v6, -92n).line).toBe(
      'setsockopt(-1, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}, 20) = -1 ENOPROTOOPT (Protocol not available)',
    );
    const greq = new B().u32(1).u32(0).u16(2).be16(65535).raw([224, 0, 0, 3]).zero(120).get();
    const g = SET(0, 42, 136, greq);
    expect(g.line).toBe(
      'setsockopt(-1, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=if_nametoindex("lo"), gr_group={sa_family=AF_INET, sin_port=htons(65535), sin_addr=inet_addr("224.0.0.3")}}, 136) = 0',
    );
    expect(g.json.args.optval.gr_group).toEqual({ family: "AF_INET", addr: "224.0.0.3", port: 65535 });
  });

  test("PACKET_*: tpacket_req, packet_mreq; unknown options in hex", () => {
    const ff = 0xffffffff;
    expect(SET(263, 5, 16, new B().u32(ff).u32(ff).u32(ff).u32(ff).get(), -9n).line).toBe(
      "setsockopt(-1, SOL_PACKET, PACKET_RX_RING, {tp_block_size=4294967295, tp_block_nr=4294967295, tp_frame_size=4294967295, tp_frame_nr=4294967295}, 16) = -1 EBADF (Bad file descriptor)",
    );
    const mr = (type: number, alen: number) => new B().u32(0).u16(type).u16(alen).raw(new Array(8).fill(0xff)).get();
    expect(SET(263, 1, 16, mr(0xffff, 9), -9n).line).toBe(
      "setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, {mr_ifindex=0, mr_type=0xffff /* PACKET_MR_??? */, mr_alen=9, mr_address=ff:ff:ff:ff:ff:ff:ff:ff}, 16) = -1 EBADF (Bad file descriptor)",
    );
    expect(SET(263, 2, 16, mr(1, 7), -9n).line).toBe(
      "setsockopt(-1, SOL_PACKET, PACKET_DROP_MEMBERSHIP, {mr_ifindex=0, mr_type=PACKET_MR_PROMISC, mr_alen=7, mr_address=ff:ff:ff:ff:ff:ff:ff}, 16) = -1 EBADF (Bad file descriptor)",
    );
    expect(SET(263, -1, 0, null, -9n).line).toBe("setsockopt(-1, SOL_PACKET, 0xffffffff /* PACKET_??? */, NULL, 0) = -1 EBADF (Bad file descriptor)");
  });

  test("ICMP_FILTER: most bits set as ~[…]; SO_LINGER needs the whole struct", () => {
    expect(SET(255, 1, 8, int(0xffffffff - 0x1839), -9n).line).toBe(
      "setsockopt(-1, SOL_RAW, ICMP_FILTER, ~[ICMP_ECHOREPLY ICMP_DEST_UNREACH ICMP_SOURCE_QUENCH ICMP_REDIRECT ICMP_TIME_EXCEEDED ICMP_PARAMETERPROB], 8) = -1 EBADF (Bad file descriptor)",
    );
    expect(SET(255, 1, 4, int(0), -9n).line).toBe("setsockopt(-1, SOL_RAW, ICMP_FILTER, [], 4) = -1 EBADF (Bad file descriptor)");
    expect(SET(1, 13, 4, int(-15), -22n).line).toBe("setsockopt(-1, SOL_SOCKET, SO_LINGER, 0x7f37be0bbff0, 4) = -1 EINVAL (Invalid argument)");
    expect(SET(1, 13, 9, new B().u32(-15).u32(-42).u8(0).get()).line).toBe("setsockopt(-1, SOL_SOCKET, SO_LINGER, {l_onoff=-15, l_linger=-42}, 9) = 0");
  });

  test("an option without a decoder: its bytes, at most --strsize of them", () => {
    const v = new TextEncoder().encode("x".repeat(40));
    const d = decode("setsockopt", [3n, 1n, 25n, P, 40n], 0n, [bytes(3, v)], 32);
    expect(d.line).toBe(`setsockopt(3, SOL_SOCKET, SO_BINDTODEVICE, "${"x".repeat(32)}"..., 40) = 0`);
    expect(d.json.truncated).toEqual(["optval"]);
  });

  test("the probe keeps an option's value whole and bounds getsockopt's by the length at entry", () => {
    const s = captureSpecFor(table.byName("setsockopt")!);
    expect(s.sizes[3]).toBe(4 | SizeFlag.Opt);
    const g = captureSpecFor(table.byName("getsockopt")!);
    expect(g.kinds[3]).toBe(ArgCapture.BytesPtrLen | ArgTiming.AtBoth);
    expect(g.sizes[3]).toBe(4 | SizeFlag.Opt);
  });
});

describe("recvmsg: the address as far as the caller's length, control messages as strace decodes them", () => {
  const IOV = 0x7f37_be0b_a000n, NAME = 0x7f37_be0b_b000n, CTL = 0x7f37_be0b_c000n;
  const hdr = (namelen: number, controllen: number) =>
    new B().u64(NAME).u32(namelen).u32(0).u64(IOV).u64(1).u64(controllen ? CTL : 0n).u64(controllen).u32(0).u32(0).get();
  const iov = new B().u64(0x7f37_be0b_d000n).u64(1).get();
  const parts = (name: Uint8Array | null, control: Uint8Array | null): Cap[] => [
    ...(name ? [{ arg: 1, kind: CaptureKind.MsgName, data: name }] : []),
    { arg: 1, kind: CaptureKind.MsgIov, data: iov },
    { arg: 1, kind: CaptureKind.IovData, data: "A" },
    ...(control ? [{ arg: 1, kind: CaptureKind.MsgControl, data: control }] : []),
  ];
  const recv = (entryNamelen: number, exitHdr: Uint8Array, p: Cap[], ret = 1n) =>
    decode("recvmsg", [3n, P, 0x40n], ret, [bytes(1, hdr(entryNamelen, 0), true), bytes(1, exitHdr), ...p]);

  test("msg_namelen in => out; the address decoded only as far as the caller's length", () => {
    const d = recv(110, hdr(36, 0), parts(unix("msg_name-recvmsg.test.send.socket"), null));
    expect(d.line).toBe(
      'recvmsg(3, {msg_name={sa_family=AF_UNIX, sun_path="msg_name-recvmsg.test.send.socket"}, msg_namelen=110 => 36, msg_iov=[{iov_base="A", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 1',
    );
    expect(d.json.args.msg.msg_namelen).toEqual({ in: 110, out: 36 });
    // the probe read what the caller's 2 bytes allowed; the buffer's other bytes are not the address
    expect(recv(2, hdr(36, 0), parts(new B().u16(1).get(), null)).line).toContain("msg_name={sa_family=AF_UNIX}, msg_namelen=2 => 36,");
    expect(recv(1, hdr(38, 0), parts(new Uint8Array([1]), null)).line).toContain("msg_name=0x7f37be0bb000, msg_namelen=1 => 38,");
  });

  test("a failed receive: the msg_namelen passed in", () => {
    expect(decode("recvmsg", [3n, P, 0x40n], -11n, [bytes(1, hdr(36, 0), true), bytes(1, hdr(36, 0))]).line).toBe(
      "recvmsg(3, {msg_namelen=36}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)",
    );
  });

  const cmsg = (level: number, type: number, data: Uint8Array) => {
    const len = 16 + data.length;
    const b = new B().u64(len).u32(level).u32(type).raw(data);
    while (b.length % 8) b.u8(0);
    return { len, bytes: b.get() };
  };
  const control = (...msgs: { bytes: Uint8Array }[]) => {
    const b = new B();
    for (const m of msgs) b.raw(m.bytes);
    return b.get();
  };

  test("SOL_IP: IP_PKTINFO, IP_TTL, IP_TOS, IP_RECVOPTS, IP_RETOPTS without data, IP_ORIGDSTADDR", () => {
    const ctl = control(
      cmsg(0, 8, new B().u32(1).raw([127, 0, 0, 1]).raw([127, 0, 0, 1]).get()),
      cmsg(0, 2, int(64)),
      cmsg(0, 1, new Uint8Array([0])),
      cmsg(0, 6, new Uint8Array([1, 0, 0, 0])),
      cmsg(0, 7, new Uint8Array()),
      cmsg(0, 20, new B().u16(2).be16(53036).raw([127, 0, 0, 1]).zero(8).get()),
    );
    const d = recv(16, hdr(16, ctl.length), parts(new B().u16(2).be16(58813).raw([127, 0, 0, 1]).zero(8).get(), ctl), 4n);
    expect(d.line).toContain(
      'msg_control=[{cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=if_nametoindex("lo"), ipi_spec_dst=inet_addr("127.0.0.1"), ipi_addr=inet_addr("127.0.0.1")}}, ' +
        "{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]}, {cmsg_len=17, cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0]}, " +
        "{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_RECVOPTS, cmsg_data=[0x1, 0, 0, 0]}, {cmsg_len=16, cmsg_level=SOL_IP, cmsg_type=IP_RETOPTS}, " +
        '{cmsg_len=32, cmsg_level=SOL_IP, cmsg_type=IP_ORIGDSTADDR, cmsg_data={sa_family=AF_INET, sin_port=htons(53036), sin_addr=inet_addr("127.0.0.1")}}]',
    );
    expect(d.json.args.msg.msg_control[0].cmsg_data).toEqual({ ipi_ifindex: 1, ipi_spec_dst: "127.0.0.1", ipi_addr: "127.0.0.1" });
    expect(d.json.args.msg.msg_control[4]).toEqual({ cmsg_len: 16, cmsg_level: "SOL_IP", cmsg_type: "IP_RETOPTS" });
  });

  test("SOL_SOCKET timestamps: timeval and timespec, old and new", () => {
    const t = new B().u64(1796599014).u64(677818).get();
    for (const [type, name, sub] of [[29, "SO_TIMESTAMP_OLD", "tv_usec"], [35, "SO_TIMESTAMPNS_OLD", "tv_nsec"], [63, "SO_TIMESTAMP_NEW", "tv_usec"], [64, "SO_TIMESTAMPNS_NEW", "tv_nsec"]] as const) {
      const ctl = control(cmsg(1, type, t));
      const d = recv(0, hdr(0, ctl.length), parts(null, ctl));
      expect(d.line).toContain(`msg_control=[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=${name}, cmsg_data={tv_sec=1796599014, ${sub}=677818}}], msg_controllen=32`);
    }
  });

  test("the probe reads the header at entry too (msg_namelen as passed in)", () => {
    const s = captureSpecFor(table.byName("recvmsg")!);
    expect(s.kinds[1]).toBe(ArgCapture.Msghdr | ArgTiming.AtBoth);
  });
});

describe("recvmmsg's timeout", () => {
  test("as passed in, and the time left after the return value", () => {
    const ts = (s: number | bigint, ns: number | bigint) => new B().u64(s).u64(ns).get();
    const d = decode("recvmmsg", [BigInt.asUintN(64, -1n), P, 1n, 0n, L], -9n, [bytes(4, ts(0, 12345678), true), bytes(4, ts(0, 12345678))]);
    expect(d.line).toBe("recvmmsg(-1, 0x7f37be0bbff0, 1, 0, {tv_sec=0, tv_nsec=12345678}) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.timeout).toEqual({ tv_sec: 0, tv_nsec: 12345678 });
    const big = decode("recvmmsg", [3n, P, 1n, 0n, L], -22n, [bytes(4, ts(-3819351491602432273n, 13464652301697220333n), true)]);
    expect(big.line).toBe("recvmmsg(3, 0x7f37be0bbff0, 1, 0, {tv_sec=-3819351491602432273, tv_nsec=13464652301697220333}) = -1 EINVAL (Invalid argument)");
    const mm = new B().u64(0).u32(0).u32(0).u64(0).u64(0).u64(0).u64(0).u32(0).u32(0).u32(1).u32(0).get();
    const ok = decode("recvmmsg", [3n, P, 1n, 0n, L], 1n, [bytes(1, mm), bytes(4, ts(0, 12345678), true), bytes(4, ts(0, 12339599))]);
    expect(ok.line).toMatch(/^recvmmsg\(3, \[\{msg_hdr=\{.*\}, msg_len=1\}\], 1, 0, \{tv_sec=0, tv_nsec=12345678\}\) = 1 \(left \{tv_sec=0, tv_nsec=12339599\}\)$/);
  });
});

describe("socket addresses by family, as strace's net-sockaddr test prints them", () => {
  const conn = (addr: Uint8Array, len = addr.length) => decode("connect", [BigInt.asUintN(64, -1n), P, BigInt(len)], -9n, [bytes(1, addr.subarray(0, Math.min(len, 128)))]);
  const ret = " = -1 EBADF (Bad file descriptor)";

  test("AF_UNIX: at most sun_path's 108 bytes, to the NUL; abstract names whole", () => {
    const path = new B().u16(1).str("0".repeat(108)).raw(new Array(20).fill(0xff)).get();
    expect(conn(path, 129).line).toBe(`connect(-1, {sa_family=AF_UNIX, sun_path="${"0".repeat(108)}"}, 129)${ret}`);
    const abs = new B().u16(1).u8(0).str("0".repeat(107)).raw(new Array(20).fill(0xff)).get();
    expect(conn(abs, 112).line).toBe(`connect(-1, {sa_family=AF_UNIX, sun_path=@"${"0".repeat(107)}"}, 112)${ret}`);
  });

  test("too short for the family's struct: the bytes after the family", () => {
    const inet = new B().u16(2).zero(6).raw([255, 255, 255, 255]).get();
    expect(conn(inet).line).toBe(`connect(-1, {sa_family=AF_INET, sa_data="\\0\\0\\0\\0\\0\\0\\377\\377\\377\\377"}, 12)${ret}`);
    const unknown = new B().u16(0xff).str("0".repeat(134)).get();
    const d = conn(unknown);
    expect(d.line).toBe(`connect(-1, {sa_family=0xff /* AF_??? */, sa_data="${"0".repeat(126)}"}, 136)${ret}`);
    expect(d.json.args.uservaddr).toEqual({ family: 255, data: "30".repeat(126) });
  });

  test("AF_INET6: a link-local scope names its interface", () => {
    const a = new B().u16(10).be16(12345).be32(1234567890).raw([0xff, 0x42]).zero(14).u32(1).get();
    expect(conn(a).line).toBe(
      `connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "ff42::", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}, 28)${ret}`,
    );
  });

  test("AF_NETLINK, AF_PACKET, AF_IPX, AF_X25", () => {
    expect(conn(new B().u16(16).u16(0xffff).u32(1234567890).u32(0xfacefeed).get()).line).toBe(
      `connect(-1, {sa_family=AF_NETLINK, nl_pad=0xffff, nl_pid=1234567890, nl_groups=0xfacefeed}, 12)${ret}`,
    );
    const ll = (halen: number) => new B().u16(17).be16(3).u32(0xfacefeed).u16(1).u8(0).u8(halen).str("abcdefgh").get();
    const d = conn(ll(9));
    expect(d.line).toBe(
      `connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=4207869677, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=9, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, ...]}, 20)${ret}`,
    );
    expect(conn(ll(0)).line).toContain("sll_pkttype=PACKET_HOST, sll_halen=0}, 20)");
    const ipx = new B().u16(4).be16(12345).be32(0xfacefeed).str("ABCDEF").u8(0xff).u8(0x42).get();
    const x = conn(ipx);
    expect(x.line).toBe(
      `connect(-1, {sa_family=AF_IPX, sipx_port=htons(12345), sipx_network=htonl(0xfacefeed), sipx_node=[0x41, 0x42, 0x43, 0x44, 0x45, 0x46], sipx_type=0xff, sipx_zero=0x42}, 16)${ret}`,
    );
    expect(x.json.args.uservaddr).toEqual({ family: "AF_IPX", port: 12345, network: 0xfacefeed, node: "414243444546", type: 255, zero: 66 });
    expect(conn(new B().u16(9).str("0123456789abcdef").get()).line).toBe(`connect(-1, {sa_family=AF_X25, sx25_addr={x25_addr="0123456789abcde"...}}, 18)${ret}`);
  });

  test("AF_AX25: callsigns by name when sane, raw bytes otherwise, digipeaters as far as the length holds", () => {
    const call = (s: string, ssid: number) => new B().raw([...s.padEnd(6, " ")].map((ch) => ch.charCodeAt(0) << 1)).u8(ssid << 1).get();
    const base = (ndigis: number) => new B().u16(3).raw(call("VALID", 13)).zero(3).u32(ndigis);
    expect(conn(base(0).get()).line).toBe(`connect(-1, {sa_family=AF_AX25, sax25_call=VALID-13, sax25_ndigis=0}, 16)${ret}`);
    expect(conn(base(8).get()).line).toBe(`connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=8}, fsa_digipeater=[...]}, 16)${ret}`);
    const odd = new Uint8Array([0xa6, 0xa0, 0x82, 0x40, 0x86, 0x8a, 0x00]); // "SPA CE": a space inside
    const d = conn(base(2).raw(call("OK", 15)).raw(odd).raw(call("", 0)).u8(0).get(), 38);
    expect(d.line).toBe(
      `connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=2}, fsa_digipeater=[OK-15, {ax25_call="\\xa6\\xa0\\x82\\x40\\x86\\x8a\\x00"} /* SPA CE-0 */], ...}, 38)${ret}`,
    );
    expect(d.json.args.uservaddr.digipeaters[1]).toEqual({ ax25_call: "a6a08240868a00", name: "SPA CE-0" });
  });
});

describe("sendmsg's control messages: arrays as long as --strsize, as strace's -s", () => {
  test("SCM_RIGHTS with more descriptors than --strsize; IP_RETOPTS bytes", () => {
    const fds = new B().u64(16 + 33 * 4).u32(1).u32(1);
    for (let k = 0; k < 33; k++) fds.u32(k);
    fds.u32(0);
    const ctl = fds.get();
    const hdr = new B().u64(0).u32(0).u32(0).u64(0).u64(0).u64(0x7f37_be0b_c000n).u64(ctl.length).u32(0).u32(0).get();
    const h = (control: Uint8Array) => { const b = hdr.slice(); new DataView(b.buffer).setBigUint64(40, BigInt(control.length), true); return b; };
    const run = (control: Uint8Array, strMax?: number) =>
      decode("sendmsg", [BigInt.asUintN(64, -1n), P, 0n], -9n, [bytes(1, h(control)), { arg: 1, kind: CaptureKind.MsgControl, data: control }], strMax);
    const list = Array.from({ length: 32 }, (_, k) => k).join(", ");
    const d = run(ctl, 32);
    expect(d.line).toContain(`msg_control=[{cmsg_len=148, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[${list}, ...]}], msg_controllen=152`);
    expect(d.json.args.msg.msg_control[0].cmsg_data).toHaveLength(33);
    // no --strsize known (a decoder without one): every element
    expect(run(ctl).line).toContain(`cmsg_data=[${list}, 32]}]`);
    const opts = new B().u64(16 + 33).u32(0).u32(7).str("ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`a").zero(7).get();
    expect(run(opts, 32).line).toContain("cmsg_type=IP_RETOPTS, cmsg_data=[0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, ...]}]");
  });
});
