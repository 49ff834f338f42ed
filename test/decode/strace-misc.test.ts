/**
 * Lines strace 6.1's own test programs expect, for calls with offsets,
 * vectors, per-command arguments and small output structs: each record goes
 * through EventDecoder, the text is compared with strace's and the JSON
 * validated against the schema.
 */
import { describe, expect, test } from "bun:test";
import { EventDecoder } from "../../cli/decode/event";
import { CaptureFlag, CaptureKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { B } from "./args-helpers";
import { decodeRecord } from "./decode-record";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const table = syscallTable("x86_64");
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const P = 0x7f24dcc10000n;
const u = (v: bigint | number) => BigInt.asUintN(64, BigInt(v));

const decode = decodeRecord;
const mem = (arg: number, data: Uint8Array, entry = false): Cap => ({ arg, kind: CaptureKind.Bytes, data, flags: entry ? CaptureFlag.Entry : 0 });
const bad = (arg: number, entry = false): Cap => ({ arg, kind: CaptureKind.Bytes, data: new Uint8Array(), flags: CaptureFlag.Fault | (entry ? CaptureFlag.Entry : 0) });
const q = (v: bigint) => new B().u64(v).get();

describe("offsets read from memory", () => {
  test("copy_file_range and splice: loff_t exact, signed", () => {
    const a = -2401053079814340911n;
    const b = -2401053075519373614n;
    const d = decode("copy_file_range", [-1, P, -2, P + 8n, 16045691002485145299n, 0], -9, [mem(1, q(a), true), mem(3, q(b), true)]);
    expect(d.line).toBe("copy_file_range(-1, [-2401053079814340911], -2, [-2401053075519373614], 16045691002485145299, 0) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.off_in).toBe("-2401053079814340911");
    const s = decode("splice", [-1, P, -2, P + 8n, 1, 0], -9, [mem(1, q(a), true), mem(3, q(b), true)]);
    expect(s.line).toBe("splice(-1, [-2401053079814340911], -2, [-2401053075519373614], 1, 0) = -1 EBADF (Bad file descriptor)");
  });

  test("sendfile: the offset unsigned; an unreadable one as its address", () => {
    const d = decode("sendfile", [4, 5, P, 1], -22, [mem(2, q(14627392582579060461n), true)]);
    expect(d.line).toBe("sendfile(4, 5, [14627392582579060461], 1) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.offset).toBe("14627392582579060461");
    expect(decode("sendfile", [0, 1, P, 4096], -14, [bad(2, true), bad(2)]).line).toBe("sendfile(0, 1, 0x7f24dcc10000, 4096) = -1 EFAULT (Bad address)");
    expect(decode("sendfile", [0, 1, P, 4096], 2, [mem(2, q(0n), true), mem(2, q(2n))]).line).toBe("sendfile(0, 1, [0] => [2], 4096) = 2");
  });
});

describe("numbers and flags", () => {
  test("userfaultfd's flags; lookup_dcookie's three arguments", () => {
    expect(decode("userfaultfd", [0x80801], 10).line).toBe("userfaultfd(UFFD_USER_MODE_ONLY|O_NONBLOCK|O_CLOEXEC) = 10");
    expect(decode("userfaultfd", [-1], -22).line).toBe("userfaultfd(UFFD_USER_MODE_ONLY|O_NONBLOCK|O_CLOEXEC|0xfff7f7fe) = -1 EINVAL (Invalid argument)");
    expect(decode("lookup_dcookie", [17390648783711107790n, P, 4096, 0, 115, P], -38).line).toBe(
      "lookup_dcookie(17390648783711107790, 0x7f24dcc10000, 4096) = -1 ENOSYS (Function not implemented)",
    );
    expect(decode("lookup_dcookie", [0, 0, 0], -38).line).toBe("lookup_dcookie(0, NULL, 0) = -1 ENOSYS (Function not implemented)");
  });

  test("memory policies: the mode with its flags in strace's order, unknown modes in hex; mbind's flags", () => {
    expect(decode("set_mempolicy", [0xe003, 0, 0], -22).line).toBe(
      "set_mempolicy(MPOL_INTERLEAVE|MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|MPOL_F_NUMA_BALANCING, NULL, 0) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("set_mempolicy", [6, 0, 0], -22).line).toBe("set_mempolicy(0x6 /* MPOL_??? */, NULL, 0) = -1 EINVAL (Invalid argument)");
    expect(decode("set_mempolicy", [0xffff1fff, 0, 0], -22).line).toBe("set_mempolicy(0xffff1fff /* MPOL_??? */, NULL, 0) = -1 EINVAL (Invalid argument)");
    expect(decode("set_mempolicy", [-1, 0, 0], -22).line).toBe(
      "set_mempolicy(MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|MPOL_F_NUMA_BALANCING|0xffff1fff, NULL, 0) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("mbind", [P, 4096, 0xffffffff00000000n, 0, 0, 0], 0).line).toBe("mbind(0x7f24dcc10000, 4096, 0xffffffff00000000 /* MPOL_??? */, NULL, 0, 0) = 0");
    expect(decode("mbind", [P, 4096, 1, 0, 0, 0xffffffff], -22).line).toBe(
      "mbind(0x7f24dcc10000, 4096, MPOL_PREFERRED, NULL, 0, MPOL_MF_STRICT|MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0xfffffff8) = -1 EINVAL (Invalid argument)",
    );
  });
});

describe("structs", () => {
  test("_sysctl's struct __sysctl_args", () => {
    expect(decode("_sysctl", [P], -38, [bad(0)]).line).toBe("_sysctl(0x7f24dcc10000) = -1 ENOSYS (Function not implemented)");
    expect(decode("_sysctl", [P], -38, [mem(0, new Uint8Array(80))]).line).toBe(
      "_sysctl({name=NULL, nlen=0, oldval=NULL, oldlenp=NULL, newval=NULL, newlen=0}) = -1 ENOSYS (Function not implemented)",
    );
    const a = new B().u64(P).u32(1818978921).u32(0).u64(0x7877767574737271n).u64(0x6665646362617a79n).u64(0x6e6d6c6b6a696867n).u64(8535856707940741231n).zero(32).get();
    const d = decode("_sysctl", [P], -38, [mem(0, a)]);
    expect(d.line).toBe(
      "_sysctl({name=0x7f24dcc10000, nlen=1818978921, oldval=0x7877767574737271, oldlenp=0x6665646362617a79, newval=0x6e6d6c6b6a696867, newlen=8535856707940741231}) = -1 ENOSYS (Function not implemented)",
    );
    expect(d.json.args.args.newlen).toBe("8535856707940741231");
  });
});

describe("arrays", () => {
  const gids = (...g: number[]) => g.reduce((b, x) => b.u32(x), new B()).get();
  test("setgroups/getgroups: -1 by sign, the elements before an unreadable page, [] for none, past NGROUPS_MAX the address", () => {
    expect(decode("setgroups", [1, P], -22, [mem(1, gids(0xffffffff))]).line).toBe("setgroups(1, [-1]) = -1 EINVAL (Invalid argument)");
    const partial: Cap = { arg: 1, kind: CaptureKind.Bytes, data: gids(0xffffffff), flags: CaptureFlag.Fault };
    const d = decode("setgroups", [2, P - 4n], -22, [partial]);
    expect(d.line).toBe("setgroups(2, [-1, ... /* 0x7f24dcc10000 */]) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.grouplist).toEqual([-1, { addr: "0x7f24dcc10000", error: "EFAULT" }]);
    expect(decode("setgroups", [3, P], -22, [mem(1, gids(0, 1))]).line).toBe("setgroups(3, [0, 1, ...]) = -1 EINVAL (Invalid argument)");
    expect(decode("setgroups", [65537, P], -22, [bad(1)]).line).toBe("setgroups(65537, 0x7f24dcc10000) = -1 EINVAL (Invalid argument)");
    expect(decode("setgroups", [1, P], -14, [bad(1)]).line).toBe("setgroups(1, 0x7f24dcc10000) = -1 EFAULT (Bad address)");
    expect(decode("getgroups", [1, P - 1n], 0, [bad(1)]).line).toBe("getgroups(1, []) = 0");
  });

  test("seccomp: the action asked about, the notification sizes, other operations' flags in hex", () => {
    const act: Cap = { arg: 2, kind: CaptureKind.Bytes, data: new B().u32(0x7ffc0000).get(), flags: CaptureFlag.Fault };
    expect(decode("seccomp", [2, 0, P - 4n], 0, [act]).line).toBe("seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_LOG]) = 0");
    const odd: Cap = { arg: 2, kind: CaptureKind.Bytes, data: new B().u32(0xffffffff).get(), flags: CaptureFlag.Fault };
    expect(decode("seccomp", [2, 0, P - 4n], -95, [odd]).line).toBe("seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [0xffffffff /* SECCOMP_RET_??? */]) = -1 EOPNOTSUPP (Operation not supported)");
    expect(decode("seccomp", [2, 0xcafef00d, 0], -22).line).toBe("seccomp(SECCOMP_GET_ACTION_AVAIL, 0xcafef00d, NULL) = -1 EINVAL (Invalid argument)");
    const sizes: Cap = { arg: 2, kind: CaptureKind.Bytes, data: new B().u16(80).u16(24).u16(64).get(), flags: CaptureFlag.Fault };
    const d = decode("seccomp", [3, 0, P - 6n], 0, [sizes]);
    expect(d.line).toBe("seccomp(SECCOMP_GET_NOTIF_SIZES, 0, {seccomp_notif=80, seccomp_notif_resp=24, seccomp_data=64}) = 0");
    expect(d.json.args.uargs).toEqual({ seccomp_notif: 80, seccomp_notif_resp: 24, seccomp_data: 64 });
    expect(decode("seccomp", [3, 0xdeadc0de, P - 6n], -22, [sizes]).line).toBe("seccomp(SECCOMP_GET_NOTIF_SIZES, 0xdeadc0de, 0x7f24dcc0fffa) = -1 EINVAL (Invalid argument)");
  });
});

describe("vectors", () => {
  const iov = (...e: [bigint, bigint][]) => e.reduce((b, [base, len]) => b.u64(base).u64(len), new B()).get();
  test("process_madvise: addresses only, [] for none, the elements before an unreadable page; advice and flags unsigned", () => {
    const two = iov([0x8786858483828180n, 10344361028892658056n], [0x9796959493929190n, 11501803794301884824n]);
    expect(decode("process_madvise", [0, P, 2, 0, 0xffffffff], -22, [mem(1, two)]).line).toBe(
      "process_madvise(0, [{iov_base=0x8786858483828180, iov_len=10344361028892658056}, {iov_base=0x9796959493929190, iov_len=11501803794301884824}], 2, MADV_NORMAL, 0xffffffff) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("process_madvise", [0, P, 0, 21, 0xcafef00d], -22, [mem(1, new Uint8Array())]).line).toBe("process_madvise(0, [], 0, MADV_PAGEOUT, 0xcafef00d) = -1 EINVAL (Invalid argument)");
    const cut: Cap = { arg: 1, kind: CaptureKind.Bytes, data: two.subarray(16), flags: CaptureFlag.Fault };
    const d = decode("process_madvise", [-1, P - 16n, 2, 0xdeadc0de, 0], -22, [cut]);
    expect(d.line).toBe(
      "process_madvise(-1, [{iov_base=0x9796959493929190, iov_len=11501803794301884824}, ... /* 0x7f24dcc10000 */], 2, 0xdeadc0de /* MADV_??? */, 0) = -1 EINVAL (Invalid argument)",
    );
  });

  test("process_vm_readv's flags are an unsigned long", () => {
    expect(decode("process_vm_readv", [-559035817, 0, 16051074064918957778n, 0, 16051074073508892372n, 16045693110771703469n], -22).line).toBe(
      "process_vm_readv(-559035817, NULL, 16051074064918957778, NULL, 16051074073508892372, 16045693110771703469) = -1 EINVAL (Invalid argument)",
    );
  });
});

describe("System V IPC", () => {
  test("shmat's flags by name, unknown bits in hex; shmdt's address", () => {
    expect(decode("shmat", [-38177487, 0xdec0ded1dec0ded2n, 0xffffface], -22).line).toBe(
      "shmat(-38177487, 0xdec0ded1dec0ded2, SHM_RDONLY|SHM_RND|SHM_REMAP|SHM_EXEC|0xffff0ace) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("shmat", [1, 0, 0o10000], P).line).toBe("shmat(1, NULL, SHM_RDONLY) = 0x7f24dcc10000");
    expect(decode("shmdt", [P], 0).line).toBe("shmdt(0x7f24dcc10000) = 0");
    expect(decode("shmdt", [0], -22).line).toBe("shmdt(NULL) = -1 EINVAL (Invalid argument)");
  });
});

describe("fcntl", () => {
  const owner = (type: number, pid: number) => new B().u32(type).u32(pid).get();
  test("F_SETOWN_EX/F_GETOWN_EX's struct f_owner_ex, read before an unreadable page", () => {
    const cap: Cap = { arg: 2, kind: CaptureKind.Bytes, data: owner(0, 1234567890), flags: CaptureFlag.Fault };
    const d = decode("fcntl", [0, 15, P - 8n], -3, [cap]);
    expect(d.line).toBe("fcntl(0, F_SETOWN_EX, {type=F_OWNER_TID, pid=1234567890}) = -1 ESRCH (No such process)");
    expect(d.json.args.arg).toEqual({ type: "F_OWNER_TID", pid: 1234567890 });
    expect(decode("fcntl", [0, 16, P], 0, [mem(2, owner(2, 20424))]).line).toBe("fcntl(0, F_GETOWN_EX, {type=F_OWNER_PGRP, pid=20424}) = 0");
    expect(decode("fcntl", [0, 16, P], -14, [bad(2)]).line).toBe("fcntl(0, F_GETOWN_EX, 0x7f24dcc10000) = -1 EFAULT (Bad address)");
  });

  test("F_GETLEASE's lock type and F_GETSIG's signal after the result", () => {
    expect(decode("fcntl", [1, 1025], 2).line).toBe("fcntl(1, F_GETLEASE) = 0x2 (F_UNLCK)");
    expect(decode("fcntl", [1, 11], 1).line).toBe("fcntl(1, F_GETSIG) = 1 (SIGHUP)");
    expect(decode("fcntl", [1, 11], 0).line).toBe("fcntl(1, F_GETSIG) = 0");
  });
});

describe("semaphores", () => {
  const sb = (num: number, op: number, flg: number) => new B().u16(num).u16(op & 0xffff).u16(flg).get();
  test("semop/semtimedop: struct sembuf by member, flags SEM_UNDO first; an unreadable rest; the timeout", () => {
    expect(decode("semop", [2, P, 1], 0, [mem(1, sb(0, -1, 0x1000))]).line).toBe("semop(2, [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}], 1) = 0");
    const cut: Cap = { arg: 1, kind: CaptureKind.Bytes, data: sb(64206, -4083, 0xbeef), flags: CaptureFlag.Fault };
    expect(decode("semop", [-38177487, P - 6n, 2], -14, [cut]).line).toBe(
      "semop(-38177487, [{sem_num=64206, sem_op=-4083, sem_flg=SEM_UNDO|IPC_NOWAIT|0xa6ef}, ... /* 0x7f24dcc10000 */], 2) = -1 EFAULT (Bad address)",
    );
    const ts = new B().u64(1).u64(123456789).get();
    expect(decode("semtimedop", [3, P, 1, P + 64n], 0, [mem(1, sb(0, 1, 0x1000)), mem(3, ts)]).line).toBe(
      "semtimedop(3, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1, {tv_sec=1, tv_nsec=123456789}) = 0",
    );
  });
});

describe("memory policies and residency", () => {
  const longs = (n: number) => new Uint8Array(8 * n);
  test("node masks: (maxnode + 62) / 64 longs in 16 hex digits, [] for none, the rest unreadable", () => {
    expect(decode("set_mempolicy", [0, P, 66], 0, [mem(1, longs(2))]).line).toBe("set_mempolicy(MPOL_DEFAULT, [0000000000000000, 0000000000000000], 66) = 0");
    expect(decode("set_mempolicy", [0, P, 0], -22, [mem(1, longs(0))]).line).toBe("set_mempolicy(MPOL_DEFAULT, [], 0) = -1 EINVAL (Invalid argument)");
    const cut: Cap = { arg: 1, kind: CaptureKind.Bytes, data: longs(1), flags: CaptureFlag.Fault };
    expect(decode("set_mempolicy", [0, P - 8n, 66], -14, [cut]).line).toBe("set_mempolicy(MPOL_DEFAULT, [0000000000000000, ... /* 0x7f24dcc10000 */], 66) = -1 EFAULT (Bad address)");
    expect(decode("set_mempolicy", [3, 0xfacefeedfffffffen, 14627392582107119343n], -22, [bad(1)]).line).toBe(
      "set_mempolicy(MPOL_INTERLEAVE, 0xfacefeedfffffffe, 14627392582107119343) = -1 EINVAL (Invalid argument)",
    );
  });

  test("get_mempolicy writes the policy and the mask", () => {
    const pol = new B().u32(0).get();
    expect(decode("get_mempolicy", [P, P + 8n, 65, 0, 0], 0, [mem(0, pol), mem(1, longs(2))]).line).toBe("get_mempolicy([MPOL_DEFAULT], [0000000000000000], 65, NULL, 0) = 0");
    expect(decode("get_mempolicy", [P, 0, 0, P, 2], 0, [mem(0, pol)]).line).toBe("get_mempolicy([MPOL_DEFAULT], NULL, 0, 0x7f24dcc10000, MPOL_F_ADDR) = 0");
  });

  test("mincore: a residency bit per page", () => {
    const cut: Cap = { arg: 2, kind: CaptureKind.Bytes, data: new Uint8Array([1, 1]), flags: CaptureFlag.Fault };
    expect(decode("mincore", [P, 4097, P + 8192n], 0, [cut]).line).toBe("mincore(0x7f24dcc10000, 4097, [1, 1]) = 0");
    expect(decode("mincore", [P, 135168, P + 8192n], 0, [mem(2, new Uint8Array(32).fill(3))]).line).toBe(`mincore(0x7f24dcc10000, 135168, [${Array(32).fill("1").join(", ")}, ...]) = 0`);
  });
});

describe("message queues", () => {
  const attr = (flags: bigint, max: bigint, size: bigint, cur: bigint) => new B().u64(flags).u64(max).u64(size).u64(cur).zero(32).get();
  test("mq_getsetattr's attributes, flags by name; mq_open's in hex; mq_unlink's name", () => {
    expect(decode("mq_getsetattr", [0, 0, P], 0, [mem(2, attr(0n, 10n, 8192n, 0n))]).line).toBe("mq_getsetattr(0, NULL, {mq_flags=0, mq_maxmsg=10, mq_msgsize=8192, mq_curmsgs=0}) = 0");
    expect(decode("mq_getsetattr", [0, P, 0], 0, [mem(1, attr(0x800n, 10n, 8192n, 0n))]).line).toBe("mq_getsetattr(0, {mq_flags=O_NONBLOCK, mq_maxmsg=10, mq_msgsize=8192, mq_curmsgs=0}, NULL) = 0");
    const name: Cap = { arg: 0, kind: CaptureKind.Str, data: "q.sample" };
    const d = decode("mq_open", [P, 0o4102, 0o700, P + 64n], 3, [name, mem(3, attr(0xc2c1c0bfbebdbcbbn, 2n, 64n, -2676870081961143085n))]);
    expect(d.line).toBe('mq_open("q.sample", O_RDWR|O_CREAT|O_NONBLOCK, 0700, {mq_flags=0xc2c1c0bfbebdbcbb, mq_maxmsg=2, mq_msgsize=64, mq_curmsgs=-2676870081961143085}) = 3');
    expect(d.json.args.u_attr.mq_curmsgs).toBe("-2676870081961143085");
    expect(decode("mq_unlink", [P], 0, [name]).line).toBe('mq_unlink("q.sample") = 0');
  });

  test("mq_timedsend/mq_timedreceive: the message, its priority, the timeout", () => {
    const ts = new B().u64(1n).u64(999999999n).get();
    const msg: Cap = { arg: 1, kind: CaptureKind.Bytes, data: new Uint8Array([0x80, 0x81]) };
    expect(decode("mq_timedsend", [3, P, 2, 42, P + 64n], 0, [msg, mem(4, ts)]).line).toBe('mq_timedsend(3, "\\200\\201", 2, 42, {tv_sec=1, tv_nsec=999999999}) = 0');
    const prio = mem(3, new B().u32(42).get());
    expect(decode("mq_timedreceive", [3, P, 64, P + 128n, P + 64n], 2, [msg, prio, mem(4, ts)]).line).toBe('mq_timedreceive(3, "\\200\\201", 64, [42], {tv_sec=1, tv_nsec=999999999}) = 2');
    expect(decode("mq_timedreceive", [3, P, 64, P + 128n, P + 64n], -22, [mem(4, ts)]).line).toBe(
      "mq_timedreceive(3, 0x7f24dcc10000, 64, 0x7f24dcc10080, {tv_sec=1, tv_nsec=999999999}) = -1 EINVAL (Invalid argument)",
    );
  });

  test("mq_notify's sigevent as strace prints it", () => {
    const ev = (notify: number, signo: number) => new B().u64(0xdeadbeefbadc0dedn).u32(signo).u32(notify).u64(0xdeadbeefbadc0dedn).u64(0xcafef00dfacefeedn).zero(32).get();
    expect(decode("mq_notify", [3, P], -14, [mem(1, ev(0xdefaced, 0xfacefeed))]).line).toBe(
      "mq_notify(3, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=4207869677, sigev_notify=0xdefaced /* SIGEV_??? */}) = -1 EFAULT (Bad address)",
    );
    expect(decode("mq_notify", [3, P], -14, [mem(1, ev(2, 14))]).line).toBe(
      "mq_notify(3, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=SIGALRM, sigev_notify=SIGEV_THREAD, sigev_notify_function=0xdeadbeefbadc0ded, sigev_notify_attributes=0xcafef00dfacefeed}) = -1 EFAULT (Bad address)",
    );
  });
});

describe("move_pages", () => {
  const ints = (...n: number[]) => n.reduce((b, x) => b.u32(x >>> 0), new B()).get();
  test("the pages, nodes and status arrays; status errors by name; a failed call's status as its address", () => {
    const pages = new B().u64(0x7f6565cd0000n).u64(0x7f6565ccf000n).get();
    expect(decode("move_pages", [20821, 2, P, 0, P + 64n, 2], 0, [mem(2, pages), mem(4, ints(-14, 0))]).line).toBe(
      "move_pages(20821, 2, [0x7f6565cd0000, 0x7f6565ccf000], NULL, [-EFAULT, 0], MPOL_MF_MOVE) = 0",
    );
    expect(decode("move_pages", [20821, 2, P, P + 32n, P + 64n, 4], -19, [mem(2, pages), mem(3, ints(-559038750, -559038751))]).line).toBe(
      "move_pages(20821, 2, [0x7f6565cd0000, 0x7f6565ccf000], [-559038750, -559038751], 0x7f24dcc10040, MPOL_MF_MOVE_ALL) = -1 ENODEV (No such device)",
    );
    expect(decode("move_pages", [20821, 0, P, 0, P + 64n, 2], 0).line).toBe("move_pages(20821, 0, [], NULL, [], MPOL_MF_MOVE) = 0");
  });
});

describe("openat2", () => {
  const how = (flags: bigint, mode: bigint, resolve: bigint, extra?: number[]) => {
    const b = new B().u64(flags).u64(mode).u64(resolve);
    if (extra) b.raw(extra);
    return b.get();
  };
  const path: Cap = { arg: 1, kind: CaptureKind.Str, data: "openat2.sample" };
  test("struct open_how: 64-bit members exact, what follows it as strace shows it, the address below 24 bytes", () => {
    const h = how(2n | 0o100000n, 0xfacefeedcafef00dn, 0xfeedfacedcaffec1n);
    const d = decode("openat2", [-1, P, P + 64n, 24], -22, [path, mem(2, h)]);
    expect(d.line).toBe(
      'openat2(-1, "openat2.sample", {flags=O_RDWR|O_LARGEFILE, mode=01753167756671277570015, resolve=RESOLVE_NO_XDEV|0xfeedfacedcaffec0}, 24) = -1 EINVAL (Invalid argument)',
    );
    expect(d.json.args.how.mode).toBe("18072662651950788621");
    const big = how(0xdeadface80000000n, 0o777n, 0n, [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87]);
    expect(decode("openat2", [-1, P, P + 64n, 32], -7, [path, mem(2, big)]).line).toBe(
      'openat2(-1, "openat2.sample", {flags=O_RDONLY|0xdeadface80000000, mode=0777, resolve=0, /* bytes 24..31 */ "\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87"}, 32) = -1 E2BIG (Argument list too long)',
    );
    const cut: Cap = { arg: 2, kind: CaptureKind.Bytes, data: how(0o200n, 0n, 0n), flags: CaptureFlag.Fault };
    expect(decode("openat2", [-1, P, P + 64n, 32], -14, [path, cut]).line).toBe('openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0, ???}, 32) = -1 EFAULT (Bad address)');
    expect(decode("openat2", [-1, P, P + 64n, 32], -22, [path, mem(2, how(0o200n, 0n, 0n, [0, 0, 0, 0, 0, 0, 0, 0]))]).line).toBe(
      'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0}, 32) = -1 EINVAL (Invalid argument)',
    );
    expect(decode("openat2", [-1, P, P + 64n, 11], -22, [path, cut]).line).toBe('openat2(-1, "openat2.sample", 0x7f24dcc10040, 11) = -1 EINVAL (Invalid argument)');
  });
});

describe("quotactl", () => {
  const path = (arg: number, s: string): Cap => ({ arg, kind: CaptureKind.Str, data: s });
  const Q = (cmd: number, type: number) => (cmd << 8) | type;
  test("QCMD by name or hex, the id and data each command uses", () => {
    expect(decode("quotactl", [Q(0xbadc0d, 0xed), P, 3397364973, P + 64n], -22, [bad(1)]).line).toBe(
      "quotactl(QCMD(0xbadc0d /* Q_??? */, 0xed /* ???QUOTA */), 0x7f24dcc10000, 3397364973, 0x7f24dcc10040) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("quotactl", [Q(0, 0), 0, -1, 0], -19).line).toBe("quotactl(QCMD(0 /* Q_??? */, USRQUOTA), NULL, -1, NULL) = -1 ENODEV (No such device)");
    const d = decode("quotactl", [Q(0x800002, 0), P, 1, P + 64n], -2, [path(1, "/dev/bogus/"), mem(3, new TextEncoder().encode("/tmp/bogus/\0"))]);
    expect(d.line).toBe('quotactl(QCMD(Q_QUOTAON, USRQUOTA), "/dev/bogus/", QFMT_VFS_OLD, "/tmp/bogus/") = -1 ENOENT (No such file or directory)');
    expect(d.json.args.cmd).toEqual({ cmd: "Q_QUOTAON", type: "USRQUOTA" });
    expect(decode("quotactl", [Q(0x800003, 1), P, -1, 0], -2, [path(1, "/dev/bogus/")]).line).toBe('quotactl(QCMD(Q_QUOTAOFF, GRPQUOTA), "/dev/bogus/") = -1 ENOENT (No such file or directory)');
    expect(decode("quotactl", [Q(0x800007, 0), P, 0, P + 64n], -2, [path(1, "/dev/sda1"), mem(3, new Uint8Array(72))]).line).toBe(
      'quotactl(QCMD(Q_GETQUOTA, USRQUOTA), "/dev/sda1", 0, 0x7f24dcc10040) = -1 ENOENT (No such file or directory)',
    );
  });

  test("the quota structs, abbreviated as strace shows them; XFS flags", () => {
    const dq = new B().u64(1n).u64(2n).u64(3n).u64(4n).u64(5n).u64(12659246559711111592n).u64(7n).u64(8n).u32(0).get();
    const d = decode("quotactl", [(0x800008 << 8) | 2, P, 3141592653, P + 64n], -2, [path(1, "/dev/bogus/"), mem(3, dq)]);
    expect(d.line).toBe(
      'quotactl(QCMD(Q_SETQUOTA, PRJQUOTA), "/dev/bogus/", 3141592653, {dqb_bhardlimit=1, dqb_bsoftlimit=2, dqb_curspace=3, dqb_ihardlimit=4, dqb_isoftlimit=5, dqb_curinodes=12659246559711111592, ...}) = -1 ENOENT (No such file or directory)',
    );
    const info = new B().u64(9765639646188044672n).u64(10344361028892658056n).u32(0xdeadabcd).u32(0x97969594).get();
    expect(decode("quotactl", [(0x800006 << 8) | 0, P, -1, P + 64n], -2, [path(1, "/dev/bogus/"), mem(3, info)]).line).toBe(
      'quotactl(QCMD(Q_SETINFO, USRQUOTA), "/dev/bogus/", {dqi_bgrace=9765639646188044672, dqi_igrace=10344361028892658056, dqi_flags=DQF_ROOT_SQUASH|DQF_SYS_FILE|0xdeacabcc, dqi_valid=IIF_FLAGS|0x97969590}) = -1 ENOENT (No such file or directory)',
    );
    const on: Cap = { arg: 3, kind: CaptureKind.Bytes, data: new B().u32(0xdeadbeef).get(), flags: CaptureFlag.Fault };
    expect(decode("quotactl", [(0x5801 << 8) | 0, P, -1, P + 64n], -2, [path(1, "/dev/bogus/"), on]).line).toBe(
      'quotactl(QCMD(Q_XQUOTAON, USRQUOTA), "/dev/bogus/", [FS_QUOTA_UDQ_ACCT|FS_QUOTA_UDQ_ENFD|FS_QUOTA_GDQ_ACCT|FS_QUOTA_GDQ_ENFD|FS_QUOTA_PDQ_ENFD|0xdeadbec0]) = -1 ENOENT (No such file or directory)',
    );
    const xq = new B().u8(0x8e).u8(0x8f).u16(0x9190).u32(2509542290).u64(1n).u64(2n).u64(3n).u64(4n).u64(5n).u64(6n).zero(64).get();
    expect(decode("quotactl", [(0x5804 << 8) | 2, P, 3141592653, P + 64n], -2, [path(1, "/dev/bogus/"), mem(3, xq)]).line).toBe(
      'quotactl(QCMD(Q_XSETQLIM, PRJQUOTA), "/dev/bogus/", 3141592653, {d_version=-114, d_flags=FS_USER_QUOTA|FS_PROJ_QUOTA|FS_GROUP_QUOTA|0x88, d_fieldmask=0x9190, d_id=2509542290, d_blk_hardlimit=1, d_blk_softlimit=2, d_ino_hardlimit=3, d_ino_softlimit=4, d_bcount=5, d_icount=6, ...}) = -1 ENOENT (No such file or directory)',
    );
  });
});

describe("clone3", () => {
  const args = (v: Partial<Record<"flags" | "pidfd" | "child_tid" | "parent_tid" | "exit_signal" | "stack" | "stack_size" | "tls" | "set_tid" | "set_tid_size" | "cgroup", bigint>>, extra: number[] = []) => {
    const order = ["flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack", "stack_size", "tls", "set_tid", "set_tid_size", "cgroup"] as const;
    const b = new B();
    for (const k of order) b.u64(v[k] ?? 0n);
    return b.raw(extra).get();
  };
  test("64-bit members exact, clone3's own flags after clone's, the pointers the flags use", () => {
    const d = decode("clone3", [P, 64], -22, [mem(0, args({ flags: 0xbad0000000001001n, exit_signal: 17n, stack: 0xface1e55beeff00dn, stack_size: 0xcaffeedefacedca7n }))]);
    expect(d.line).toBe("clone3({flags=CLONE_PIDFD|0xbad0000000000001, pidfd=NULL, exit_signal=SIGCHLD, stack=0xface1e55beeff00d, stack_size=0xcaffeedefacedca7}, 64) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.uargs.stack).toBe("18072415708308828173");
    expect(decode("clone3", [P, 64], -22, [mem(0, args({ flags: 0x80n | 0x400000n | 0x100000000n }))]).line).toBe(
      "clone3({flags=CLONE_NEWTIME|CLONE_CLEAR_SIGHAND|0x400000, exit_signal=0, stack=NULL, stack_size=0}, 64) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("clone3", [P, 56], -22, [mem(0, args({}))]).line).toBe("clone3(0x7f24dcc10000, 56) = -1 EINVAL (Invalid argument)");
    expect(decode("clone3", [P, 96], -7, [mem(0, args({ exit_signal: 16045756810061152273n }, [0xde, 0xc0, 0xad, 0xde, 0xed, 0xfe, 0xce, 0xfa]))]).line).toBe(
      'clone3({flags=0, exit_signal=16045756810061152273, stack=NULL, stack_size=0, /* bytes 88..95 */ "\\xde\\xc0\\xad\\xde\\xed\\xfe\\xce\\xfa"}, 96) = -1 E2BIG (Argument list too long)',
    );
    const cut: Cap = { arg: 0, kind: CaptureKind.Bytes, data: args({}), flags: CaptureFlag.Fault };
    expect(decode("clone3", [P, 96], -14, [cut]).line).toBe("clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, ???}, 96) = -1 EFAULT (Bad address)");
  });

  test("set_tid's tids, cgroup when used, what the parent got back", () => {
    const tids: Cap = { arg: 0, kind: CaptureKind.Field, data: new B().u32(-5 >>> 0).u32(7).get(), index: 64 };
    expect(decode("clone3", [P, 88], -22, [mem(0, args({ set_tid: P + 256n, set_tid_size: 2n })), tids]).line).toBe(
      "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, set_tid=[-5, 7], set_tid_size=2}, 88) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("clone3", [P, 88], -22, [mem(0, args({ set_tid: 0xfacefeedcafebaben, set_tid_size: 33n }))]).line).toBe(
      "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, set_tid=0xfacefeedcafebabe, set_tid_size=33}, 88) = -1 EINVAL (Invalid argument)",
    );
    expect(decode("clone3", [P, 88], -9, [mem(0, args({ flags: 0x200000000n }))]).line).toBe(
      "clone3({flags=CLONE_INTO_CGROUP, exit_signal=0, stack=NULL, stack_size=0, cgroup=0}, 88) = -1 EBADF (Bad file descriptor)",
    );
    expect(decode("clone3", [P, 88], 7599, [mem(0, args({ flags: 0x100000n }))]).line).toBe(
      "clone3({flags=CLONE_PARENT_SETTID, parent_tid=NULL, exit_signal=0, stack=NULL, stack_size=0} => {parent_tid=NULL}, 88) = 7599",
    );
  });
});
