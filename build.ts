#!/usr/bin/env bun
/**
 * Builds everything into build/ and the single executable dist/swoll:
 *   vmlinux.h (bpftool, from the running kernel's BTF; never edited)
 *   cli/decode/layout.ts (scripts/gen-layout.ts, from bpf/events.h; committed)
 *   swoll.bpf.o (clang -target bpf, CO-RE)
 *   libswoll.so (the FFI shim, runpath $ORIGIN) + libbpf.so.1 beside it
 *   swoll-hold (how trace -- COMMAND starts COMMAND, ffi/hold.c)
 *   dist/swoll (bun build --compile, the four files above embedded)
 *   dist/swoll-trace -> swoll
 *   dist/kubectl-swoll -> swoll (kubectl's plugin name: `kubectl swoll trace --cluster …`)
 *   dist/lib/portable.js (the library's parts that need no bun:ffi, for Node)
 */
import { $ } from "bun";
import { copyFileSync, existsSync, mkdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";

const root = import.meta.dir;
const build = `${root}/build`;
const dist = `${root}/dist`;
mkdirSync(build, { recursive: true });
mkdirSync(dist, { recursive: true });

const bpfArch = { x64: "x86", arm64: "arm64" }[process.arch as string];
const triplet = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" }[process.arch as string];
if (!bpfArch || !triplet) throw new Error(`unsupported architecture ${process.arch}`);

function step(name: string): void {
  process.stderr.write(`build: ${name}\n`);
}

step("vmlinux.h from /sys/kernel/btf/vmlinux");
await $`bpftool btf dump file /sys/kernel/btf/vmlinux format c > ${build}/vmlinux.h`.quiet();

step("bpf/events.h -> cli/decode/layout.ts");
await $`bun ${root}/scripts/gen-layout.ts`;

step("bpf/swoll.bpf.c -> build/swoll.bpf.o");
await $`clang -g -O2 -Wall -target bpf -mcpu=v3 -D__TARGET_ARCH_${bpfArch} -I${build} -I${root}/bpf -c ${root}/bpf/swoll.bpf.c -o ${build}/swoll.bpf.o`;
// Keep BTF (CO-RE needs it), drop DWARF: a third of the size.
await $`llvm-strip -g ${build}/swoll.bpf.o`;

step("ffi/shim.c -> build/libswoll.so");
// Passed as a value so that neither Bun's shell nor sh expands $ORIGIN.
const runpath = "-Wl,-rpath,$ORIGIN";
await $`cc -O2 -Wall -Wextra -fPIC -shared -fvisibility=hidden -o ${build}/libswoll.so ${root}/ffi/shim.c -lbpf ${runpath} -Wl,--enable-new-dtags`;
step("ffi/hold.c -> build/swoll-hold");
await $`cc -O2 -Wall -Wextra -o ${build}/swoll-hold ${root}/ffi/hold.c`;
const libbpf = `/usr/lib/${triplet}/libbpf.so.1`;
if (!existsSync(libbpf)) throw new Error(`${libbpf} is missing: install libbpf-dev (scripts/setup.sh does)`);
copyFileSync(realpathSync(libbpf), `${build}/libbpf.so.1`);

step("completions/ from the commander definitions");
await $`bun ${root}/scripts/gen-completions.ts`;
step("docs/flags.md from the commander definitions");
await $`bun ${root}/scripts/gen-flags.ts`;

step("cli/main.ts -> dist/swoll");
// ink imports react-devtools-core (only used with DEV=true); the compiled
// executable cannot leave it unresolved, so it is bundled as an empty module.
const noDevtools: import("bun").BunPlugin = {
  name: "no-react-devtools",
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: "react-devtools-core", namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export default {};", loader: "js" }));
  },
};
// splitting: commands load their heavy parts (Kubernetes client, charts, ink)
// only when used, which keeps a plain trace small.
const bundle = await Bun.build({ entrypoints: [`${root}/cli/main.ts`], compile: { outfile: `${dist}/swoll` }, minify: true, splitting: true, sourcemap: "none", plugins: [noDevtools] });
if (!bundle.success) throw new AggregateError(bundle.logs, "bun build --compile failed");
rmSync(`${dist}/swoll-trace`, { force: true });
symlinkSync("swoll", `${dist}/swoll-trace`);
rmSync(`${dist}/kubectl-swoll`, { force: true });
symlinkSync("swoll", `${dist}/kubectl-swoll`);
// kubectl (1.26+) completes `kubectl swoll …` by running kubectl_complete-swoll
rmSync(`${dist}/kubectl_complete-swoll`, { force: true });
symlinkSync("swoll", `${dist}/kubectl_complete-swoll`);

step("cli/api/portable.ts -> dist/lib/portable.js (Node)");
const portable = await Bun.build({ entrypoints: [`${root}/cli/api/portable.ts`], outdir: `${dist}/lib`, target: "node", format: "esm", sourcemap: "none" });
if (!portable.success) throw new AggregateError(portable.logs, "bun build of the portable library failed");
step("done: dist/swoll, dist/swoll-trace, dist/kubectl-swoll, dist/kubectl_complete-swoll, dist/lib/portable.js");
