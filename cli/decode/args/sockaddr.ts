/**
 * struct sockaddr: inet (port in network byte order), inet6, unix
 * (paths, abstract names, unnamed), netlink, packet, and anything else as
 * family + raw bytes. JSON {family, addr, port} / {family, path}; text in
 * strace's style. Short or lying lengths decode what is there.
 */
import { valuesOf, type ConstSet } from "../consts";
import { bytesToString } from "../strings";
import { ADDRESS_FAMILY, ARP_HARDWARE, ETHERNET_PROTOCOL, PACKET_TYPE } from "../tables/consts-net";
import { SOCKADDR_IN, SOCKADDR_IN6, SOCKADDR_LL, SOCKADDR_NL, SOCKADDR_UN } from "../tables/structs";
import { entryExit, intInOut, memory } from "./common";
import { CapturedMemory, cString } from "./captured-memory";
import { pointer, quoteBytes } from "./render";
import type { ArgType, Call, Shown } from "./types";

const AF_UNIX = 1, AF_INET = 2, AF_AX25 = 3, AF_IPX = 4, AF_X25 = 9, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;

const end = (f: readonly [number, number, number]) => f[0] + f[1];

export function ipv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** inet_ntop(AF_INET6): the longest run of two or more zero groups as ::, embedded IPv4 where glibc shows it. */
export function ipv6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) best = -1;
  const v4 = best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff));
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out += i === 0 ? "::" : ":";
      i += bestLen - 1;
      continue;
    }
    if (v4 && i === 6) return `${out}${ipv4(b.subarray(12, 16))}`;
    out += w[i]!.toString(16) + (i < 7 ? ":" : "");
  }
  return out;
}

const hexBytes = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
/** C's %#0Nx: `0x` and at least N - 2 digits; 0 as N zeros. */
const zeroX = (v: number, width: number) => (v === 0 ? "0".repeat(width) : `0x${(v >>> 0).toString(16).padStart(width - 2, "0")}`);
/** A value of `set` by name, else in hex with strace's comment. */
function named(set: ConstSet, v: number, c: Call): [string | number, string] {
  const vs = valuesOf(set, c.arch);
  const n = vs.name(v);
  return n !== undefined ? [n, n] : [v, `0x${(v >>> 0).toString(16)} /* ${vs.prefix}??? */`];
}
/** An interface index: the loopback (1 in every network namespace) by name, others as numbers. */
const ifindexText = (v: number) => (v === 1 ? 'if_nametoindex("lo")' : String(v >>> 0));

/** The bytes after the family, quoted: for families without a decoder, and addresses too short for theirs. */
function raw(m: CapturedMemory, name: string | number, famText: string): Shown {
  const data = m.bytes.subarray(2);
  return { json: { family: name, data: hexBytes(data) }, text: `{sa_family=${famText}, sa_data=${quoteBytes(data)}}` };
}

/** AX.25 addresses: a callsign and SSID (`VALID-13`), with the raw bytes when they are not a sane callsign. */
const AX25_CALL = 7, AX25_MAX_DIGIS = 8, SOCKADDR_AX25 = 16;
type Style = "name" | "both" | "raw";
function ax25Style(b: Uint8Array): Style {
  let style: Style = "name";
  let space = false, chars = false;
  for (let k = 0; k < AX25_CALL - 1; k++) {
    let ch = b[k]!;
    if (ch & 1) style = "both";
    ch >>= 1;
    if (ch === 0x20) space = true;
    else chars = true;
    const sane = (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x20;
    if (!sane || (ch !== 0x20 && space)) style = "both";
    if (ch < 0x20 || ch > 0x7e || ch === 0x2a || ch === 0x2f) return "raw";
  }
  const ssid = b[AX25_CALL - 1]!;
  if (ssid & ~0x1e || (!chars && ssid)) style = "both";
  return style;
}
function ax25Name(b: Uint8Array): string {
  let end = AX25_CALL - 1;
  while (end && b[end - 1]! >> 1 === 0x20) end--;
  let out = "";
  for (let k = 0; k < end; k++) out += String.fromCharCode(b[k]! >> 1);
  const ssid = (b[AX25_CALL - 1]! >> 1) & 0xf;
  out += `-${ssid}`;
  return out === "-0" ? "*" : out;
}
function ax25Address(b: Uint8Array): Shown {
  const style = ax25Style(b);
  const rawText = `{ax25_call=${quoteBytes(b, false, true)}}`;
  const json: Record<string, string> = { ax25_call: hexBytes(b) };
  if (style === "raw") return { json, text: rawText };
  const name = ax25Name(b);
  json.name = name;
  return { json, text: style === "name" ? name : `${rawText} /* ${name} */` };
}
function ax25(m: CapturedMemory, name: string | number): Shown {
  const len = m.length;
  const b = new Uint8Array(SOCKADDR_AX25 + AX25_MAX_DIGIS * AX25_CALL);
  b.set(m.bytes.subarray(0, b.length));
  const call = ax25Address(b.subarray(2, 2 + AX25_CALL));
  const ndigis = new DataView(b.buffer).getInt32(12, true);
  const full = ndigis !== 0 || len > SOCKADDR_AX25;
  const head = `sax25_call=${call.text}, sax25_ndigis=${ndigis}`;
  const json: Record<string, unknown> = { family: name, call: call.json, ndigis };
  if (!full) return { json, text: `{sa_family=AF_AX25, ${head}}` };
  let text = `{sa_family=AF_AX25, fsa_ax25={${head}}`;
  const has = Math.min(Math.floor((len - SOCKADDR_AX25) / AX25_CALL), AX25_MAX_DIGIS);
  const want = Math.min(Math.max(ndigis, 0), AX25_MAX_DIGIS);
  if (want > 0) {
    const digis = Array.from({ length: Math.min(has, want) }, (_, k) => ax25Address(b.subarray(SOCKADDR_AX25 + k * AX25_CALL, SOCKADDR_AX25 + (k + 1) * AX25_CALL)));
    json.digipeaters = digis.map((d) => d.json);
    text += `, fsa_digipeater=[${[...digis.map((d) => d.text), ...(want > has ? ["..."] : [])].join(", ")}]`;
  }
  if (len > has * AX25_CALL + SOCKADDR_AX25) text += ", ...";
  return { json, text: `${text}}` };
}

/** The fewest bytes each family's decoder needs (strace's); shorter addresses show their bytes. */
const MIN_LEN: Record<number, number> = {
  [AF_UNIX]: 3, [AF_INET]: 16, [AF_AX25]: SOCKADDR_AX25, [AF_IPX]: 16, [AF_X25]: 18, [AF_INET6]: 24, [AF_NETLINK]: 12, [AF_PACKET]: 20,
};
const SUN_PATH_MAX = 108;

/** A sockaddr of m.length bytes (the length the call was given, at most sizeof(struct sockaddr_storage)). */
export function sockaddr(m: CapturedMemory, c: Call): Shown {
  const family = m.u16(0);
  if (family === undefined) return { json: { family: null, data: hexBytes(m.bytes) }, text: `{sa_family=???}` };
  const [name, famText] = named(ADDRESS_FAMILY, family, c);
  const len = m.length;
  if (len <= 2) return family === AF_UNIX ? { json: { family: name, path: "" }, text: "{sa_family=AF_UNIX}" } : { json: { family: name, data: "" }, text: `{sa_family=${famText}}` };
  if (len < (MIN_LEN[family] ?? Infinity)) return raw(m, name, famText);
  const b = m.bytes;
  switch (family) {
    case AF_INET: {
      const f = SOCKADDR_IN.fields;
      const port = m.be16(f.sin_port[0])!;
      const addr = ipv4(b.subarray(f.sin_addr[0]));
      return { json: { family: name, addr, port }, text: `{sa_family=AF_INET, sin_port=htons(${port}), sin_addr=inet_addr("${addr}")}` };
    }
    case AF_INET6: {
      const f = SOCKADDR_IN6.fields;
      const port = m.be16(f.sin6_port[0])!;
      const flowinfo = m.be32(f.sin6_flowinfo[0])!;
      const a6 = b.subarray(f.sin6_addr[0], end(f.sin6_addr));
      const addr = ipv6(a6);
      const json: Record<string, unknown> = { family: name, addr, port, flowinfo };
      let text = `{sa_family=AF_INET6, sin6_port=htons(${port}), sin6_flowinfo=htonl(${flowinfo}), inet_pton(AF_INET6, "${addr}", &sin6_addr)`;
      const scope = len > f.sin6_scope_id[0] ? m.u32(f.sin6_scope_id[0]) : undefined;
      if (scope !== undefined) {
        json.scope_id = scope;
        // link-local unicast (fe80::/10) and multicast (ffX2::) addresses name an interface
        const linkLocal = (a6[0] === 0xfe && (a6[1]! & 0xc0) === 0x80) || (a6[0] === 0xff && (a6[1]! & 0xf) === 2);
        text += `, sin6_scope_id=${linkLocal ? ifindexText(scope) : scope}`;
      }
      return { json, text: `${text}}` };
    }
    case AF_UNIX: {
      const pathLen = Math.min(len, 2 + SUN_PATH_MAX) - 2;
      const p = b.subarray(SOCKADDR_UN.fields.sun_path[0], SOCKADDR_UN.fields.sun_path[0] + pathLen);
      if (p[0] === 0) {
        const rest = p.subarray(1);
        return { json: { family: name, path: `@${bytesToString(rest)}`, abstract: true }, text: `{sa_family=AF_UNIX, sun_path=@${quoteBytes(rest)}}` };
      }
      const path = cString(p);
      return { json: { family: name, path: bytesToString(path) }, text: `{sa_family=AF_UNIX, sun_path=${quoteBytes(path)}}` };
    }
    case AF_NETLINK: {
      const f = SOCKADDR_NL.fields;
      const pad = m.u16(f.nl_pad[0])!;
      const pid = m.u32(f.nl_pid[0])!;
      const groups = m.u32(f.nl_groups[0])!;
      const json: Record<string, unknown> = { family: name, pid, groups };
      if (pad) json.pad = pad;
      return { json, text: `{sa_family=AF_NETLINK, ${pad ? `nl_pad=0x${pad.toString(16)}, ` : ""}nl_pid=${pid}, nl_groups=${zeroX(groups, 8)}}` };
    }
    case AF_PACKET: {
      const f = SOCKADDR_LL.fields;
      const protocol = m.be16(f.sll_protocol[0])!;
      const ifindex = m.u32(f.sll_ifindex[0])!;
      const hatype = m.u16(f.sll_hatype[0])!;
      const pkttype = m.u8(f.sll_pkttype[0])!;
      const halen = m.u8(f.sll_halen[0])!;
      const [, protoText] = named(ETHERNET_PROTOCOL, protocol, c);
      const [, hatypeText] = named(ARP_HARDWARE, hatype, c);
      const [, pkttypeText] = named(PACKET_TYPE, pkttype, c);
      // the address as long as sll_halen says, as far as the length given reaches (then ...)
      const room = Math.max(0, len - f.sll_addr[0]);
      const hw = b.subarray(f.sll_addr[0], f.sll_addr[0] + Math.min(halen, room, f.sll_addr[1]));
      const bytes = Array.from(hw, (x) => `0x${x.toString(16).padStart(2, "0")}`);
      if (halen > hw.length) bytes.push("...");
      return {
        json: { family: name, protocol, ifindex, hatype, pkttype, addr: Array.from(hw, (x) => x.toString(16).padStart(2, "0")).join(":") },
        text: `{sa_family=AF_PACKET, sll_protocol=htons(${protoText}), sll_ifindex=${ifindexText(ifindex)}, sll_hatype=${hatypeText}, sll_pkttype=${pkttypeText}, sll_halen=${halen}${halen ? `, sll_addr=[${bytes.join(", ")}]` : ""}}`,
      };
    }
    case AF_IPX: {
      const port = m.be16(2)!, network = m.be32(4)!, node = b.subarray(8, 14), type = m.u8(14)!, zero = m.u8(15)!;
      const json: Record<string, unknown> = { family: name, port, network, node: hexBytes(node), type };
      let text = `{sa_family=AF_IPX, sipx_port=htons(${port}), sipx_network=htonl(${network ? `0x${network.toString(16)}` : "0"}), sipx_node=[${Array.from(node, (x) => zeroX(x, 2)).join(", ")}], sipx_type=${zeroX(type, 2)}`;
      if (zero) {
        json.zero = zero;
        text += `, sipx_zero=0x${zero.toString(16)}`;
      }
      return { json, text: `${text}}` };
    }
    case AF_X25: {
      // x25_addr is a 16-byte C string: 15 characters and then ... when it has no NUL
      const a = b.subarray(2, 18);
      const nul = a.indexOf(0);
      const str = a.subarray(0, nul >= 0 && nul < 15 ? nul : 15);
      const more = nul < 0 || nul >= 15;
      return { json: { family: name, x25_addr: bytesToString(str) }, text: `{sa_family=AF_X25, sx25_addr={x25_addr=${quoteBytes(str, more)}}}` };
    }
    case AF_AX25:
      return ax25(m, name);
  }
  return raw(m, name, famText);
}

function shown(m: CapturedMemory, c: Call, truncated: boolean): Shown {
  const s = sockaddr(m, c);
  return truncated ? { ...s, truncated: true } : s;
}

/** A sockaddr the call reads, `len` (an argument) bytes long: connect, bind, sendto. */
export function sockaddrIn(len: string): ArgType {
  return memory({ kind: "argLen", arg: len, name: true }, (m, c, _i, cap) => shown(m, c, cap.truncated));
}

/**
 * A sockaddr the call fills in: accept, getsockname, recvfrom. The kernel
 * writes at most the length the caller passed and reports the full
 * length, so only the shorter of the two was written.
 */
export function sockaddrOut(lenPtr: string): ArgType {
  return memory(
    { kind: "ptrLen", arg: lenPtr, name: true, when: "both" },
    (m, c, _i, cap) => {
      const { entry } = entryExit(c, c.info.argNames.indexOf(lenPtr));
      const given = entry && !entry.fault ? new CapturedMemory(entry.bytes).u32(0) : undefined;
      const written = given !== undefined && given < m.length ? new CapturedMemory(m.bytes.subarray(0, given)) : m;
      return shown(written, c, cap.truncated);
    },
    { out: true },
  );
}

/**
 * socklen_t * after the address it measures (argument i - 1): the length
 * passed in and the one the call reports back; with no address (NULL),
 * the pointer alone, as strace shows it.
 */
export const socklenOut: ArgType = {
  ...intInOut,
  show(c, i, cap) {
    return c.raw[i - 1] === 0 ? pointer(c.raw[i]!, c.wide?.[i]) : intInOut.show(c, i, cap);
  },
};
