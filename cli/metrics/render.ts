/**
 * /metrics as a stream: the kernel map is read once per scrape, then the
 * exposition is rendered a slice of series at a time, one slice per pull
 * of the response stream. Between slices the event loop serves other
 * requests (/healthz stays fast however many series there are), and the
 * body is never held whole in memory: a slow or stalled scraper stops the
 * pulls instead of buffering megabytes. At most MAX_RENDERS scrapes run at
 * once; more are answered 503 with Retry-After, so a request flood cannot
 * multiply the work or the memory.
 */
import type { MetricsCollector } from "./collector";
import { CONTENT_TYPE, escapeHelp, Exposition, formatLabels, formatValue, leLabel, SYSCALL_COUNT, SYSCALL_DURATION, SYSCALL_TIME, writeScrapeDuration, writeSelfSeries } from "./prometheus";
import { LABELS, type Series } from "./series";

/** Series per slice: about 200 KB of text for the histogram family. */
const SLICE = 64;
export const MAX_RENDERS = 2;
/** Longest a scrape may take: a scraper that stops reading is cut off then, and its slot freed. */
const RENDER_DEADLINE_MS = 30_000;

let rendering = 0;

const HELP = {
  [SYSCALL_COUNT]: ["counter", "Syscalls that returned, by syscall, result (err) and the container that made them."],
  [SYSCALL_TIME]: ["counter", "Nanoseconds spent in syscalls, from entry to exit, by syscall, result and container."],
  [SYSCALL_DURATION]: ["histogram", "Syscall latency from entry to exit, by syscall, result and container."],
} as const;

type Family = keyof typeof HELP;
const FAMILIES: Family[] = [SYSCALL_COUNT, SYSCALL_TIME, SYSCALL_DURATION];

/** `{syscall="…",…,container="…"` without the closing brace: built once per series, shared by its 33 lines. */
function labelPrefix(s: Series): string {
  return formatLabels(LABELS.map((l) => [l, s.labels[l]] as const)).slice(0, -1);
}

/** One slice of one family, as exposition text (the family's HELP/TYPE when `from` is 0). */
function renderSlice(family: Family, series: Series[], from: number, les: string[]): string {
  const out: string[] = [];
  if (from === 0) out.push(`# HELP ${family} ${escapeHelp(HELP[family][1])}`, `# TYPE ${family} ${HELP[family][0]}`);
  const end = Math.min(series.length, from + SLICE);
  for (let i = from; i < end; i++) {
    const s = series[i]!;
    const l = labelPrefix(s);
    if (family === SYSCALL_COUNT) out.push(`${family}${l}} ${formatValue(s.count)}`);
    else if (family === SYSCALL_TIME) out.push(`${family}${l}} ${formatValue(s.totalNs)}`);
    else {
      let acc = 0;
      for (let b = 0; b < les.length; b++) {
        acc += s.buckets[b] ?? 0;
        out.push(`${family}_bucket${l},le="${les[b]}"} ${acc}`);
      }
      for (let b = les.length; b < s.buckets.length; b++) acc += s.buckets[b]!;
      out.push(`${family}_bucket${l},le="+Inf"} ${acc}`, `${family}_sum${l}} ${formatValue(Number(s.totalNs) / 1e9)}`, `${family}_count${l}} ${acc}`);
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** The whole exposition as a pull stream of UTF-8 slices. */
export function metricsStream(c: MetricsCollector): ReadableStream<Uint8Array> {
  const t0 = performance.now();
  const { rows, series } = c.snapshot();
  const les = c.boundsNs.map(leLabel);
  const enc = new TextEncoder();
  let family = 0;
  let from = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (c.closed) {
        ctl.close();
        return;
      }
      if (family < FAMILIES.length) {
        ctl.enqueue(enc.encode(renderSlice(FAMILIES[family]!, series, from, les)));
        from += SLICE;
        if (from >= series.length) {
          family++;
          from = 0;
        }
        // yield to the event loop before the next slice
        return new Promise<void>((resolve) => setImmediate(resolve));
      }
      const x = new Exposition();
      writeSelfSeries(x, c.selfStats(rows.length));
      writeScrapeDuration(x, (performance.now() - t0) / 1000);
      ctl.enqueue(enc.encode(x.text()));
      ctl.close();
    },
  }, { highWaterMark: 0 });
}

/** The /metrics response: streamed, gzipped when asked for, or 503 when MAX_RENDERS are running. */
export function metricsResponse(c: MetricsCollector, req: Request, headers: Record<string, string>): Response {
  if (rendering >= MAX_RENDERS)
    return new Response("busy: another scrape is being rendered; retry\n", { status: 503, headers: { "content-type": "text/plain", "retry-after": "1", ...headers } });
  rendering++;
  let done = false;
  let ctlRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  const finish = () => {
    if (!done) rendering--;
    done = true;
    clearTimeout(deadline);
  };
  // a scraper that stopped reading (or went away unnoticed) is cut off, and its slot freed
  const deadline = setTimeout(() => {
    if (done) return;
    finish();
    void reader.cancel().catch(() => {});
    try {
      ctlRef?.error(new Error("scrape too slow"));
    } catch {
      // already closed
    }
  }, RENDER_DEADLINE_MS);
  deadline.unref?.();
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = metricsStream(c).getReader();
  } catch (e) {
    finish();
    throw e;
  }
  const counted = new ReadableStream<Uint8Array>({
    start(ctl) {
      ctlRef = ctl;
    },
    async pull(ctl) {
      try {
        const r = await reader.read();
        if (r.done) {
          finish();
          ctl.close();
        } else ctl.enqueue(r.value);
      } catch (e) {
        finish();
        ctl.error(e);
      }
    },
    cancel() {
      finish();
      return reader.cancel();
    },
  }, { highWaterMark: 0 });
  const gzip = /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "");
  const out = gzip ? counted.pipeThrough(new CompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : counted;
  return new Response(out, { headers: { "content-type": CONTENT_TYPE, ...(gzip ? { "content-encoding": "gzip" } : {}), ...headers } });
}
