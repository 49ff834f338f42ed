/** strace-style lines: time comm(pid) call(args) = ret ERRNO (message) <latency>. */
import { Chalk, type ChalkInstance } from "chalk";
import type { Decoded } from "../decode/event";
import type { LostReport } from "../trace/loss";
import { LOST_CAUSE_TEXT } from "../trace/loss";
import { errnoByName, errnoMessage } from "../decode/errno";
import { escapeForTerminal } from "../decode/strings";

export class TextFormatter {
  private readonly c: ChalkInstance;

  constructor(color: boolean) {
    this.c = new Chalk({ level: color ? 1 : 0 });
  }

  event(d: Decoded): string {
    const e = d.event;
    const c = this.c;
    const who = `${c.cyan(escapeForTerminal(e.comm, false, true))}(${e.pid}${e.tid !== e.pid ? `/${e.tid}` : ""})`;
    return `${c.dim(e.time.slice(11, 26))} ${who} ${this.call(d)}`;
  }

  /** The call, its result and latency: the line after `time comm(pid)`. */
  call(d: Decoded): string {
    const { event: e, argList } = d;
    const c = this.c;
    const args = d.argsText ?? argList.filter((a) => a.text !== "").map((a) => a.text).join(", ");
    const call = `${c.bold(d.info.name)}(${args})`;
    let result: string;
    if (e.return === null) result = "?";
    else if (e.error !== "OK") {
      const errno = errnoByName(e.error!) ?? -e.return;
      result = c.red(`-1 ${e.error} (${errnoMessage(errno) ?? "Unknown error"})`);
    } else result = d.retText ?? String(e.return);
    const latency = c.dim(`<${(d.latencyNs / 1e9).toFixed(6)}>`);
    return `${call} = ${result} ${latency}`;
  }

  lost(l: LostReport): string {
    return this.c.yellow(`--- lost ${l.count} events (${LOST_CAUSE_TEXT[l.cause]}) between ${l.from} and ${l.to} ---`);
  }
}
