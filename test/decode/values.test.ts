/**
 * Values from the record to the text and the JSON: 64-bit numbers exact,
 * arguments cut to their C type as the kernel reads them, interrupted
 * calls, unknown bits, flags in strace's order.
 */
import { describe, expect, test } from "bun:test";
import { captureSpecFor } from "../../cli/decode/args";
import { ArgCapture } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { TextFormatter } from "../../cli/output/text";
import { decodeRecord } from "./decode-record";
import { bytes, call } from "./args-helpers";
import { record } from "./record";

const table = syscallTable("x86_64");
const text = new TextFormatter(false);

const decode = decodeRecord;

describe("64-bit values", () => {
  test("offsets and results beyond 2^53 print exactly; JSON has their decimal strings", () => {
    const d = decode("lseek", [3n, 123456789012345678n, 0n], 123456789012345678n);
    expect(d.line).toBe("lseek(3, 123456789012345678, SEEK_SET) = 123456789012345678");
    expect(d.json.args.offset).toBe("123456789012345678");
    expect(d.json.return).toBe("123456789012345678");
    const neg = decode("lseek", [3n, BigInt.asUintN(64, -2401053089477161491n), 0n], -22n);
    expect(neg.line).toBe("lseek(3, -2401053089477161491, SEEK_SET) = -1 EINVAL (Invalid argument)");
    expect(neg.json.args.offset).toBe("-2401053089477161491");
  });

  test("sizes are unsigned: 16045690984232390125, and -1 as 18446744073709551615", () => {
    expect(decode("read", [BigInt.asUintN(64, -1n), 0n, 16045690984232390125n], -9n).json.args.count).toBe("16045690984232390125");
    const d = decode("read", [BigInt.asUintN(64, -1n), 0n, BigInt.asUintN(64, -1n)], -9n);
    expect(d.line).toBe("read(-1, NULL, 18446744073709551615) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.count).toBe("18446744073709551615");
  });

  test("values that fit stay JSON numbers", () => {
    const d = decode("lseek", [3n, 9007199254740991n, 0n], 9007199254740991n);
    expect(d.json.args.offset).toBe(9007199254740991);
    expect(d.json.return).toBe(9007199254740991);
  });

  test("addresses and hex arguments keep every bit", () => {
    expect(decode("munmap", [0xfff0123456789abcn, 4096n], -22n).line).toBe("munmap(0xfff0123456789abc, 4096) = -1 EINVAL (Invalid argument)");
    const m = decode("mmap", [0n, 4096n, 1n, 2n, BigInt.asUintN(64, -1n), 0xfedcba9876543210n], -9n);
    expect(m.line).toBe("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0xfedcba9876543210) = -1 EBADF (Bad file descriptor)");
  });

  test("a pointer argument shown as its address keeps every bit, whatever decodes it", () => {
    const far = 0xfff0123456789abcn;
    // output memory of a failed call, memory never captured, a value-result length: each is its address
    expect(decode("fstat", [3n, far], -14n).line).toBe("fstat(3, 0xfff0123456789abc) = -1 EFAULT (Bad address)");
    expect(decode("writev", [1n, far, 1n], -14n).line).toBe("writev(1, 0xfff0123456789abc, 1) = -1 EFAULT (Bad address)");
    expect(decode("wait4", [BigInt.asUintN(64, -1n), far, 1n, 0n], 0n).line).toBe("wait4(-1, 0xfff0123456789abc, WNOHANG, NULL) = 0");
    expect(decode("accept", [3n, far, far + 16n], -14n).line).toBe("accept(3, 0xfff0123456789abc, 0xfff0123456789acc) = -1 EFAULT (Bad address)");
  });

  test("ptrace: the request is a long, addr and data keep every bit", () => {
    const unknown = decode("ptrace", [0xdeadbeeffffffeedn, 4242n, 0n, 0n], -3n);
    expect(unknown.line).toBe("ptrace(0xdeadbeeffffffeed /* PTRACE_??? */, 4242, NULL, NULL) = -1 ESRCH (No such process)");
    expect(unknown.json.args.request).toBe(String(BigInt.asIntN(64, 0xdeadbeeffffffeedn)));
    const peek = decode("ptrace", [2n, 4242n, 0xdeadbeeffffffeedn, 0xdeadcafefffff00dn], -3n);
    expect(peek.line).toBe("ptrace(PTRACE_PEEKDATA, 4242, 0xdeadbeeffffffeed, 0xdeadcafefffff00d) = -1 ESRCH (No such process)");
    expect(peek.json.args.addr).toBe("0xdeadbeeffffffeed");
    // PEEKUSER's addr is an offset into struct user: hex, 0 included
    expect(decode("ptrace", [3n, 4242n, 0n, 0n], -3n).line).toBe("ptrace(PTRACE_PEEKUSER, 4242, 0x0, NULL) = -1 ESRCH (No such process)");
  });
});

describe("arguments cut to their C type", () => {
  const HI = 0xdeadbeef00000000n;
  test("an int with garbage above it is its low 32 bits, with its sign", () => {
    expect(decode("fcntl", [3n, HI | 1n, 0n], 0n).line).toBe("fcntl(3, F_GETFD) = 0");
    expect(decode("fcntl", [HI | 3n, 2n, HI | 1n], 0n).line).toBe("fcntl(3, F_SETFD, FD_CLOEXEC) = 0");
    expect(decode("close_range", [HI | 1000n, HI | 1001n, HI], 0n).line).toBe("close_range(1000, 1001, 0) = 0");
    expect(decode("faccessat", [HI | 0xffffff9cn, 0n, HI | 4n], -14n).line).toBe("faccessat(AT_FDCWD, NULL, R_OK) = -1 EFAULT (Bad address)");
    expect(decode("kill", [HI | 99999999n, HI], -3n).line).toBe("kill(99999999, 0) = -1 ESRCH (No such process)");
  });

  test("key_serial_t is signed: -1234567890, not 3060399406", () => {
    const d = decode("add_key", [0n, 0n, 0n, 1n, BigInt.asUintN(64, -1234567890n)], -22n);
    expect(d.line).toBe("add_key(NULL, NULL, NULL, 1, -1234567890) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.ringid).toBe(-1234567890);
    expect(decode("add_key", [0n, 0n, 0n, 0n, BigInt.asUintN(64, -3n)], -22n).line).toContain("KEY_SPEC_SESSION_KEYRING");
  });

  test("the JSON shows the value the kernel used", () => {
    expect(decode("io_setup", [HI | 1n, 0n], -14n).json.args.nr_events).toBe(1);
  });
});

describe("results and text", () => {
  test("calls interrupted by a signal have no result, with strace's wording", () => {
    expect(call("read", [3, 0x7ffc12345678, 1], [], -512).line).toBe("read(3, 0x7ffc12345678, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
    expect(call("pause", [], [], -514).line).toBe("pause() = ? ERESTARTNOHAND (To be restarted if no handler)");
    expect(call("pause", [], [], -513).line).toBe("pause() = ? ERESTARTNOINTR (To be restarted)");
    expect(call("nanosleep", [0, 0], [], -516).line).toBe("nanosleep(NULL, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    const d = decode("pause", [], -516n);
    expect([d.json.error, d.json.return]).toEqual(["ERESTART_RESTARTBLOCK", -516]);
  });

  test("unknown bits: hex with a comment when nothing is known, else after the names", () => {
    expect(call("unshare", [1], [], -22).line).toBe("unshare(0x1 /* CLONE_??? */) = -1 EINVAL (Invalid argument)");
    expect(call("access", [0, 0x10], [], -22).line).toBe("access(NULL, 0x10 /* ?_OK */) = -1 EINVAL (Invalid argument)");
    expect(call("newfstatat", [-100, 0, 0, 0x4000], [], -14).line).toBe("newfstatat(AT_FDCWD, NULL, NULL, 0x4000 /* AT_??? */) = -1 EFAULT (Bad address)");
    expect(call("openat", [-100, 0, 0x80000000, 0], [], -14).line).toBe("openat(AT_FDCWD, NULL, O_RDONLY|0x80000000) = -1 EFAULT (Bad address)");
  });

  test("flags in strace's order, JSON in the same order", () => {
    const t = call("timerfd_create", [1, 0x80800], [], 4);
    expect(t.line).toBe("timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 4");
    expect(t.json.flags).toEqual(["TFD_CLOEXEC", "TFD_NONBLOCK"]);
    expect(call("eventfd2", [3, 0x80801], [], 4).line).toBe("eventfd2(3, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = 4");
    expect(call("statx", [-100, 0, 0x1000, 1, 0], [], -14).line).toBe("statx(AT_FDCWD, NULL, AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_TYPE, NULL) = -1 EFAULT (Bad address)");
    expect(call("statx", [-100, 0, 0x4100, 1, 0], [], -14).json.flags).toEqual(["AT_STATX_DONT_SYNC", "AT_SYMLINK_NOFOLLOW"]);
  });

  test("mknod shows the device only for character and block devices", () => {
    expect(call("mknod", [0, 0o10600, 0], [], -14).line).toBe("mknod(NULL, S_IFIFO|0600) = -1 EFAULT (Bad address)");
    const d = call("mknodat", [-100, 0, 0o20600, 0x103], [], -14);
    expect(d.line).toBe("mknodat(AT_FDCWD, NULL, S_IFCHR|0600, makedev(0x1, 0x3)) = -1 EFAULT (Bad address)");
    expect(d.json.dev).toEqual({ major: 1, minor: 3 });
  });

  test("execve counts one variable as 1 var", () => {
    const d = call("execve", [0, 0, 0x7ffe94dd32b0], [bytes(2, [1, 0, 0, 0])], -2);
    expect(d.line).toBe("execve(NULL, NULL, 0x7ffe94dd32b0 /* 1 var */) = -1 ENOENT (No such file or directory)");
  });
});

describe("capture lengths", () => {
  test("every buffer read as far as the return value is bounded by the size argument the caller passed", () => {
    let seen = 0;
    for (const info of table.all()) {
      const spec = captureSpecFor(info);
      spec.kinds.forEach((k, i) => {
        if (k !== ArgCapture.BytesRetLen) return;
        seen++;
        const bound = (spec.sizes[i]! & 0xff) - 1; // the bits above: SizeFlag
        expect([info.name, bound >= 0 ? info.argNames[bound] : "(none)"]).toEqual([info.name, expect.stringMatching(/^(count|size|len|bufsiz|msg_len)$/)]);
      });
    }
    expect(seen).toBeGreaterThan(5);
  });
});
