/**
 * Frames of the pure components at 80 and 160 columns: the main table,
 * each grouping, the help overlay, the drill-down trace view, the
 * lost-calls banner, colours, truncation and sanitising.
 */
import React from "react";
import { afterEach, describe, expect, test } from "bun:test";
import chalk from "chalk";
import { render } from "ink-testing-library";
import { Screen } from "../../cli/tui/components/Screen";
import { rowKey } from "../../cli/tui/stats";
import { DIMENSIONS } from "../../cli/tui/types";
import { TopStore } from "../../cli/tui/store";
import { BOUNDS, ERR, NR, filledStore, line, names, newStore, row, snapshot, window1, window2 } from "./fixtures";

const META = { host: "node-1", kernel: "6.18.44", intervalMs: 1000, filters: "" };
const WIDTHS = [80, 160] as const;

function frame(s: TopStore, width: number, height = 16, meta = META): string {
  const r = render(<Screen state={s.getState()} rows={s.rows()} selected={s.selectedIndex()} meta={meta} width={width} height={height} slowNs={10e6} nowMs={83_000} />);
  const out = r.lastFrame()!;
  r.unmount();
  return out;
}

const lines = (f: string) => Bun.stripANSI(f).split("\n");

/** No line wider than the terminal, and the frame fills the height exactly. */
function expectFits(f: string, width: number, height = 16): void {
  for (const l of lines(f)) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(width);
  expect(lines(f)).toHaveLength(height);
}

const savedLevel = chalk.level;
afterEach(() => {
  chalk.level = savedLevel;
});

describe("main table", () => {
  test("80 columns: the columns that fit, name column first, sorted by rate", () => {
    const f = frame(filledStore(), 80);
    expectFits(f, 80);
    expect(lines(f).slice(0, 10).map((l) => l.trimEnd())).toEqual([
      "swoll top  host node-1  kernel 6.18.44  up 00:01:23  every 1s",
      "calls 6.84k/s  errors 340/s (5.0%)  lost 0",
      "filters none  group syscall  sort RATE/s ▼",
      "view all",
      " SYSCALL            COUNT  RATE/s▼   ERRORS   ERR% TOP ERRNO         P99   ERR Δ",
      "›getppid             9000    4.00k        0     0% -               509ns       -",
      " read                4200    1.60k        0     0% -              1.02µs       -",
      " openat              2200    1.20k      400    25% ENOENT         2.04µs   +200%",
      " futex                 80       40       80   100% ETIMEDOUT      66.8ms      0%",
      " connect               10        0       10      - ECONNREFUSED        -   -100%",
    ]);
    expect(lines(f).at(-1)).toBe("1-8 group  < > sort  / filter  ⏎ drill  esc back  space pause  ? help  q quit");
  });

  test("160 columns: every column, average and median included", () => {
    const f = frame(filledStore(), 160);
    expectFits(f, 160);
    const [head, first] = lines(f).slice(4, 6);
    expect(head).toMatch(/^ SYSCALL\s+COUNT\s+RATE\/s▼\s+ERRORS\s+ERR%\sTOP ERRNO\s+AVG\s+P50\s+P99\s+ERR Δ\s*$/);
    expect(first).toMatch(/^›getppid\s+9000\s+4\.00k\s+0\s+0%\s+-\s+300ns\s+384ns\s+509ns\s+-\s*$/);
    expect(lines(f).at(-1)).toContain("r reverse");
  });

  test("before the first interval it says it is counting", () => {
    for (const w of WIDTHS) expect(frame(newStore(), w)).toContain("counting… the first numbers arrive after one interval");
  });

  test("the sort mark follows the column, and the header says which", () => {
    const s = filledStore();
    s.setSort("p99");
    s.reverse();
    const f = lines(frame(s, 80));
    expect(f[2]).toContain("sort P99 ▲");
    expect(f[4]).toContain("P99▲");
    expect(f[5]).toMatch(/^›getppid/);
    expect(f[9]).toMatch(/^ connect/); // no latency sorts last, whichever the direction
  });
});

describe("groupings", () => {
  const expected: Record<string, string[]> = {
    syscall: ["getppid", "read", "openat", "futex", "connect"],
    errno: ["OK", "ENOENT", "ETIMEDOUT", "ECONNREFUSED"],
    namespace: ["(host)", "shop", "kube-system"],
    pod: ["(host)", "shop/web-7c5ddbdf54-x8p2q", "shop/db-0", "kube-system/coredns-5d78c9869d-abcde"],
    container: ["(host)", "web-7c5ddbdf54-x8p2q/nginx", "db-0/postgres", "coredns-5d78c9869d-abcde/coredns"],
    class: [...new Set([NR.getppid, NR.read, NR.openat, NR.futex, NR.connect].map((nr) => names.syscall(nr).class))],
    comm: ["swoll-wl", "nginx", "postgres", "coredns"],
    process: ["swoll-wl(4242)", "nginx(1001)", "postgres(2002)", "coredns(3003)"],
  };
  /** The filled store's frame grouped by `dim`, sorted by name, at `w` columns: checked to fit and to say its group, as lines. */
  const groupedByName = (dim: (typeof DIMENSIONS)[number], w: number): string[] => {
    const s = filledStore({ perProcess: true });
    s.setGrouping(dim);
    s.setSort("name");
    const f = frame(s, w);
    expectFits(f, w);
    const l = lines(f);
    expect(l[2]).toContain(`group ${dim}`);
    return l;
  };
  for (const dim of DIMENSIONS.filter((d) => d !== "pod" && d !== "container"))
    for (const w of WIDTHS)
      test(`${dim} at ${w} columns`, () => {
        const l = groupedByName(dim, w);
        expect(l[4]).toStartWith(` ${dim.toUpperCase()}▲`);
        const labels = l.slice(5, 5 + expected[dim]!.length).map((x) => x.slice(1).split(/\s{2,}/)[0]);
        expect(labels).toEqual([...expected[dim]!].sort((a, b) => a.localeCompare(b)));
      });

  const podRows: Record<string, string[][]> = {
    pod: [["(host)", "(host)"], ["kube-system", "coredns-5d78c9869d-abcde"], ["shop", "db-0"], ["shop", "web-7c5ddbdf54-x8p2q"]],
    container: [["(host)", "(host)", "(host)"], ["kube-system", "coredns-5d78c9869d-abcde", "coredns"], ["shop", "db-0", "postgres"], ["shop", "web-7c5ddbdf54-x8p2q", "nginx"]],
  };
  for (const dim of ["pod", "container"] as const)
    for (const w of WIDTHS)
      test(`${dim} at ${w} columns: namespace, pod${dim === "container" ? " and container" : ""} as columns of their own`, () => {
        const l = groupedByName(dim, w);
        const titles = dim === "pod" ? ["NAMESPACE", "POD▲", "COUNT"] : ["NAMESPACE", "POD", "CONTAINER▲", "COUNT"];
        expect(l[4]!.slice(1).split(/\s+/).slice(0, titles.length)).toEqual(titles);
        // each cell starts under its title
        const at = titles.map((t) => l[4]!.indexOf(t));
        const cells = l.slice(5, 9).map((x) => at.slice(0, -1).map((a, i) => x.slice(a, at[i + 1]).trim()));
        expect(cells).toEqual(podRows[dim]!);
        expect(l[8]!.slice(at.at(-1)!).trim().split(/\s+/)[0]).toBe("5200"); // web's count under COUNT
      });

  test("pod columns: numeric columns are given up before names are cut, then the widest name is cut with …", () => {
    const s = filledStore({ perProcess: true });
    s.setGrouping("container");
    s.setSort("name");
    const at = (w: number) => lines(frame(s, w));
    // 60 columns: the names whole, COUNT only
    expect(at(60)[4]!.trimEnd()).toBe(" NAMESPACE   POD                      CONTAINER▲       COUNT");
    expect(at(60)[6]!.trimEnd()).toBe(" kube-system coredns-5d78c9869d-abcde coredns             10");
    // 40 columns: no numeric column left, the pod name (the widest) cut first
    const narrow = at(40);
    expectFits(frame(s, 40), 40);
    expect(narrow.slice(4, 9).map((x) => x.trimEnd())).toEqual([
      " NAMESPACE   POD              CONTAINER▲",
      "›(host)      (host)           (host)",
      " kube-system coredns-5d78c98… coredns",
      " shop        db-0             postgres",
      " shop        web-7c5ddbdf54-… nginx",
    ]);
  });

  test("pod columns: hostile names are escaped, long ones cut with …", () => {
    const s = new TopStore({ boundsNs: BOUNDS, startedAtMs: 0, perProcess: false, names, identity: () => ({ namespace: "ns\x1b[2J", pod: "p-".repeat(40), container: "c\x1b]0;pwned\x07" }) });
    s.ingest(snapshot([row(7, NR.read, 0, 5, 100)], 1000));
    s.setGrouping("container");
    for (const w of WIDTHS) {
      const f = frame(s, w);
      expectFits(f, w);
      expect(f).not.toContain("\x1b[2J");
      expect(f).not.toContain("\x1b]0;");
      const row5 = lines(f)[5]!;
      expect(row5).toContain("ns\\33[2J");
      expect(row5).toContain("c\\33]0;pwned\\7");
      expect(row5).toMatch(/(p-)+p?… /);
    }
  });

  for (const w of WIDTHS)
    test(`comm and process without per-process rows explain why, at ${w} columns`, () => {
      const s = filledStore();
      s.setGrouping("process");
      const f = frame(s, w);
      expectFits(f, w);
      expect(f.replace(/\s+/g, " ")).toContain("grouping by process needs counts per process");
      expect(f.replace(/\s+/g, " ")).toContain("this source counts per cgroup, syscall and errno only");
    });
});

describe("comm and process groupings of a live source", () => {
  /** Window 2 after coredns (3003) exited and its rows were folded, plus a shell that exec'd cat. */
  function churned(): TopStore {
    const s = newStore({ perProcess: true });
    const exec = (n: number) => [
      row(1, NR.read, 0, 2 * n, 300, { tgid: 5005, execGen: 1, comm: "sh", processName: "cat" }),
      row(1, NR.read, 0, 30 * n, 300, { tgid: 5005, execGen: 2, comm: "cat", processName: "cat" }),
    ];
    s.ingest(snapshot([...window1(true), ...exec(1)], 1000));
    const folded = window2(true).map((r) => (r.tgid === 3003 ? { ...r, tgid: 0 } : r));
    const moved = window1(true).filter((r) => r.tgid === 3003).map((r): [string, string] => [rowKey(r), rowKey({ ...r, tgid: 0 })]);
    s.ingest({ ...snapshot([...folded, ...exec(2)], 2000), moved });
    return s;
  }

  for (const w of WIDTHS)
    test(`process: pid after the latest exec's name, exited processes in one row, at ${w} columns`, () => {
      const s = churned();
      s.setGrouping("process");
      const f = frame(s, w);
      expectFits(f, w);
      const l = lines(f);
      expect(l[2]).toContain("group process");
      expect(l[4]).toMatch(/^ PROCESS\s+COUNT\s+RATE\/s▼\s+ERRORS/);
      expect(l.slice(5, 10).map((x) => x.slice(1).split(/\s{2,}/).slice(0, 3))).toEqual([
        ["swoll-wl(4242)", "9000", "4.00k"],
        ["nginx(1001)", "5200", "2.20k"],
        ["postgres(2002)", "1280", "640"],
        ["cat(5005)", "64", "32"],
        ["(exited)", "10", "0"],
      ]);
      expect(l[9]).toContain("ECONNREFUSED");
    });

  for (const w of WIDTHS)
    test(`comm: calls under the name they were made with, exited processes included, at ${w} columns`, () => {
      const s = churned();
      s.setGrouping("comm");
      s.setSort("count");
      const l = lines(frame(s, w));
      expect(l[4]).toMatch(/^ COMM\s+COUNT▼/);
      expect(l.slice(5, 11).map((x) => x.slice(1).split(/\s{2,}/).slice(0, 2))).toEqual([
        ["swoll-wl", "9000"],
        ["nginx", "5200"],
        ["postgres", "1280"],
        ["cat", "60"],
        ["coredns", "10"],
        ["sh", "4"],
      ]);
    });
});

describe("help overlay", () => {
  for (const w of WIDTHS)
    test(`lists every key at ${w} columns`, () => {
      const s = filledStore();
      s.toggleHelp();
      const f = frame(s, w, 24);
      expectFits(f, w, 24);
      for (const want of ["group by syscall, errno, comm, process", "group by container, pod, namespace, class", "reverse the sort", "filter rows by text", "drill down: namespace → pod → container → syscall → errno → live trace", "pause / resume", "q ctrl-c quit"])
        expect(f.replace(/[│\s]+/g, " ")).toContain(want);
      expect(f).not.toContain("SYSCALL ");
    });
});

describe("drill-down trace view", () => {
  function traced(): TopStore {
    const s = filledStore();
    s.move(2); // openat
    s.drill();
    s.move(1);
    s.openTrace(s.drill()!);
    s.appendTrace({
      lines: [
        line(),
        line({ comm: "evil\x1b]0;owned\x07\u202e", pid: 7, tid: 9, call: `openat(AT_FDCWD, "${"/very/long/path".repeat(12)}", O_RDONLY)`, latencyNs: 2_500_000 }),
      ],
      lost: 3,
    });
    return s;
  }

  for (const w of WIDTHS)
    test(`title, lines with decoded arguments, losses at ${w} columns`, () => {
      const f = frame(traced(), w);
      expectFits(f, w);
      const l = lines(f);
      expect(l[3]!.trimEnd()).toBe("view all › syscall=openat");
      expect(l[4]).toMatch(/^trace syscall=openat errno=ENOENT\s+streaming\s+2 calls\s+lost 3/);
      if (w === 160) expect(l[5]!.trimEnd()).toBe('21:04:05.123456 nginx(1001) openat(AT_FDCWD, "/etc/nginx/missing.conf", O_RDONLY) = -1 ENOENT (No such file or directory) <1.50µs>');
      // short of room, the arguments are cut, then the errno message goes; who, result and latency stay
      else expect(l[5]!.trimEnd()).toBe('21:04:05.123456 nginx(1001) openat(AT_FDCWD, "/etc/nginx/m… = -1 ENOENT <1.50µs>');
      expect(l[6]).toContain("…");
      expect(l[6]).toMatch(/ = -1 ENOENT( \(No such file or directory\))? <2\.50ms>$/);
      // the comm cannot reach the terminal as control characters
      expect(f).not.toContain("\x1b]0;");
      expect(f).not.toContain("\u202e");
      expect(l[6]).toContain("evil\\33]0;owned\\7\\u{202e}(7/9)");
    });
});

describe("lost calls", () => {
  for (const w of WIDTHS)
    test(`a banner while the last window lost calls, and the total always, at ${w} columns`, () => {
      const s = newStore();
      s.ingest(snapshot(window1(), 1000, { "aggregation map full": 0 }));
      s.ingest(snapshot(window2(), 2000, { "aggregation map full": 250, "task storage full": 2 }));
      const f = frame(s, w);
      expectFits(f, w);
      const l = lines(f);
      expect(l[1]).toContain("lost 252");
      expect(l[4]).toStartWith(" ! 252 calls not counted in the last 1.0s: aggregation map full 250");
      if (w === 160) expect(l[4]!.trimEnd()).toEndWith("aggregation map full 250, task storage full 2");
      s.ingest(snapshot(window2(), 3000, { "aggregation map full": 250, "task storage full": 2 }));
      const quiet = lines(frame(s, w));
      expect(quiet[1]).toContain("lost 252");
      expect(quiet.join("\n")).not.toContain("calls not counted");
    });
});

describe("colour, truncation, sanitising", () => {
  test("errors are red, slow latencies yellow, falling errors green", () => {
    chalk.level = 1;
    const f = frame(filledStore(), 160);
    const futex = f.split("\n").find((l) => l.includes("futex"))!;
    expect(futex).toContain("\x1b[31m") ; // errors
    expect(futex).toMatch(/\x1b\[33m\s*50\.0ms/); // avg over --slow
    const connect = f.split("\n").find((l) => l.includes("connect"))!;
    expect(connect).toMatch(/\x1b\[32m\s*-100%/);
    const getppid = f.split("\n").find((l) => l.includes("getppid"))!;
    expect(getppid).not.toContain("\x1b[31m");
    expect(getppid).not.toContain("\x1b[33m");
  });

  test("long names end in an ellipsis, hostile ones are escaped", () => {
    const s = newStore({ perProcess: true });
    const comm = "\x1b[2J\x1b[31mgotcha";
    s.ingest(snapshot([row(1, NR.read, 0, 5, 100, { tgid: 9, comm }), row(1, NR.read, ERR.EAGAIN, 5, 100, { tgid: 10, comm: "a-really-long-command-name-that-goes-on-and-on-and-on-forever" })], 1000));
    s.setGrouping("comm");
    for (const w of WIDTHS) {
      const f = frame(s, w);
      expectFits(f, w);
      expect(f).not.toContain("\x1b[2J");
    }
    expect(frame(s, 160)).toContain("\\33[2J\\33[31mgotcha");
    expect(frame(s, 80)).toMatch(/ a-really-long-command-name-that-goes-on-and…\s/);
    expect(frame(s, 160)).toContain("a-really-long-command-name-that-goes-on-and-on-and-on-forever ");
  });

  test("the header shows pause, filters and the text filter; the footer the filter being typed", () => {
    const s = filledStore();
    s.togglePause();
    s.startFilter();
    s.editFilter("op");
    s.commitFilter();
    s.startFilter();
    s.editFilter("ope");
    const l = lines(frame(s, 80, 16, { ...META, filters: "--comm nginx" }));
    expect(l[0]).toStartWith(" PAUSED  swoll top");
    expect(l[2]).toBe("filters --comm nginx  group syscall  sort RATE/s ▼  /op".padEnd(l[2]!.length));
    expect(l.at(-1)).toStartWith("filter /ope█");
  });
});
