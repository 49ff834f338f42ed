/**
 * perf_event_open's struct perf_event_attr and bpf's union bpf_attr, as
 * strace prints them (strace 6.1's perf_event_open and bpf test programs).
 */
import { describe, expect, test } from "bun:test";
import { CaptureFlag, CaptureKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { TextFormatter } from "../../cli/output/text";
import { decodeRecord } from "./decode-record";
import { B, PTR, bytes, call, fault, str } from "./args-helpers";
import { makeCapture } from "../../cli/decode/capture";
import { record } from "./record";
import { readFileSync } from "node:fs";

const table = syscallTable("x86_64");
const nr = (name: string) => table.byName(name)!.nr;
const text = new TextFormatter(false);

const decode = decodeRecord;

/** The first 48 bytes of a perf_event_attr. */
function attr(a: { type: number; size: number; config: bigint; period: bigint; sampleType: bigint; readFormat: bigint; bits: bigint }): Uint8Array {
  return new B().u32(a.type).u32(a.size).u64(a.config).u64(a.period).u64(a.sampleType).u64(a.readFormat).u64(a.bits).get();
}

describe("perf_event_open", () => {
  test("the attr's head, set bit flags, precise_ip with its comment, reserved bits, and `...`", () => {
    const a = attr({ type: 3, size: 80, config: 0xdeadf15700010306n, period: 11140102930111501459n, sampleType: 0x800n, readFormat: 0xdeadf157dec0dee0n, bits: (0x2cac6c2n << 38n) | (3n << 15n) | (1n << 10n) | 1n });
    const d = decode("perf_event_open", [BigInt(PTR), 0n, 0n, 0n, 0n], -22n, [
      { arg: 0, kind: CaptureKind.Bytes, flags: CaptureFlag.Entry, data: a },
      { arg: 0, kind: CaptureKind.Bytes, data: a },
    ]);
    expect(d.line).toBe(
      "perf_event_open({type=PERF_TYPE_HW_CACHE, size=PERF_ATTR_SIZE_VER2, config=0xdeadf157<<32|PERF_COUNT_HW_CACHE_RESULT_MISS<<16|" +
        "0x3 /* PERF_COUNT_HW_CACHE_OP_??? */<<8|PERF_COUNT_HW_CACHE_NODE, sample_freq=11140102930111501459, sample_type=PERF_SAMPLE_BRANCH_STACK, " +
        "read_format=0xdeadf157dec0dee0 /* PERF_FORMAT_??? */, disabled=1, freq=1, precise_ip=3 /* must have 0 skid */, " +
        "__reserved_1=0x2cac6c2 /* Bits 63..38 */, ...}, 0, 0, 0, 0) = -1 EINVAL (Invalid argument)",
    );
    expect(d.json.args.attr_uptr.sample_freq).toBe("11140102930111501459");
    expect(d.json.args.attr_uptr.bits).toEqual(["disabled", "freq"]);
  });

  test("E2BIG shows the size the kernel wrote back", () => {
    const before = attr({ type: 0, size: 0xa0, config: 0xfaceca7500000004n, period: 1n, sampleType: 0n, readFormat: 0x1fn, bits: 0n });
    const after = attr({ type: 0, size: 0x88, config: 0xfaceca7500000004n, period: 1n, sampleType: 0n, readFormat: 0x1fn, bits: 0n });
    const d = call("perf_event_open", [PTR, -1, -1, 1, 0xf], [bytes(0, before, { entry: true }), bytes(0, after)], -7);
    expect(d.line).toBe(
      "perf_event_open({type=PERF_TYPE_HARDWARE, size=0xa0 /* PERF_ATTR_SIZE_??? */ => 0x88 /* PERF_ATTR_SIZE_??? */, " +
        "config=0xfaceca75<<32|PERF_COUNT_HW_BRANCH_INSTRUCTIONS, sample_period=1, sample_type=0, read_format=PERF_FORMAT_TOTAL_TIME_ENABLED|" +
        "PERF_FORMAT_TOTAL_TIME_RUNNING|PERF_FORMAT_ID|PERF_FORMAT_GROUP|PERF_FORMAT_LOST, precise_ip=0 /* arbitrary skid */, ...}, -1, -1, 1, " +
        "PERF_FLAG_FD_NO_GROUP|PERF_FLAG_FD_OUTPUT|PERF_FLAG_PID_CGROUP|PERF_FLAG_FD_CLOEXEC) = -1 E2BIG (Argument list too long)",
    );
  });

  test("a size below PERF_ATTR_SIZE_VER0, or memory that cannot be read: the address", () => {
    const small = attr({ type: 1, size: 56, config: 0n, period: 0n, sampleType: 0n, readFormat: 0n, bits: 0n });
    expect(call("perf_event_open", [PTR, 0, 0, 0, 0], [bytes(0, small, { entry: true })], -22).line).toBe(
      `perf_event_open(0x${PTR.toString(16)}, 0, 0, 0, 0) = -1 EINVAL (Invalid argument)`,
    );
    expect(call("perf_event_open", [PTR, 0, 0, 0, 0], [fault(0)], -14).line).toBe(`perf_event_open(0x${PTR.toString(16)}, 0, 0, 0, 0) = -1 EFAULT (Bad address)`);
  });

  test("software events: unknown configs as hex with a comment; tracepoints in decimal", () => {
    const sw = attr({ type: 1, size: 0, config: 0xcn, period: 0n, sampleType: 0n, readFormat: 0n, bits: 0n });
    expect(call("perf_event_open", [PTR, 0, 0, 0, 0], [bytes(0, sw, { entry: true })], -22).line).toContain(
      "{type=PERF_TYPE_SOFTWARE, size=0 /* PERF_ATTR_SIZE_??? */, config=0xc /* PERF_COUNT_SW_??? */, sample_period=0,",
    );
    const tp = attr({ type: 2, size: 72, config: 16051074073505095380n, period: 0n, sampleType: 0n, readFormat: 0n, bits: 0n });
    expect(call("perf_event_open", [PTR, 0, 0, 0, 0], [bytes(0, tp, { entry: true })], -22).line).toContain(
      "{type=PERF_TYPE_TRACEPOINT, size=PERF_ATTR_SIZE_VER1, config=16051074073505095380,",
    );
  });
});

describe("bpf", () => {
  const cmd = (name: string) => ({ BPF_MAP_CREATE: 0, BPF_MAP_LOOKUP_ELEM: 1, BPF_MAP_FREEZE: 22, BPF_LINK_CREATE: 28 })[name]!;

  test("BPF_MAP_CREATE: fields as far as the size reaches, numa_node only with BPF_F_NUMA_NODE, map_name cut with ...", () => {
    const attr = new B().u32(0x1f).u32(4).u32(8).u32(256).u32(0x3f).u32(0xffffffff).u32(3141592653).str("01234567").get();
    const d = decode("bpf", [BigInt(cmd("BPF_MAP_CREATE")), BigInt(PTR), 36n], -22n, [
      { arg: 1, kind: CaptureKind.Bytes, flags: CaptureFlag.Entry, data: attr },
    ]);
    expect(d.line).toBe(
      "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_USER_RINGBUF, key_size=4, value_size=8, max_entries=256, " +
        "map_flags=BPF_F_NO_PREALLOC|BPF_F_NO_COMMON_LRU|BPF_F_NUMA_NODE|BPF_F_RDONLY|BPF_F_WRONLY|BPF_F_STACK_BUILD_ID, " +
        'inner_map_fd=-1, numa_node=3141592653, map_name="0123456"...}, 36) = -1 EINVAL (Invalid argument)',
    );
    expect(d.json.args.uattr.fields.map_type).toBe("BPF_MAP_TYPE_USER_RINGBUF");
    const zero = call("bpf", [cmd("BPF_MAP_CREATE"), PTR, 4], [bytes(1, [2, 0, 0, 0], { entry: true })], -22);
    expect(zero.line).toBe("bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=0, value_size=0, max_entries=0}, 4) = -1 EINVAL (Invalid argument)");
  });

  test("non-zero bytes past the struct show as ...; unreadable memory, size 0 and sizes past a page as the address", () => {
    const zeros = new Uint8Array(32);
    zeros[0] = 0xff; zeros[1] = 0xff; zeros[2] = 0xff; zeros[3] = 0xff;
    expect(call("bpf", [cmd("BPF_MAP_FREEZE"), PTR, 256], [bytes(1, zeros, { entry: true })], -9).line).toBe(
      "bpf(BPF_MAP_FREEZE, {map_fd=-1}, 256) = -1 EBADF (Bad file descriptor)",
    );
    const filled = zeros.slice();
    filled[4] = 0x30;
    expect(call("bpf", [cmd("BPF_MAP_FREEZE"), PTR, 256], [bytes(1, filled, { entry: true })], -7).line).toBe(
      "bpf(BPF_MAP_FREEZE, {map_fd=-1, ...}, 256) = -1 E2BIG (Argument list too long)",
    );
    const at = `0x${PTR.toString(16)}`;
    expect(call("bpf", [cmd("BPF_MAP_FREEZE"), PTR, 4], [fault(1)], -14).line).toBe(`bpf(BPF_MAP_FREEZE, ${at}, 4) = -1 EFAULT (Bad address)`);
    expect(call("bpf", [cmd("BPF_MAP_FREEZE"), PTR, 0], [], -22).line).toBe(`bpf(BPF_MAP_FREEZE, ${at}, 0) = -1 EINVAL (Invalid argument)`);
    expect(call("bpf", [cmd("BPF_MAP_FREEZE"), PTR, 4097], [bytes(1, filled, { entry: true })], -7).line).toBe(
      `bpf(BPF_MAP_FREEZE, ${at}, 4097) = -1 E2BIG (Argument list too long)`,
    );
  });

  test("BPF_MAP_LOOKUP_ELEM flags by name; BPF_LINK_CREATE's union by attach type", () => {
    const look = new B().u32(-1).u32(0).u64(0xdeadbeef).u64(0xbadc0ded).u64(4).get();
    expect(call("bpf", [cmd("BPF_MAP_LOOKUP_ELEM"), PTR, 32], [bytes(1, look, { entry: true })], -9).line).toBe(
      "bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=-1, key=0xdeadbeef, value=0xbadc0ded, flags=BPF_F_LOCK}, 32) = -1 EBADF (Bad file descriptor)",
    );
    const perf = new B().u32(-1).u32(0xdeadbeef).u32(41).u32(0).u64(0xdeadc0defacebeefn).get();
    expect(call("bpf", [cmd("BPF_LINK_CREATE"), PTR, 24], [bytes(1, perf, { entry: true })], -9).line).toBe(
      "bpf(BPF_LINK_CREATE, {link_create={prog_fd=-1, target_fd=-559038737, attach_type=BPF_PERF_EVENT, flags=0, " +
        "perf_event={bpf_cookie=0xdeadc0defacebeef}}}, 24) = -1 EBADF (Bad file descriptor)",
    );
  });

  test("BPF_PROG_QUERY: unknown attach types as BPF_???, an empty prog_ids array when prog_cnt is 0; unknown commands in hex", () => {
    const q = new B().u32(-1153374643).u32(0xfeedface).u32(0xdeadf00d).u32(0xbeefcafe).u64(PTR).u32(0).get();
    expect(call("bpf", [16, PTR, 28], [bytes(1, q, { entry: true })], -22).line).toBe(
      "bpf(BPF_PROG_QUERY, {query={target_fd=-1153374643, attach_type=0xfeedface /* BPF_??? */, query_flags=BPF_F_QUERY_EFFECTIVE|0xdeadf00c, " +
        "attach_flags=BPF_F_ALLOW_MULTI|BPF_F_REPLACE|0xbeefcaf8, prog_ids=[], prog_cnt=0}}, 28) = -1 EINVAL (Invalid argument)",
    );
    expect(call("bpf", [0xfacefeed, 0, 3134983661], [], -7).line).toBe("bpf(0xfacefeed /* BPF_??? */, NULL, 3134983661) = -1 E2BIG (Argument list too long)");
  });

  test("what the attr's pointers name: BPF_OBJ_PIN's path, BPF_BTF_LOAD's blob, BPF_PROG_LOAD's license and log buffer", () => {
    const pin = new B().u64(0x55a5fc88b770n).u32(-1).get();
    const d = decode("bpf", [6n, BigInt(PTR), 12n], -22n, [
      { arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Entry, data: "/sys/fs/bpf/foo/bar" },
      { arg: 1, kind: CaptureKind.Bytes, flags: CaptureFlag.Entry, data: pin },
    ]);
    expect(d.line).toBe('bpf(BPF_OBJ_PIN, {pathname="/sys/fs/bpf/foo/bar", bpf_fd=-1}, 12) = -1 EINVAL (Invalid argument)');
    expect(d.json.args.uattr.fields.pathname).toBe("/sys/fs/bpf/foo/bar");
    const btf = new B().u64(0x7efdf8c28ff7n).u64(0xfacefeeddeadbeefn).u32(9).u32(0xffffffff).u32(42).get();
    expect(call("bpf", [18, PTR, 28], [bytes(1, btf, { entry: true }), makeCapture(1, CaptureKind.Field, "bPf\0daTum", { entry: true }, 0)], -22).line).toBe(
      'bpf(BPF_BTF_LOAD, {btf="bPf\\0daTum", btf_log_buf=0xfacefeeddeadbeef, btf_size=9, btf_log_size=4294967295, btf_log_level=42}, 28) = -1 EINVAL (Invalid argument)',
    );
    const load = new B().u32(0).u32(1).u64(0x1000).u64(0x2000).u32(1).u32(4).u64(0x3000).get();
    const caps = [bytes(1, load, { entry: true }), str(1, "GPL", { entry: true }), makeCapture(1, CaptureKind.Field, "log buffer", { entry: true }, 32)];
    expect(call("bpf", [5, PTR, 40], caps, -22).line).toBe(
      'bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_UNSPEC, insn_cnt=1, insns=0x1000, license="GPL", log_level=1, log_size=4, log_buf="log "...}, 40) = -1 EINVAL (Invalid argument)',
    );
  });

  test("BPF_LINK_CREATE's arrays: iter_info elements, kprobe_multi's syms strings, addrs; `... /* address */` where reading stopped", () => {
    const it = new B().u32(0).u32(0).u32(28).u32(0).u64(0x7000ff0n).u32(6).get();
    const elems = new B().u32(0).u32(42).u32(314159265).u32(0xbadc0ded).u32(-1).get();
    const caps = [bytes(1, it, { entry: true }), makeCapture(1, CaptureKind.Field, elems, { entry: true }, 16), makeCapture(1, CaptureKind.Field, new Uint8Array(), { entry: true, fault: true }, 16 | 0x2000)];
    expect(call("bpf", [28, PTR, 28], caps, -22).line).toBe(
      "bpf(BPF_LINK_CREATE, {link_create={prog_fd=0, target_fd=0, attach_type=BPF_TRACE_ITER, flags=0, iter_info=[{map={map_fd=0}}, {map={map_fd=42}}, " +
        "{map={map_fd=314159265}}, {map={map_fd=-1159983635}}, {map={map_fd=-1}}, ... /* 0x7001004 */], iter_info_len=6}}, 28) = -1 EINVAL (Invalid argument)",
    );
    const km = new B().u32(0).u32(0).u32(42).u32(0).u32(1).u32(3).u64(0x1000).u64(0x2000).u64(0).get();
    const kcaps = [
      bytes(1, km, { entry: true }),
      makeCapture(1, CaptureKind.Field, new B().u64(0x5000).u64(0).u64(0x6000).get(), { entry: true }, 24),
      makeCapture(1, CaptureKind.Field, new B().u64(0).u64(1).u64(0xfacefeeddeadc0den).get(), { entry: true }, 32),
      makeCapture(1, CaptureKind.Str, "foo", { entry: true }, 1),
      makeCapture(1, CaptureKind.Str, "abcdefghijklmnopqrstuvwxyz012345", { entry: true, truncated: true }, 3),
    ];
    expect(call("bpf", [28, PTR, 48], kcaps, -22).line).toBe(
      "bpf(BPF_LINK_CREATE, {link_create={prog_fd=0, target_fd=0, attach_type=BPF_TRACE_KPROBE_MULTI, flags=0, kprobe_multi={flags=BPF_F_KPROBE_MULTI_RETURN, cnt=3, " +
        'syms=["foo", NULL, "abcdefghijklmnopqrstuvwxyz012345"...], addrs=[0, 0x1, 0xfacefeeddeadc0de], cookies=NULL}}}, 48) = -1 EINVAL (Invalid argument)',
    );
  });

  test("interface indexes by name, as this host names them; unknown ones as numbers", () => {
    const lo = Number(readFileSync("/sys/class/net/lo/ifindex", "utf8"));
    const attr = (ifindex: number) => new B().u32(1).u32(4).u32(4).u32(1).u32(0).u32(0).u32(0).zero(16).u32(ifindex).get();
    expect(call("bpf", [0, PTR, 48], [bytes(1, attr(lo), { entry: true })], -22).line).toBe(
      'bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_HASH, key_size=4, value_size=4, max_entries=1, map_flags=0, inner_map_fd=0, map_name="", map_ifindex=if_nametoindex("lo")}, 48) = -1 EINVAL (Invalid argument)',
    );
    expect(call("bpf", [0, PTR, 48], [bytes(1, attr(3141592653), { entry: true })], -22).line).toContain("map_ifindex=3141592653}");
  });
});

describe("ptrace", () => {
  const req = (name: string) => ({ PTRACE_CONT: 7, PTRACE_ATTACH: 16, PTRACE_GETREGS: 12, PTRACE_SETOPTIONS: 0x4200, PTRACE_GETREGSET: 0x4204, PTRACE_GETSIGMASK: 0x420a })[name]!;
  const wide = 0xdefaced00000000n;

  test("the pid's low 32 bits exactly, from a register beyond 2^53", () => {
    expect(decode("ptrace", [BigInt(req("PTRACE_ATTACH")), wide | 5582n, 0n, 0n], -1n, []).line).toBe("ptrace(PTRACE_ATTACH, 5582) = -1 EPERM (Operation not permitted)");
    const iov = new B().u64(0x7f573e5a6000n).u64(217).get();
    const d = decode("ptrace", [BigInt(req("PTRACE_GETREGSET")), wide | 5582n, 1n, BigInt(PTR)], -22n, [{ arg: 3, kind: CaptureKind.Bytes, flags: CaptureFlag.Entry, data: iov }]);
    expect(d.line).toBe("ptrace(PTRACE_GETREGSET, 5582, NT_PRSTATUS, {iov_base=0x7f573e5a6000, iov_len=217}) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.data).toEqual({ iov_base: "0x7f573e5a6000", iov_len: 217 });
  });

  test("the arguments each request uses: pid alone, data alone, a signal, options, a size, a regset and its iovec", () => {
    expect(call("ptrace", [req("PTRACE_GETREGS"), 5582, 0xdeadbeef, PTR], [], -3).line).toBe(`ptrace(PTRACE_GETREGS, 5582, 0x${PTR.toString(16)}) = -1 ESRCH (No such process)`);
    expect(call("ptrace", [req("PTRACE_CONT"), 5582, 0, 10], [], -3).line).toBe("ptrace(PTRACE_CONT, 5582, NULL, SIGUSR1) = -1 ESRCH (No such process)");
    expect(call("ptrace", [req("PTRACE_CONT"), 5583, 0, 0], [], 0).line).toBe("ptrace(PTRACE_CONT, 5583, NULL, 0) = 0");
    expect(call("ptrace", [req("PTRACE_SETOPTIONS"), 5582, 0, 3], [], -3).line).toBe("ptrace(PTRACE_SETOPTIONS, 5582, NULL, PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACEFORK) = -1 ESRCH (No such process)");
    expect(call("ptrace", [0x420e, 5582, 1, 0], [], -14).line).toBe("ptrace(PTRACE_GET_SYSCALL_INFO, 5582, 1, NULL) = -1 EFAULT (Bad address)");
    expect(call("ptrace", [req("PTRACE_GETSIGMASK"), 5582, 8, PTR], [], -3).line).toBe(`ptrace(PTRACE_GETSIGMASK, 5582, 8, 0x${PTR.toString(16)}) = -1 ESRCH (No such process)`);
    const iov = new B().u64(0x7f573e5a6000n).u64(217).get();
    expect(call("ptrace", [req("PTRACE_GETREGSET"), 5582, 2, PTR], [bytes(3, iov, { entry: true })], -22).line).toBe(
      "ptrace(PTRACE_GETREGSET, 5582, NT_FPREGSET, {iov_base=0x7f573e5a6000, iov_len=217}) = -1 EINVAL (Invalid argument)",
    );
    expect(call("ptrace", [req("PTRACE_GETREGSET"), 5582, 0x1000, PTR], [fault(3)], -3).line).toBe(
      `ptrace(PTRACE_GETREGSET, 5582, 0x1000 /* NT_??? */, 0x${PTR.toString(16)}) = -1 ESRCH (No such process)`,
    );
  });

  test("the registers a regset names, as far as iov_len reaches; the address when iov_len is not a multiple of 8 or the call failed", () => {
    const iov = (len: number) => new B().u64(0x7f1ab1744e00n).u64(len).get();
    const regs = new B().u64(0x559c64fce139n).u64(0x559c64fce0cfn).u64(0).get();
    const set = (len: number) => call("ptrace", [0x4205, 5, 1, PTR], [bytes(3, iov(len), { entry: true }), makeCapture(3, CaptureKind.Field, regs.subarray(0, len), { entry: true }, 0), bytes(3, iov(len))], -22).line;
    expect(set(16)).toBe("ptrace(PTRACE_SETREGSET, 5, NT_PRSTATUS, {iov_base={r15=0x559c64fce139, r14=0x559c64fce0cf}, iov_len=16}) = -1 EINVAL (Invalid argument)");
    expect(set(9)).toBe("ptrace(PTRACE_SETREGSET, 5, NT_PRSTATUS, {iov_base=0x7f1ab1744e00, iov_len=9}) = -1 EINVAL (Invalid argument)");
    const fp = new Uint8Array(512);
    new DataView(fp.buffer).setUint16(0, 0x37f, true);
    new DataView(fp.buffer).setUint32(24, 0x1f80, true);
    const get = call("ptrace", [0x4204, 5, 2, PTR], [bytes(3, iov(520), { entry: true }), bytes(3, iov(512)), makeCapture(3, CaptureKind.Field, fp, {}, 0)], 0).line;
    expect(get).toStartWith("ptrace(PTRACE_GETREGSET, 5, NT_FPREGSET, {iov_base={cwd=0x37f, swd=0, ftw=0, fop=0, rip=0, rdp=0, mxcsr=0x1f80, mxcr_mask=0, st_space=[0, 0,");
    expect(get).toEndWith("0]}, iov_len=520 => 512}) = 0");
    expect(call("ptrace", [12, 5, 0, PTR], [], -14).line).toBe(`ptrace(PTRACE_GETREGS, 5, 0x${PTR.toString(16)}) = -1 EFAULT (Bad address)`);
  });

  test("the siginfo PTRACE_SETSIGINFO passes, by signal and code; PTRACE_SETSIGMASK's set; PTRACE_SECCOMP_GET_METADATA's filter_off", () => {
    const si = (signo: number, errno: number, code: number, rest: (b: B) => B) => {
      const b = rest(new B().u32(signo).u32(errno).u32(code).u32(0)).get();
      const out = new Uint8Array(128);
      out.set(b);
      return out;
    };
    const setsiginfo = (data: Uint8Array) => call("ptrace", [0x4203, 5, 0, PTR], [makeCapture(3, CaptureKind.Field, data, { entry: true }, 0)], -3).line.replace(/^ptrace\(PTRACE_SETSIGINFO, 5, NULL, /, "").replace(/\) = .*/, "");
    expect(setsiginfo(si(29, 2, 1, (b) => b.u64(-2n).u32(23)))).toBe("{si_signo=SIGIO, si_code=POLL_IN, si_errno=ENOENT, si_band=-2, si_fd=23}");
    expect(setsiginfo(si(5, 2, 7, (b) => b.u64(0xfacefeeddeadbeefn)))).toBe("{si_signo=SIGTRAP, si_code=0x7, si_errno=ENOENT, si_addr=0xfacefeeddeadbeef}");
    expect(setsiginfo(si(7, -2, 4, (b) => b.u64(0xfacefeeddeadbeefn).u16(0xdead)))).toBe(
      "{si_signo=SIGBUS, si_code=BUS_MCEERR_AR, si_errno=4294967294, si_addr=0xfacefeeddeadbeef, si_addr_lsb=0xdead}",
    );
    expect(setsiginfo(si(11, 0, 3, (b) => b.u64(0xfacefeeddeadbeefn).u64(0).u64(0).u64(0xdeadc0debeadfeedn)))).toBe(
      "{si_signo=SIGSEGV, si_code=SEGV_BNDERR, si_addr=0xfacefeeddeadbeef, si_lower=NULL, si_upper=0xdeadc0debeadfeed}",
    );
    expect(setsiginfo(si(31, 2, 1, (b) => b.u64(0).u32(0).u32(0xc000003e)))).toBe(
      "{si_signo=SIGSYS, si_code=SYS_SECCOMP, si_errno=ENOENT, si_call_addr=NULL, si_syscall=__NR_read, si_arch=AUDIT_ARCH_X86_64}",
    );
    expect(setsiginfo(si(1, 2, -2, (b) => b.u32(0xdeadbeef).u32(-1).u64(0xfacefeeddeadbeefn)))).toBe(
      "{si_signo=SIGHUP, si_code=SI_TIMER, si_errno=ENOENT, si_timerid=0xdeadbeef, si_overrun=-1, si_int=-559038737, si_ptr=0xfacefeeddeadbeef}",
    );
    expect(setsiginfo(si(27, -2, 0xbadc0ded, (b) => b.u32(0).u32(3)))).toBe("{si_signo=SIGPROF, si_code=0xbadc0ded, si_errno=4294967294, si_pid=0, si_uid=3}");
    expect(call("ptrace", [0x420b, 5, 8, PTR], [makeCapture(3, CaptureKind.Field, new B().u64(1n << 9n).get(), { entry: true }, 0)], -3).line).toBe(
      "ptrace(PTRACE_SETSIGMASK, 5, 8, [USR1]) = -1 ESRCH (No such process)",
    );
    expect(call("ptrace", [0x420d, 5, 16, PTR], [makeCapture(3, CaptureKind.Field, new B().u64(42).get(), { entry: true }, 0)], -3).line).toBe(
      "ptrace(PTRACE_SECCOMP_GET_METADATA, 5, 16, {filter_off=42}) = -1 ESRCH (No such process)",
    );
  });

  test("PTRACE_PEEKSIGINFO: its arguments at addr, the siginfos it read", () => {
    const args = new B().u64(0).u32(0).u32(4).get();
    const one = new Uint8Array(128);
    new DataView(one.buffer).setInt32(0, 10, true);
    new DataView(one.buffer).setInt32(8, -6, true);
    new DataView(one.buffer).setInt32(16, 7817, true);
    const line = call("ptrace", [0x4209, 7817, PTR, PTR + 64], [bytes(2, args, { entry: true }), makeCapture(3, CaptureKind.Field, one, {}, 0)], 1).line;
    expect(line).toBe("ptrace(PTRACE_PEEKSIGINFO, 7817, {off=0, flags=0, nr=4}, [{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=7817, si_uid=0}]) = 1");
  });
});


describe("the strace test bench", () => {
  test("without -f, only the test program's own calls count, as strace traces only them (its children's PTRACE_TRACEME is not the test's)", async () => {
    const { testProcess } = await import("../../bench/strace-tests");
    const ev = (pid: number, text: string) => ({ comm: "ptrace", pid, tid: pid, text, name: "ptrace" });
    const events = [ev(100, "ptrace(PTRACE_ATTACH, 100) = -1 EPERM (Operation not permitted)"), ev(101, "ptrace(PTRACE_TRACEME) = 0"), ev(100, "ptrace(PTRACE_CONT, 101, NULL, 0) = 0")];
    expect(testProcess(events, { name: "ptrace", options: "-a23 -s64 -e signal=none" }).map((e) => e.pid)).toEqual([100, 100]);
    expect(testProcess(events, { name: "ptrace", options: "-f -a23" })).toHaveLength(3);
    // a child that calls first is still not the test's process
    expect(testProcess([events[1]!, events[0]!], { name: "ptrace", options: "-a23" }).map((e) => e.pid)).toEqual([100]);
  });
});
