/** Descriptors, data, polling and memory, against strace 6.1's lines for test/fixtures/syscalls.c. */
import { describe, expect, test } from "bun:test";
import { quoteBytes } from "../../cli/decode/args/render";
import { EPOLL_EVENT_AARCH64, EPOLL_EVENT_X86_64, IOVEC, POLLFD } from "../../cli/decode/tables/structs";
import { B, bytes, call, fault, inOut, PTR, str, struct } from "./args-helpers";

const int = (n: number) => new B().u32(n).get();
const O_NONBLOCK = 0o4000, O_APPEND = 0o2000, O_CLOEXEC = 0o2000000;

describe("read and write", () => {
  test("the data, bounded, read at exit for reads", () => {
    expect(call("write", [3, PTR, 13], [bytes(1, "hello, swoll\n")], 13).line).toBe('write(3, "hello, swoll\\n", 13) = 13');
    expect(call("pwrite64", [3, PTR, 3, 100], [bytes(1, [1, 2, 0xff])], 3).line).toBe('pwrite64(3, "\\1\\2\\377", 3, 100) = 3');
    expect(call("read", [3, PTR, 5], [bytes(1, "hello")], 5).line).toBe('read(3, "hello", 5) = 5');
    const nuls = new B().str("swoll\n").zero(58).get();
    expect(call("pread64", [3, PTR, 64, 7], [bytes(1, nuls)], 64).line).toBe(`pread64(3, "swoll\\n${"\\0".repeat(58)}", 64, 7) = 64`);
  });

  test("--strsize cut: ... after the quote, and truncated in JSON", () => {
    const d = call("read", [3, PTR, 4096], [bytes(1, "abc", { truncated: true })], 3000);
    expect(d.line).toBe('read(3, "abc"..., 4096) = 3000');
    expect(d.truncated).toEqual(["buf"]);
    expect(d.json.buf).toBe("abc");
  });

  test("a read that fails or returns 0", () => {
    expect(call("read", [6, 0x7ffe94dd3490, 256], [], -11).line).toBe("read(6, 0x7ffe94dd3490, 256) = -1 EAGAIN (Resource temporarily unavailable)");
    expect(call("read", [6, PTR, 256], [], 0).line).toBe('read(6, "", 256) = 0');
    expect(call("write", [1, PTR, 6], [fault(1)], -14).line).toBe("write(1, 0x7ffc12345678, 6) = -1 EFAULT (Bad address)");
  });

  test("buffers are escaped byte by byte: no byte reaches a terminal raw", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const q = quoteBytes(all);
    expect(/^[\x20-\x7e]*$/.test(q)).toBe(true);
    expect(quoteBytes(new Uint8Array([0x1b, 0x5b, 0x32, 0x4a]))).toBe('"\\33[2J"');
    expect(quoteBytes(new Uint8Array([0, 0x31]))).toBe('"\\0001"');
    expect(quoteBytes(new Uint8Array([0x22, 0x5c, 9, 10, 13, 11, 12]))).toBe('"\\"\\\\\\t\\n\\r\\v\\f"');
    expect(quoteBytes(new Uint8Array([0xdb, 0x38]), false, true)).toBe('"\\xdb\\x38"');
  });

  test("readv/writev: the iovec array (its bytes are not captured)", () => {
    const iov = new B().u64(0x5000).u64(2).u64(0x6000).u64(3).get();
    expect(call("writev", [7, PTR, 2], [bytes(1, iov)], 5).line).toBe("writev(7, [{iov_base=0x5000, iov_len=2}, {iov_base=0x6000, iov_len=3}], 2) = 5");
    expect(call("readv", [6, PTR, 3], [bytes(1, iov)], 5).line).toBe("readv(6, [{iov_base=0x5000, iov_len=2}, {iov_base=0x6000, iov_len=3}, ...], 3) = 5");
    expect(IOVEC.size).toBe(16);
  });

  test("lseek, sendfile, splice, copy_file_range, sync_file_range, fsync", () => {
    expect(call("lseek", [3, 3, 0], [], 3).line).toBe("lseek(3, 3, SEEK_SET) = 3");
    expect(call("lseek", [3, 4294967294, 2], [], 4294971615).line).toBe("lseek(3, 4294967294, SEEK_END) = 4294971615");
    expect(call("lseek", [3, 0, 9], [], -22).line).toBe("lseek(3, 0, 0x9 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
    // strace shows the offset before and after ([2] => [6]); the probe reads it at exit
    expect(call("sendfile", [9, 8, PTR, 4], [bytes(2, new B().u64(6).get())], 4).line).toBe("sendfile(9, 8, [6], 4) = 4");
    expect(call("sendfile", [9, 8, 0, 3], [], 3).line).toBe("sendfile(9, 8, NULL, 3) = 3");
    expect(call("copy_file_range", [8, 0, 9, 0, 5, 0], [], 5).line).toBe("copy_file_range(8, NULL, 9, NULL, 5, 0) = 5");
    expect(call("splice", [4, 0, 9, 0, 7, 1 | 2], [], 7).line).toBe("splice(4, NULL, 9, NULL, 7, SPLICE_F_MOVE|SPLICE_F_NONBLOCK) = 7");
    expect(call("sync_file_range", [3, 0, 4096, 2], [], 0).line).toBe("sync_file_range(3, 0, 4096, SYNC_FILE_RANGE_WRITE) = 0");
    expect(call("fsync", [3], [], 0).line).toBe("fsync(3) = 0");
    expect(call("fdatasync", [3], [], 0).line).toBe("fdatasync(3) = 0");
  });
});

describe("descriptors", () => {
  const cases: [string, number[], ReturnType<typeof bytes>[], number, string][] = [
    ["close", [3], [], 0, "close(3) = 0"],
    ["dup", [3], [], 4, "dup(3) = 4"],
    ["dup2", [3, 40], [], 40, "dup2(3, 40) = 40"],
    ["dup3", [3, 41, O_CLOEXEC], [], 41, "dup3(3, 41, O_CLOEXEC) = 41"],
    ["pipe", [PTR], [bytes(0, new B().u32(4).u32(5).get())], 0, "pipe([4, 5]) = 0"],
    ["pipe2", [PTR, O_CLOEXEC | O_NONBLOCK], [bytes(0, new B().u32(6).u32(7).get())], 0, "pipe2([6, 7], O_NONBLOCK|O_CLOEXEC) = 0"],
    ["fcntl", [3, 2, 1], [], 0, "fcntl(3, F_SETFD, FD_CLOEXEC) = 0"],
    ["fcntl", [3, 1, 0], [], 1, "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)"],
    ["fcntl", [3, 4, O_NONBLOCK | O_APPEND], [], 0, "fcntl(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0"],
    ["fcntl", [3, 3, 0], [], 0x8c00, "fcntl(3, F_GETFL) = 0x8c00 (flags O_RDONLY|O_APPEND|O_NONBLOCK|O_LARGEFILE)"],
    ["fcntl", [3, 1030, 50], [], 50, "fcntl(3, F_DUPFD_CLOEXEC, 50) = 50"],
    ["fcntl", [3, 6, PTR], [], 0, "fcntl(3, F_SETLK, 0x7ffc12345678) = 0"],
    ["fcntl", [3, 9999, 5], [], -22, "fcntl(3, 0x270f /* F_??? */, 5) = -1 EINVAL (Invalid argument)"],
    ["ioctl", [3, 0x541b, PTR], [bytes(2, int(2))], 0, "ioctl(3, FIONREAD, [2]) = 0"],
    ["ioctl", [0, 0x5401, 0x7ffe94dd2580], [bytes(2, int(0))], -25, "ioctl(0, TCGETS, 0x7ffe94dd2580) = -1 ENOTTY (Inappropriate ioctl for device)"],
    ["ioctl", [3, 0x5421, PTR], [bytes(2, int(1))], 0, "ioctl(3, FIONBIO, [1]) = 0"],
    ["ioctl", [3, 0x5451, 0], [], 0, "ioctl(3, FIOCLEX) = 0"],
    ["ioctl", [3, 0xc0186201, PTR], [], 0, "ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x62, 0x1, 0x18), 0x7ffc12345678) = 0"],
    ["flock", [3, 2 | 4], [], 0, "flock(3, LOCK_EX|LOCK_NB) = 0"],
    ["inotify_init1", [O_NONBLOCK | O_CLOEXEC], [], 4, "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 4"],
    ["inotify_rm_watch", [4, 1], [], 0, "inotify_rm_watch(4, 1) = 0"],
    ["fanotify_init", [1, 0], [], 4, "fanotify_init(FAN_CLASS_NOTIF|FAN_CLOEXEC, O_RDONLY) = 4"],
    ["close_range", [3, 0xffffffff, 4], [], 0, "close_range(3, 4294967295, CLOSE_RANGE_CLOEXEC) = 0"],
  ];
  test.each(cases)("%s %p", (name, raw, caps, ret, line) => expect(call(name, raw, caps, ret).line).toBe(line));

  test("paths of the notify calls and memfd", () => {
    expect(call("inotify_add_watch", [4, PTR, 0x100 | 0x200 | 0x1000000], [str(1, "/tmp/swoll-sc.d")], 1).line).toBe('inotify_add_watch(4, "/tmp/swoll-sc.d", IN_CREATE|IN_DELETE|IN_ONLYDIR) = 1');
    expect(call("fanotify_mark", [4, 1, 0x20 | 0x8, -100, PTR], [str(4, "/tmp/swoll-sc.d")], 0).line).toBe('fanotify_mark(4, FAN_MARK_ADD, FAN_CLOSE_WRITE|FAN_OPEN, AT_FDCWD, "/tmp/swoll-sc.d") = 0');
    // a 0 mark is 0 (FAN_MARK_INODE is no bit), -1 is FAN_NOFD, the mask bits in strace's order
    expect(call("fanotify_mark", [4, 0, 0x80000 | 0x40000000 | 0x08000000 | 0x10000000, -1, 0], [], -22).line).toBe(
      "fanotify_mark(4, 0, FAN_DIR_MODIFY|FAN_ONDIR|FAN_EVENT_ON_CHILD|FAN_RENAME, FAN_NOFD, NULL) = -1 EINVAL (Invalid argument)",
    );
    expect(call("memfd_create", [PTR, 1 | 2], [str(0, "swoll-sc-memfd")], 4).line).toBe('memfd_create("swoll-sc-memfd", MFD_CLOEXEC|MFD_ALLOW_SEALING) = 4');
  });
});

describe("poll, select, epoll", () => {
  const pfd = (fd: number, events: number, revents: number) => new B().u32(fd).u16(events).u16(revents).get();
  test("poll and ppoll: what was asked, and what was ready after the return", () => {
    const fds = new B().raw(pfd(4, 1, 1)).raw(pfd(7, 4, 4)).get();
    expect(call("poll", [PTR, 2, 0], [...inOut(0, fds, fds)], 2).line).toBe("poll([{fd=4, events=POLLIN}, {fd=7, events=POLLOUT}], 2, 0) = 2 ([{fd=4, revents=POLLIN}, {fd=7, revents=POLLOUT}])");
    expect(call("poll", [PTR, 1, 100], [...inOut(0, pfd(4, 1, 0), pfd(4, 1, 0))], 0).line).toBe("poll([{fd=4, events=POLLIN}], 1, 100) = 0 (Timeout)");
    // the timeout as passed (read at entry), and the time left after the return (read at exit)
    const d = call("ppoll", [PTR, 1, PTR + 64, 0, 8], [...inOut(0, pfd(4, 1, 1), pfd(4, 1, 1)), ...inOut(2, new B().u64(1).u64(500).get(), new B().u64(0).u64(7).get())], 1);
    expect(d.line).toBe("ppoll([{fd=4, events=POLLIN}], 1, {tv_sec=1, tv_nsec=500}, NULL, 8) = 1 ([{fd=4, revents=POLLIN}], left {tv_sec=0, tv_nsec=7})");
    expect(d.json.ufds).toEqual([{ fd: 4, events: ["POLLIN"], revents: ["POLLIN"] }]);
    expect(d.json.tsp).toEqual({ tv_sec: 1, tv_nsec: 500 });
    expect(POLLFD.size).toBe(8);
    // an entry with a negative fd is ignored by the kernel: strace shows only the fd
    expect(call("poll", [PTR, 2, 0], [...inOut(0, new B().raw(pfd(-1, 1, 0)).raw(pfd(3, 4, 4)).get(), new B().raw(pfd(-1, 1, 0)).raw(pfd(3, 4, 4)).get())], 1).line).toBe(
      "poll([{fd=-1}, {fd=3, events=POLLOUT}], 2, 0) = 1 ([{fd=3, revents=POLLOUT}])",
    );
  });

  test("select and pselect6: the sets asked about, then only the ready ones after the return", () => {
    const asked = new Uint8Array(128);
    asked[0] = (1 << 4) | (1 << 3);
    const ready = new Uint8Array(128);
    ready[0] = 1 << 4;
    const none = new Uint8Array(128);
    const d = call("select", [5, PTR, PTR + 128, 0, PTR + 256], [...inOut(1, asked, ready), ...inOut(2, asked, none), ...inOut(4, new B().u64(0).u64(1000).get(), new B().u64(0).u64(998).get())], 1);
    expect(d.line).toBe("select(5, [3 4], [3 4], NULL, {tv_sec=0, tv_usec=1000}) = 1 (in [4], left {tv_sec=0, tv_usec=998})");
    expect(d.json.inp).toEqual([3, 4]);
    expect(d.json.tvp).toEqual({ tv_sec: 0, tv_usec: 1000 });
    const p6 = call("pselect6", [5, PTR, 0, 0, PTR + 256, 0], [...inOut(1, asked, ready), ...inOut(4, new B().u64(0).u64(0).get(), new B().u64(0).u64(0).get())], 1);
    expect(p6.line).toBe("pselect6(5, [3 4], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL) = 1 (in [4], left {tv_sec=0, tv_nsec=0})");
    expect(call("select", [5, PTR, 0, 0, PTR + 256], [...inOut(1, asked, none), ...inOut(4, new B().u64(0).u64(0).get(), new B().u64(0).u64(0).get())], 0).line).toBe(
      "select(5, [3 4], NULL, NULL, {tv_sec=0, tv_usec=0}) = 0 (Timeout)",
    );
  });

  test("epoll_ctl and epoll_wait (x86_64 packs struct epoll_event)", () => {
    const ev = struct(EPOLL_EVENT_X86_64, { events: 1 | 0x80000000, data: 0x1234 });
    expect(EPOLL_EVENT_X86_64.size).toBe(12);
    expect(call("epoll_create1", [O_CLOEXEC], [], 11).line).toBe("epoll_create1(EPOLL_CLOEXEC) = 11");
    expect(call("epoll_ctl", [11, 1, 4, PTR], [bytes(3, ev)], 0).line).toBe("epoll_ctl(11, EPOLL_CTL_ADD, 4, {events=EPOLLIN|EPOLLET, data={u32=4660, u64=4660}}) = 0");
    expect(call("epoll_ctl", [11, 2, 4, 0], [], 0).line).toBe("epoll_ctl(11, EPOLL_CTL_DEL, 4, NULL) = 0");
    const got = struct(EPOLL_EVENT_X86_64, { events: 1, data: 0x1234 });
    const w = call("epoll_wait", [11, PTR, 4, 0], [bytes(1, new B().raw(got).zero(36).get())], 1);
    expect(w.line).toBe("epoll_wait(11, [{events=EPOLLIN, data={u32=4660, u64=4660}}], 4, 0) = 1");
    expect(w.json.events).toEqual([{ events: ["EPOLLIN"], data: 4660 }]);
    expect(call("epoll_pwait", [11, PTR, 4, 0, 0, 8], [bytes(1, new Uint8Array(48))], 0).line).toBe("epoll_pwait(11, [], 4, 0, NULL, 8) = 0");
    const arm = struct(EPOLL_EVENT_AARCH64, { events: 4, data: 7 });
    expect(call("epoll_pwait", [3, PTR, 1, -1, 0, 8], [bytes(1, arm)], 1, "aarch64").line).toBe("epoll_pwait(3, [{events=EPOLLOUT, data={u32=7, u64=7}}], 1, -1, NULL, 8) = 1");
  });

  test("hostile: fewer bytes than entries", () => {
    expect(call("poll", [PTR, 3, 0], [...inOut(0, pfd(4, 1, 1), pfd(4, 1, 1))], 3).line).toBe("poll([{fd=4, events=POLLIN}, ...], 3, 0) = 3 ([{fd=4, revents=POLLIN}])");
    expect(call("epoll_wait", [3, PTR, 1000, 0], [bytes(1, new Uint8Array(5))], 500).line).toBe("epoll_wait(3, [...], 1000, 0) = 500");
    expect(() => call("select", [0x7fffffff, PTR, PTR, PTR, PTR], [bytes(1, new Uint8Array(3)), bytes(4, new Uint8Array(1))], 1)).not.toThrow();
  });
});

describe("memory", () => {
  test("mmap, mprotect, madvise, msync, mremap, munmap, brk", () => {
    expect(call("mmap", [0, 12288, 3, 0x22, -1, 0], [], 0x7fc06cb8e000).line).toBe("mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fc06cb8e000");
    expect(call("mmap", [0, 4096, 0, 0x100001, 0xbad, 0x2000], [], -9).line).toBe("mmap(NULL, 4096, PROT_NONE, MAP_SHARED|MAP_FIXED_NOREPLACE, 2989, 0x2000) = -1 EBADF (Bad file descriptor)");
    expect(call("mprotect", [0x7fc06cb8e000, 4096, 1], [], 0).line).toBe("mprotect(0x7fc06cb8e000, 4096, PROT_READ) = 0");
    expect(call("madvise", [0x7fc06cb8e000, 4096, 4], [], 0).line).toBe("madvise(0x7fc06cb8e000, 4096, MADV_DONTNEED) = 0");
    expect(call("msync", [0x7fc06cb8e000, 4096, 1], [], 0).line).toBe("msync(0x7fc06cb8e000, 4096, MS_ASYNC) = 0");
    expect(call("mremap", [0x7fc06cb8e000, 12288, 16384, 1, 0], [], 0x7fc06cb80000).line).toBe("mremap(0x7fc06cb8e000, 12288, 16384, MREMAP_MAYMOVE) = 0x7fc06cb80000");
    expect(call("mremap", [0x7fc06cb8e000, 12288, 16384, 3, 0x7f0000000000], [], 0x7f0000000000).line).toBe(
      "mremap(0x7fc06cb8e000, 12288, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000000000) = 0x7f0000000000",
    );
    expect(call("munmap", [0x7fc06cb80000, 16384], [], 0).line).toBe("munmap(0x7fc06cb80000, 16384) = 0");
    expect(call("brk", [0], [], 0x55f6fa562000).line).toBe("brk(NULL) = 0x55f6fa562000");
    expect(call("mmap", [0, 2 << 20, 3, 0x40022 | (21 << 26), -1, 0], [], 0x7f0000000000).json.flags).toEqual(["MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_HUGETLB", "21<<MAP_HUGE_SHIFT"]);
    expect(call("mmap", [0, 4096, 0x10, 0x22, -1, 0], [], 1, "aarch64").json.prot).toEqual(["PROT_BTI"]);
    expect(call("mmap", [0, 4096, 0x10, 0x40 | 2, -1, 0], [], 1, "x86_64").json).toMatchObject({ prot: ["0x10"], flags: ["MAP_PRIVATE", "MAP_32BIT"] });
  });
});
