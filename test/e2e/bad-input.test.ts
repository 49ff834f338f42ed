/** Bad input: one line on stderr naming the problem and the fix, exit != 0, no stack trace. */
import { afterAll, describe, expect, test, setDefaultTimeout } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SWOLL, bpfLinkCount, runSwoll } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { ownWorkload } from "../helpers/workload";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const cases: [string, string[], RegExp][] = [
  ["unknown syscall", ["trace", "-s", "opnat"], /^swoll: unknown syscall 'opnat' on x86_64; did you mean openat/],
  ["bad duration", ["trace", "-d", "5x"], /^swoll: invalid --duration '5x'; use a positive number/],
  ["zero limit", ["trace", "--limit", "0"], /^swoll: invalid --limit '0'; use a whole number/],
  ["bad pid", ["trace", "-p", "abc"], /^swoll: invalid --pid 'abc'/],
  ["long comm", ["trace", "--comm", "a-very-long-command-name"], /^swoll: invalid --comm .*15 bytes/],
  ["conflicting flags", ["trace", "--json", "-o", "text"], /^swoll: --json conflicts with --output text; pick one\n$/],
  ["bad output format", ["trace", "-o", "xml"], /^swoll: .*'xml'.*(text|json)/],
  ["unknown option", ["trace", "--bogus"], /^swoll: unknown option '--bogus'/],
  ["unknown command", ["tarce"], /^swoll: unknown command 'tarce'.*trace/],
  ["bad buffer size", ["trace", "--buffer-size", "5000"], /^swoll: invalid --buffer-size '5000'; use a power of two/],
  ["empty --syscall selects nothing, not everything", ["trace", "-s", ""], /^swoll: empty --syscall value; name at least one, e\.g\. --syscall openat, or leave --syscall out to select all\n$/],
  ["empty --pod", ["trace", "--pod", ""], /^swoll: empty --pod value; .*--pod nginx/],
  ["empty --comm", ["trace", "--comm", " "], /^swoll: empty --comm value; .*--comm nginx/],
  ["an empty entry in a list", ["top", "-s", "openat,,read"], /^swoll: empty --syscall entry in 'openat,,read'; /],
  ["empty --pid", ["top", "-p", ""], /^swoll: empty --pid value; /],
  ["unknown --drop-user", ["trace", "--drop-user", "no-such-user-here"], /^swoll: --drop-user no-such-user-here: no such user in \/etc\/passwd; .*--no-drop-user/],
];

for (const [name, args, re] of cases) {
  test(name, () => {
    const r = runSwoll(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
  });
}

test("not root: says what privileges are needed", () => {
  const r = runSwoll(["trace", "-s", "openat"], { user: 65534 });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`swoll: not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON (missing CAP_BPF, CAP_PERFMON); run it with sudo, or grant them with sudo setcap cap_bpf,cap_perfmon+ep ${SWOLL}\n`);
});

test("selftest passes here and names each check", () => {
  const r = runSwoll(["selftest", "--no-color"]);
  expect(r.code).toBe(0);
  for (const check of ["privileges", "kernel BTF", "kernel version", "tracefs", "probe load+attach"]) expect(r.stdout).toMatch(new RegExp(`^ok\\s+${check.replace("+", "\\+")}`, "m"));
});

test("selftest as an unprivileged user fails and says how to fix it", () => {
  const r = runSwoll(["selftest", "--no-color"], { user: 65534 });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAIL privileges/m);
  expect(r.stdout).toMatch(/fix: run swoll as root/);
});

test("selftest --cri with newlines and control bytes: the runtime check fails on one escaped line, never an internal error", () => {
  const r = runSwoll(["selftest", "--no-load", "--no-color", "--cri", "\n\n\x1b[31mx\n"]);
  expect(r.code).toBe(0); // the runtime only limits attribution
  expect(r.stderr).toBe("");
  const line = r.stdout.split("\n").find((l) => l.includes("container runtime"));
  expect(line).toBe("FAIL container runtime  no such socket: --cri \\n\\n\\33[31mx");
  expect(r.stdout).not.toContain("\x1b");
});

const dir = mkdtempSync(join(tmpdir(), "swoll-bad-input-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fifo = (name: string) => {
  const p = join(dir, name);
  if (Bun.spawnSync(["mkfifo", p]).exitCode !== 0) throw new Error(`mkfifo ${p} failed`);
  return p;
};

/** One line on stderr naming the problem and the fix, exit != 0, nothing on stdout. */
function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, re: RegExp): void {
  expect(r.stderr).toMatch(re);
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBe(70); // not an internal error
  expect(r.stdout).toBe("");
}

describe("files and selectors", () => {
  // no kubeconfig of whoever runs the tests may count
  const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
  const run = (args: string[]) => {
    const r = Bun.spawnSync([SWOLL, ...args], { stdout: "pipe", stderr: "pipe", env, timeout: 20_000 });
    return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };

  test("an invalid label selector", () => {
    const r = run(["trace", "-l", "app in (nginx"]);
    expectOneLine(r, /^swoll: invalid --selector 'app in \(nginx': cannot parse 'app in \(nginx'; use kubectl's syntax, e.g. --selector 'app=nginx,tier in \(web,api\),!canary'\n$/);
  });

  test("a Trace file that is not YAML", () => {
    const bad = file("bad.yaml", "apiVersion: x\nkind: [Trace\n");
    expectOneLine(run(["trace", "-f", bad]), new RegExp(`^swoll: invalid YAML in ${bad} at line \\d+, column \\d+: \\S`));
  });

  test("a Trace file that cannot be read: missing, a directory, a device, a FIFO, or too large", () => {
    expectOneLine(run(["trace", "-f", join(dir, "missing.yaml")]), /^swoll: cannot read -f .*missing\.yaml: ENOENT; pass the path of a Trace manifest\n$/);
    expectOneLine(run(["trace", "-f", dir]), /^swoll: cannot read -f .*: EISDIR; pass the path of a Trace manifest\n$/);
    expectOneLine(run(["trace", "-f", "/dev/zero"]), /^swoll: cannot read -f \/dev\/zero: it is a character device, not a regular file; pass the path of a Trace manifest\n$/);
    // no writer ever opens it: a blocking open would wait forever (runSwoll's timeout would kill it)
    expectOneLine(run(["trace", "-f", fifo("trace.fifo")]), /^swoll: cannot read -f .*trace\.fifo: it is a FIFO, not a regular file; pass the path of a Trace manifest\n$/);
    expectOneLine(run(["trace", "-f", file("huge.yaml", "#".repeat((1 << 20) + 1))]), /^swoll: -f .*huge\.yaml is larger than 1 MiB; a Trace manifest is a short YAML document, pass one\n$/);
  });

  test("a kubeconfig that is a FIFO, or names a FIFO or a device as a credential file", () => {
    expectOneLine(run(["trace", "--kubeconfig", fifo("config.fifo")]), /^swoll: cannot read --kubeconfig .*config\.fifo: it is a FIFO, not a regular file; pass the path of a kubeconfig\n$/);
    const ca = fifo("ca.fifo");
    const named = (user: string, cluster: string) => file(`named-${Math.random().toString(36).slice(2, 8)}.kubeconfig`, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"${cluster}}}]
users: [{name: u, user: {${user}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
    expectOneLine(run(["trace", "--pod", "x", "--kubeconfig", named("token: t", `, certificate-authority: ${ca}`)]), /^swoll: kubeconfig .* names .*ca\.fifo as certificate-authority, but it is a FIFO, not a regular file; point certificate-authority at a regular file\n$/);
    expectOneLine(run(["trace", "--pod", "x", "--kubeconfig", named("token-file: /dev/zero", "")]), /^swoll: kubeconfig .* names \/dev\/zero as token-file, but it is a character device, not a regular file; point token-file at a regular file\n$/);
    // through $KUBECONFIG too
    const r = Bun.spawnSync([SWOLL, "trace", "--pod", "x"], { stdout: "pipe", stderr: "pipe", env: { ...env, KUBECONFIG: named("client-certificate: /dev/zero, client-key: /dev/zero", "") }, timeout: 20_000 });
    expectOneLine({ code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() }, /^swoll: kubeconfig .* names \/dev\/zero as client-certificate, but it is a character device/);
  });

  test("a kubeconfig that is missing, a directory, or not a kubeconfig", () => {
    expectOneLine(run(["trace", "--kubeconfig", join(dir, "nope")]), /^swoll: --kubeconfig .*nope: no such file; pass the path of a kubeconfig\n$/);
    const sub = join(dir, "a-directory");
    mkdirSync(sub, { recursive: true });
    expectOneLine(run(["trace", "--kubeconfig", sub]), /^swoll: cannot read --kubeconfig .*a-directory: EISDIR; pass the path of a kubeconfig\n$/);
    expectOneLine(run(["trace", "--kubeconfig", "/dev/zero"]), /^swoll: cannot read --kubeconfig \/dev\/zero: it is a character device, not a regular file; pass the path of a kubeconfig\n$/);
    const garbage = file("garbage.kubeconfig", "clusters: [: :\n");
    expectOneLine(run(["trace", "--pod", "nginx", "--kubeconfig", garbage]), /^swoll: cannot load the kubeconfig .*garbage\.kubeconfig: .*; fix the file or pass another with --kubeconfig\n$/);
  });

  test("what the user typed is echoed escaped: no control characters reach the terminal, long values are cut", () => {
    const r = run(["trace", "-d", "5\x1b[2J\nrm -rf"]);
    expectOneLine(r, /^swoll: invalid --duration '5\\33\[2J\\nrm -rf'; use a positive number/);
    const long = run(["trace", "--comm", "x".repeat(5000)]);
    expectOneLine(long, /^swoll: invalid --comm 'x{60}…' \(5000 characters\); the kernel keeps 15 bytes of a command name, use 'x{15}'\n$/);
  });
});

describe("the machine cannot trace", () => {
  test("root without CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN: says what privileges are needed", () => {
    const r = Bun.spawnSync(["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", SWOLL, "trace", "-s", "openat"], { stdout: "pipe", stderr: "pipe", timeout: 20_000 });
    expectOneLine({ code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() }, /^swoll: not enough privileges to load the probe: swoll needs root or CAP_BPF\+CAP_PERFMON \(missing CAP_BPF, CAP_PERFMON\); run it with sudo, or grant them with sudo setcap cap_bpf,cap_perfmon\+ep \S+\/dist\/swoll\n$/);
  });

  /** Run in a mount namespace of its own where `hide` has happened (the host is untouched). */
  const inMountNs = (hide: string, args: string[]) => {
    const r = Bun.spawnSync(["unshare", "--mount", "sh", "-c", `${hide} && exec "$@"`, "sh", SWOLL, ...args], { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
    return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };
  const NO_BTF = "mount -t tmpfs none /sys/kernel/btf";
  const NO_TRACEFS = "for m in $(awk '$3 == \"tracefs\" { print $2 }' /proc/mounts); do umount -l \"$m\"; done";

  test("no kernel BTF: trace says what kernel it needs; selftest fails that check with a fix", () => {
    expectOneLine(inMountNs(NO_BTF, ["trace", "-s", "openat"]), /^swoll: kernel has no BTF at \/sys\/kernel\/btf\/vmlinux; swoll needs a kernel built with CONFIG_DEBUG_INFO_BTF=y \(5\.8 or newer\)\n$/);
    const st = inMountNs(NO_BTF, ["selftest", "--no-color"]);
    expect(st.code).toBe(1);
    expect(st.stdout).toMatch(/^FAIL kernel BTF\s+missing \/sys\/kernel\/btf\/vmlinux\n\s+fix: use a kernel built with CONFIG_DEBUG_INFO_BTF=y$/m);
  });

  test("no tracefs: selftest fails that check with a fix; trace does not need it (tp_btf) and still traces", async () => {
    const st = inMountNs(NO_TRACEFS, ["selftest", "--no-color"]);
    expect(st.code).toBe(1);
    expect(st.stdout).toMatch(/^FAIL tracefs\s+not mounted\n\s+fix: mount -t tracefs nodev \/sys\/kernel\/tracing$/m);
    const wl = ownWorkload();
    try {
      const proc = Bun.spawn(["unshare", "--mount", "sh", "-c", `${NO_TRACEFS} && exec "$@"`, "sh", SWOLL, "trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "20s"], { stdout: "pipe", stderr: "pipe" });
      const end = Date.now() + 15_000;
      while (bpfLinkCount(proc.pid) < 2 && proc.exitCode === null && Date.now() < end) await Bun.sleep(20);
      expect(bpfLinkCount(proc.pid)).toBe(2); // unshare and sh exec'd into swoll: the same pid, attached
      wl.run("getppid", "100");
      let out = "";
      const reading = (async () => {
        const dec = new TextDecoder();
        for await (const chunk of proc.stdout) out += dec.decode(chunk, { stream: true });
      })();
      await waitFor(() => out.split("\n").length > 100, { what: "the 100 getppid events" });
      proc.kill("SIGINT");
      expect(await proc.exited).toBe(0);
      await reading;
      expect(out.trim().split("\n").map((l) => JSON.parse(l).comm)).toEqual(Array(100).fill(wl.comm));
    } finally {
      wl.remove();
    }
  });
});

describe("a kernel that rejects the probe", () => {
  // swoll's probe plus one program the verifier refuses, built like the real one (build.ts)
  const object = join(dir, "rejected.bpf.o");
  const arch = process.arch === "arm64" ? "arm64" : "x86";
  const build = () => {
    const cc = Bun.spawnSync(["clang", "-g", "-O2", "-target", "bpf", "-mcpu=v3", `-D__TARGET_ARCH_${arch}`, `-I${join(ROOT, "build")}`, `-I${join(ROOT, "bpf")}`, "-c", join(ROOT, "test", "fixtures", "rejected-probe", "rejected.bpf.c"), "-o", object], { stderr: "pipe" });
    if (cc.exitCode !== 0) throw new Error(`clang failed: ${cc.stderr}`);
  };
  /** swoll from source, unchanged, with that object in place of build/swoll.bpf.o. */
  const run = (args: string[]) => {
    const r = Bun.spawnSync(["bun", "--preload", join(ROOT, "test", "fixtures", "rejected-probe", "preload.ts"), join(ROOT, "cli", "main.ts"), ...args], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, SWOLL_TEST_PROBE_OBJECT: object },
      timeout: 30_000,
    });
    return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };

  test("one line; with --verbose, the verifier's log follows", () => {
    build();
    const r = run(["trace", "-s", "getppid", "--comm", "nobody-here", "-d", "5s"]);
    expectOneLine(r, /^swoll: the kernel's verifier rejected the probe \(.*Permission denied\); rerun with --verbose for the verifier log\n$/);
    expect(r.code).toBe(1);
    const v = run(["trace", "-s", "getppid", "--comm", "nobody-here", "-d", "5s", "--verbose"]);
    expect(v.code).toBe(1);
    const lines = v.stderr.split("\n");
    expect(lines[0]).toMatch(/^swoll: the kernel's verifier rejected the probe \(.*\); the verifier log follows$/);
    // the kernel's own words about the offending program
    expect(v.stderr).toMatch(/prog 'swoll_rejected': BPF program load failed/);
    expect(v.stderr).toMatch(/invalid mem access 'scalar'/);
    expect(v.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("messages that name the problem and the fix", () => {
  const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = Bun.spawnSync([SWOLL, ...args], { stdout: "pipe", stderr: "pipe", env: { ...env, ...extra }, timeout: 20_000 });
    return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };

  test("bare swoll prints its usage", () => {
    const r = run([]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toStartWith("Usage: swoll [options] [command]\n");
    for (const c of ["trace", "top", "serve", "selftest"]) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, "m"));
    expect(r.code).toBe(0);
  });

  test("a CA file that is not a certificate is named as such, not as a socket that failed to open", () => {
    for (const [name, text, why] of [["garbage.crt", "garbage\n", "holds no PEM certificate"], ["broken.crt", "-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n", "holds a certificate that does not parse"]] as const) {
      const ca = file(name, text);
      const cfg = file(`${name}.kubeconfig`, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", certificate-authority: ${ca}}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
      const r = run(["trace", "--pod", "x", "--kubeconfig", cfg]);
      expectOneLine(r, new RegExp(`^swoll: the certificate-authority of kubeconfig .*${name}\\.kubeconfig ${why}.*; fix certificate-authority \\(or certificate-authority-data\\) in the kubeconfig\\n$`));
      expect(r.stderr).not.toContain("FailedToOpenSocket");
    }
  });

  test("--listen with a name that does not resolve says so", () => {
    expectOneLine(run(["serve", "--trace-listen", "off", "--listen", "nonexistent.invalid:9090"]), /^swoll: cannot resolve nonexistent\.invalid; use an IP address such as 127\.0\.0\.1:9090, or a name this machine resolves\n$/);
  });

  test("serve without a working kubeconfig says it counts, not that it traces", async () => {
    const proc = Bun.spawn([SWOLL, "serve", "--listen", "127.0.0.1:0"], { stdout: "ignore", stderr: "pipe", env: { ...env, KUBECONFIG: join(dir, "no-such-kubeconfig") } });
    let err = "";
    const reader = (async () => {
      for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(chunk);
    })();
    try {
      const end = Date.now() + 20_000;
      while (!err.includes("serving http://") && Date.now() < end && proc.exitCode === null) await Bun.sleep(50);
      expect(err).toContain("serving http://");
    } finally {
      proc.kill("SIGTERM");
      await proc.exited;
      await reader;
    }
    expect(err).toMatch(/^swoll: warning: cannot load the kubeconfig: .*; counting by container id only, without pod labels$/m);
    expect(err).not.toContain("tracing");
  });
});
