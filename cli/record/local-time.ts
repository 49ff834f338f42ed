/** Text lines' time of day in the recording's time zone (live text shows UTC: the event's `time`). */
export class LocalTime {
  private readonly fmt: Intl.DateTimeFormat | null;
  private second = "";
  private prefix = "";

  constructor(timeZone: string) {
    let fmt: Intl.DateTimeFormat | null = null;
    try {
      if (timeZone && timeZone !== "UTC" && timeZone !== "Etc/UTC")
        fmt = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    } catch {
      fmt = null; // a zone this machine does not know: stay in UTC
    }
    this.fmt = fmt;
  }

  /** `line` starts with the UTC time of day taken from `iso` (RFC 3339, microseconds); swap in local time. */
  rewrite(line: string, iso: string): string {
    if (!this.fmt) return line;
    const utc = iso.slice(11, 26);
    const sec = iso.slice(0, 19);
    if (sec !== this.second) {
      this.second = sec;
      this.prefix = this.fmt.format(new Date(`${sec}Z`));
    }
    const i = line.indexOf(utc);
    return i < 0 ? line : line.slice(0, i) + this.prefix + utc.slice(8) + line.slice(i + utc.length);
  }
}
