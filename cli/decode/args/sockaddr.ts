/**
 * struct sockaddr: inet (port in network byte order), inet6, unix
 * (paths, abstract names, unnamed), netlink, packet, and anything else as
 * family + raw bytes. JSON {family, addr, port} / {family, path}; text in
 * strace's style. Short or lying lengths decode what is there.
 */
import { valuesOf } from "../consts";
import { bytesToString } from "../strings";
import { ADDRESS_FAMILY } from "../tables/consts-net";
import { SOCKADDR_IN, SOCKADDR_IN6, SOCKADDR_LL, SOCKADDR_NL, SOCKADDR_UN } from "../tables/structs";
import { entryExit, intInOut, memory } from "./common";
import { CapturedMemory } from "./captured-memory";
import { pointer, quoteBytes, quoted } from "./render";
import type { ArgType, Call, Shown } from "./types";

const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;

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

function other(m: CapturedMemory, family: number, familyText: string, c: Call): Shown {
  const data = m.bytes.subarray(2);
  return {
    json: { family: valuesOf(ADDRESS_FAMILY, c.arch).json(family), data: hexBytes(data) },
    text: `{sa_family=${familyText}, sa_data=${quoteBytes(data)}}`,
  };
}

/** A sockaddr of m.length bytes. */
export function sockaddr(m: CapturedMemory, c: Call): Shown {
  const family = m.u16(0);
  if (family === undefined) return { json: { family: null, data: hexBytes(m.bytes) }, text: `{sa_family=???}` };
  const fams = valuesOf(ADDRESS_FAMILY, c.arch);
  const famText = fams.text(family);
  const name = fams.json(family);
  const b = m.bytes;
  switch (family) {
    case AF_INET: {
      const f = SOCKADDR_IN.fields;
      if (m.length < end(f.sin_addr)) break;
      const port = m.be16(f.sin_port[0])!;
      const addr = ipv4(b.subarray(f.sin_addr[0]));
      return { json: { family: name, addr, port }, text: `{sa_family=AF_INET, sin_port=htons(${port}), sin_addr=inet_addr("${addr}")}` };
    }
    case AF_INET6: {
      const f = SOCKADDR_IN6.fields;
      if (m.length < end(f.sin6_addr)) break;
      const port = m.be16(f.sin6_port[0])!;
      const flowinfo = m.be32(f.sin6_flowinfo[0])!;
      const addr = ipv6(b.subarray(f.sin6_addr[0], end(f.sin6_addr)));
      const scope = m.u32(f.sin6_scope_id[0]);
      const json: Record<string, unknown> = { family: name, addr, port, flowinfo };
      let text = `{sa_family=AF_INET6, sin6_port=htons(${port}), sin6_flowinfo=htonl(${flowinfo}), inet_pton(AF_INET6, "${addr}", &sin6_addr)`;
      if (scope !== undefined) {
        json.scope_id = scope;
        text += `, sin6_scope_id=${scope}`;
      }
      return { json, text: `${text}}` };
    }
    case AF_UNIX: {
      const p = b.subarray(SOCKADDR_UN.fields.sun_path[0]);
      if (p.length === 0) return { json: { family: name, path: "" }, text: "{sa_family=AF_UNIX}" };
      if (p[0] === 0) {
        const s = bytesToString(p.subarray(1));
        return { json: { family: name, path: `@${s}`, abstract: true }, text: `{sa_family=AF_UNIX, sun_path=@${quoted(s)}}` };
      }
      const nul = p.indexOf(0);
      const s = bytesToString(nul < 0 ? p : p.subarray(0, nul));
      return { json: { family: name, path: s }, text: `{sa_family=AF_UNIX, sun_path=${quoted(s)}}` };
    }
    case AF_NETLINK: {
      const f = SOCKADDR_NL.fields;
      if (m.length < end(f.nl_groups)) break;
      const pid = m.u32(f.nl_pid[0])!;
      const groups = m.u32(f.nl_groups[0])!;
      return {
        json: { family: name, pid, groups },
        text: `{sa_family=AF_NETLINK, nl_pid=${pid}, nl_groups=${groups.toString(16).padStart(8, "0")}}`,
      };
    }
    case AF_PACKET: {
      const f = SOCKADDR_LL.fields;
      if (m.length < end(f.sll_halen)) break;
      const protocol = m.be16(f.sll_protocol[0])!;
      const ifindex = m.s32(f.sll_ifindex[0])!;
      const hatype = m.u16(f.sll_hatype[0])!;
      const pkttype = m.u8(f.sll_pkttype[0])!;
      const halen = m.u8(f.sll_halen[0])!;
      const hw = b.subarray(f.sll_addr[0], Math.min(f.sll_addr[0] + Math.min(halen, f.sll_addr[1]), m.length));
      const addr = Array.from(hw, (x) => x.toString(16).padStart(2, "0")).join(":");
      return {
        json: { family: name, protocol, ifindex, hatype, pkttype, addr },
        text: `{sa_family=AF_PACKET, sll_protocol=htons(${protocol}), sll_ifindex=${ifindex}, sll_hatype=${hatype}, sll_pkttype=${pkttype}, sll_halen=${halen}, sll_addr=[${Array.from(hw, (x) => `0x${x.toString(16).padStart(2, "0")}`).join(", ")}]}`,
      };
    }
  }
  return other(m, family, famText, c);
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
