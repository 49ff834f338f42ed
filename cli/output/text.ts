/** strace-style lines: time comm(pid) call(args) = ret ERRNO (message) <latency>. */
import { Chalk, type ChalkInstance } from "chalk";
import type { Decoded } from "../decode/event";
import type { LostReport } from "../trace/loss";
import { LOST_CAUSE_TEXT } from "../trace/loss";
import { errnoByName, failureText } from "../decode/errno";
import { escapeForTerminal } from "../decode/strings";

/**
 * strace's timing flags: -t (time of day, seconds), -tt (microseconds),
 * -ttt (seconds since the epoch), -r (since the previous line's call
 * began), -T (time in the call). When any is given the line has exactly
 * what was asked for, as strace's; when none is, swoll's default line
 * (time of day in microseconds and the time in the call).
 */
export interface TimingFlags {
  /** 0 (none), 1 (-t), 2 (-tt), 3 (-ttt). */
  absolute: number;
  relative: boolean;
  inCall: boolean;
}

export class TextFormatter {
  private readonly c: ChalkInstance;
  /** Start (CLOCK_MONOTONIC ns) of the previous line's call, for -r. */
  private previousStart: number | null = null;
  private readonly straceTiming: boolean;

  constructor(color: boolean, private readonly timing: TimingFlags = { absolute: 0, relative: false, inCall: false }) {
    this.c = new Chalk({ level: color ? 1 : 0 });
    this.straceTiming = timing.absolute > 0 || timing.relative || timing.inCall;
  }

  /** The time prefix (with its trailing space) and the time-in-call suffix (with its leading space). */
  private times(d: Decoded): [string, string] {
    const e = d.event;
    const latency = ` ${this.c.dim(`<${(d.latencyNs / 1e9).toFixed(6)}>`)}`;
    if (!this.straceTiming) return [`${this.c.dim(e.time.slice(11, 26))} `, latency];
    const t = this.timing;
    let prefix = "";
    if (t.relative) {
      const delta = this.previousStart === null ? 0 : e.start - this.previousStart;
      this.previousStart = e.start;
      prefix = `${(delta / 1e9).toFixed(6).padStart(13)} `;
    } else if (t.absolute === 1) prefix = `${e.time.slice(11, 19)} `;
    else if (t.absolute === 2) prefix = `${e.time.slice(11, 26)} `;
    else if (t.absolute >= 3) prefix = `${Math.floor(Date.parse(`${e.time.slice(0, 19)}Z`) / 1000)}.${e.time.slice(20, 26)} `;
    return [prefix && this.c.dim(prefix.slice(0, -1)) + " ", t.inCall ? latency : ""];
  }

  event(d: Decoded): string {
    const e = d.event;
    const who = `${this.c.cyan(escapeForTerminal(e.comm, false, true))}(${e.pid}${e.tid !== e.pid ? `/${e.tid}` : ""})`;
    const [when, took] = this.times(d);
    return `${when}${who} ${this.callAndResult(d)}${took}`;
  }

  /** The call, its result and the time in it, as the default line ends (-o columns=call). */
  call(d: Decoded): string {
    return `${this.callAndResult(d)} ${this.c.dim(`<${(d.latencyNs / 1e9).toFixed(6)}>`)}`;
  }

  private callAndResult(d: Decoded): string {
    const { event: e, argList } = d;
    const c = this.c;
    const fds = d.fdText;
    const args = d.argsText ?? argList.filter((a) => a.text !== "").map((a) => (fds ? withFdText(a.text, fds[a.name], a.json) : a.text)).join(", ");
    const call = `${c.bold(d.info.name)}(${args})`;
    let result: string;
    if (e.return === null) result = "?";
    else if (e.error !== "OK") {
      const errno = errnoByName(e.error!) ?? -Number(e.return);
      result = c.red(failureText(e.error!, errno));
    } else result = d.retText ?? withFdText(String(e.return), fds?.return, e.return);
    return `${call} = ${result}`;
  }

  lost(l: LostReport): string {
    return this.c.yellow(`--- lost ${l.count} events (${LOST_CAUSE_TEXT[l.cause]}) between ${l.from} and ${l.to} ---`);
  }
}

/** strace's text of an argument or result with its descriptor's name: `3</etc/hostname>`, `[3<pipe:[1]>, 4<pipe:[1]>]`. */
function withFdText(text: string, fds: string | string[] | undefined, value: unknown): string {
  if (fds === undefined) return text;
  if (typeof fds === "string") return `${text}<${fds}>`;
  if (!Array.isArray(value)) return text;
  return `[${(value as number[]).map((v, i) => (fds[i] ? `${v}<${fds[i]}>` : String(v))).join(", ")}]`;
}
