/** cli/decode/strings.ts: bytes from traced processes → safe strings. */
import { describe, expect, test } from "bun:test";
import { bytesToString, commFrom, escapeForTerminal, stringToBytes } from "../../cli/decode/strings";

const bytes = (...a: number[]) => new Uint8Array(a);
const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** mulberry32: small deterministic PRNG so fuzz failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("bytesToString", () => {
  const cases: [string, Uint8Array, string][] = [
    ["empty", bytes(), ""],
    ["plain ASCII", ascii("/etc/hostname"), "/etc/hostname"],
    ["ASCII with control bytes is kept verbatim (escaping is a later step)", bytes(0x61, 0x00, 0x1b, 0x7f, 0x62), "a\u0000\u001b\u007fb"],
    ["2-byte UTF-8", bytes(0xc3, 0xa9), "é"],
    ["3-byte UTF-8", bytes(0xe2, 0x82, 0xac), "€"],
    ["4-byte UTF-8 (emoji, surrogate pair in JS)", bytes(0xf0, 0x9f, 0x98, 0x80), "\u{1f600}"],
    ["highest code point U+10FFFF", bytes(0xf4, 0x8f, 0xbf, 0xbf), "\u{10ffff}"],
    ["mixed valid text", utf8("/tmp/naïve-日本-😀.txt"), "/tmp/naïve-日本-😀.txt"],
    ["single invalid byte 0xff in ASCII", bytes(0x61, 0xff, 0x62), "a\udcffb"],
    ["lone continuation byte", bytes(0x80), "\udc80"],
    ["0xfe", bytes(0xfe), "\udcfe"],
    ["invalid byte next to valid multibyte", bytes(0xff, 0xc3, 0xa9, 0xfe), "\udcffé\udcfe"],
    ["truncated 3-byte sequence at the end", bytes(0x61, 0xe2, 0x82), "a\udce2\udc82"],
    ["truncated 4-byte sequence at the end", bytes(0x61, 0xf0, 0x9f, 0x98), "a\udcf0\udc9f\udc98"],
    ["truncated 2-byte sequence at the end", bytes(0x61, 0xc3), "a\udcc3"],
    ["lead byte followed by ASCII", bytes(0xe2, 0x82, 0x61), "\udce2\udc82a"],
    ["overlong '/' (C0 AF)", bytes(0xc0, 0xaf), "\udcc0\udcaf"],
    ["overlong '/' (C1 BF)", bytes(0xc1, 0xbf), "\udcc1\udcbf"],
    ["overlong 3-byte '/' (E0 80 AF)", bytes(0xe0, 0x80, 0xaf), "\udce0\udc80\udcaf"],
    ["overlong 4-byte (F0 80 80 AF)", bytes(0xf0, 0x80, 0x80, 0xaf), "\udcf0\udc80\udc80\udcaf"],
    ["overlong NUL (C0 80)", bytes(0xc0, 0x80), "\udcc0\udc80"],
    ["UTF-8-encoded high surrogate U+D800", bytes(0xed, 0xa0, 0x80), "\udced\udca0\udc80"],
    ["UTF-8-encoded low surrogate U+DFFF", bytes(0xed, 0xbf, 0xbf), "\udced\udcbf\udcbf"],
    ["CESU-8 surrogate pair for U+1F600", bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80), "\udced\udca0\udcbd\udced\udcb8\udc80"],
    ["beyond U+10FFFF (F4 90 80 80)", bytes(0xf4, 0x90, 0x80, 0x80), "\udcf4\udc90\udc80\udc80"],
    ["F5 lead byte", bytes(0xf5, 0x80, 0x80, 0x80), "\udcf5\udc80\udc80\udc80"],
    ["valid text resumes after invalid bytes", bytes(0xff, 0xf0, 0x9f, 0x98, 0x80, 0x2f), "\udcff\u{1f600}/"],
  ];
  test.each(cases)("%s", (_name, input, expected) => {
    expect(bytesToString(input)).toBe(expected);
  });

  test("ASCII fast path gives identical results below and above 64 bytes", () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = i % 0x80;
      const s = bytesToString(b);
      expect(s.length).toBe(n);
      for (let i = 0; i < n; i++) expect(s.charCodeAt(i)).toBe(i % 0x80);
    }
  });

  test("respects subarray offsets (does not read the whole backing buffer)", () => {
    const backing = ascii("XXXX/etc/passwdYYYY" + "Z".repeat(100));
    expect(bytesToString(backing.subarray(4, 15))).toBe("/etc/passwd");
    // long ASCII slice takes the latin1 path, which must honour byteOffset too
    const long = backing.subarray(4, 4 + 80);
    expect(bytesToString(long)).toBe("/etc/passwdYYYY" + "Z".repeat(65));
  });

  test("64 KB ASCII string", () => {
    const b = new Uint8Array(65536);
    for (let i = 0; i < b.length; i++) b[i] = 0x41 + (i % 26);
    const s = bytesToString(b);
    expect(s.length).toBe(65536);
    expect(s.slice(0, 27)).toBe("ABCDEFGHIJKLMNOPQRSTUVWXYZA");
    expect(s.at(-1)).toBe(String.fromCharCode(0x41 + (65535 % 26)));
  });

  test("64 KB valid UTF-8 string", () => {
    const text = "日本😀é".repeat(5461) + "abcd"; // 12 bytes per unit × 5461 + 4 = 65536
    const b = utf8(text);
    expect(b.length).toBe(65536);
    expect(bytesToString(b)).toBe(text);
  });

  test("64 KB string with invalid bytes scattered through it", () => {
    const b = new Uint8Array(65536).fill(0x61);
    for (let i = 0; i < b.length; i += 1024) b[i] = 0xff;
    const s = bytesToString(b);
    expect(s.length).toBe(65536);
    expect(s.startsWith("\udcff" + "a".repeat(1023) + "\udcff")).toBe(true);
    expect(s.split("\udcff").length - 1).toBe(64);
  });

  test("every single byte 0x80-0xff alone becomes U+DC80-U+DCFF", () => {
    for (let c = 0x80; c <= 0xff; c++) {
      expect(bytesToString(bytes(c))).toBe(String.fromCharCode(0xdc00 + c));
    }
  });

  // U+FEFF is valid UTF-8 (EF BB BF). Dropping it makes "\uFEFFpasswd" and
  // "passwd" indistinguishable, and escapeForTerminal deliberately shows it.
  test("a leading byte-order mark is kept, not silently stripped", () => {
    expect(bytesToString(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe("\ufeffa");
  });
  test("a byte-order mark after an invalid byte is kept", () => {
    expect(bytesToString(bytes(0xff, 0xef, 0xbb, 0xbf, 0x61))).toBe("\udcff\ufeffa");
  });
  test("a byte-order mark in the middle of valid text is kept", () => {
    expect(bytesToString(bytes(0x61, 0xef, 0xbb, 0xbf, 0x62))).toBe("a\ufeffb");
  });
});

/** The decoding rule written the slow, obvious way: the native fatal decoder asked about each candidate sequence. */
function referenceLossless(b: Uint8Array): string {
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let out = "";
  for (let i = 0; i < b.length; ) {
    let taken = 0;
    for (const n of [1, 2, 3, 4]) {
      if (i + n > b.length) break;
      try {
        const s = fatal.decode(b.subarray(i, i + n));
        if (s.length >= 1) {
          out += s;
          taken = n;
          break;
        }
      } catch {}
    }
    if (taken === 0) {
      out += String.fromCharCode(0xdc00 + b[i]!);
      taken = 1;
    }
    i += taken;
  }
  return out;
}

describe("bytesToString against the native decoder, sequence by sequence", () => {
  test("random bytes biased to UTF-8 lead and continuation bytes decode as the reference does", () => {
    const rand = prng(0x5eed);
    const pick = [0x00, 0x22, 0x5c, 0x41, 0x7f, 0x80, 0x8f, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let round = 0; round < 3000; round++) {
      const b = new Uint8Array(1 + Math.floor(rand() * 40));
      for (let i = 0; i < b.length; i++) b[i] = rand() < 0.6 ? pick[Math.floor(rand() * pick.length)]! : Math.floor(rand() * 256);
      expect({ round, s: bytesToString(b) }).toEqual({ round, s: referenceLossless(b) });
    }
  });

  test("a buffer larger than the kept unit buffer decodes whole", () => {
    const b = new Uint8Array(70_000).map((_, i) => (i % 3 === 0 ? 0xff : 0x61));
    const s = bytesToString(b);
    expect(s.length).toBe(70_000);
    expect(stringToBytes(s)).toEqual(b);
  });
});

describe("commFrom", () => {
  const comm16 = (s: number[], off = 0) => {
    const b = new Uint8Array(off + 16 + 8).fill(0x5a); // 'Z' around the field
    b.fill(0, off, off + 16);
    b.set(s, off);
    return b;
  };
  const cases: [string, Uint8Array, number, string][] = [
    ["NUL-terminated", comm16([...ascii("cat")]), 0, "cat"],
    ["empty (NUL first)", comm16([]), 0, ""],
    ["15 bytes + NUL", comm16([...ascii("abcdefghijklmno")]), 0, "abcdefghijklmno"],
    ["stops at first NUL even if bytes follow", comm16([...ascii("ab"), 0, ...ascii("cd")]), 0, "ab"],
    ["at a non-zero offset", comm16([...ascii("bash")], 8), 8, "bash"],
    ["invalid UTF-8 in comm", comm16([0x78, 0xff, 0x79]), 0, "x\udcffy"],
    ["UTF-8 comm", comm16([...utf8("żółw")]), 0, "żółw"],
  ];
  test.each(cases)("%s", (_n, buf, off, expected) => {
    expect(commFrom(buf, off)).toBe(expected);
  });

  test("no NUL at all: reads exactly 16 bytes, not the bytes that follow", () => {
    const b = new Uint8Array(40).fill(0x5a);
    b.set(ascii("0123456789abcdef"), 4); // 16 bytes, no NUL
    expect(commFrom(b, 4)).toBe("0123456789abcdef");
  });

  test("field at the very end of the buffer with no NUL", () => {
    const b = ascii("xxabcdefghijklmnopq"); // 19 bytes, comm at 3 → 16 bytes
    expect(commFrom(b, 3)).toBe("bcdefghijklmnopq");
    expect(commFrom(b.subarray(0, 10), 3)).toBe("bcdefgh");
  });
});

/** C-style unescape of escapeForTerminal(…, true) output: inverts it if the escaping is unambiguous. */
function cUnescape(s: string, highOctalAsByte = false): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      out += s[i];
      continue;
    }
    const n = s[++i]!;
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", v: "\v", f: "\f", "\\": "\\", '"': '"' };
    if (simple[n] !== undefined) out += simple[n];
    else if (/[0-7]/.test(n)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(s[j] ?? "")) j++;
      const c = parseInt(s.slice(i, j), 8);
      // \200-\377 stand for a byte that was not UTF-8 (U+DC80-U+DCFF in the string)
      out += String.fromCharCode(highOctalAsByte && c >= 0x80 ? 0xdc00 + c : c);
      i = j - 1;
    } else if (n === "u" && s[i + 1] === "{") {
      const end = s.indexOf("}", i);
      out += String.fromCodePoint(parseInt(s.slice(i + 2, end), 16));
      i = end;
    } else throw new Error(`bad escape \\${n} in ${JSON.stringify(s)}`);
  }
  return out;
}

describe("escapeForTerminal", () => {
  const cases: [string, string, boolean, string][] = [
    ["plain text", "/etc/hostname", true, "/etc/hostname"],
    ["ESC → \\33", "\x1b[31mred", true, "\\33[31mred"],
    ["ESC unquoted too", "\x1b]0;pwned\x07", false, "\\33]0;pwned\\7"],
    ["newline", "a\nb", true, "a\\nb"],
    ["tab", "a\tb", true, "a\\tb"],
    ["carriage return", "a\rb", true, "a\\rb"],
    ["vertical tab and form feed", "\v\f", true, "\\v\\f"],
    ["NUL", "a\0b", true, "a\\0b"],
    ["other C0 in octal", "\x01\x08\x1f", true, "\\1\\10\\37"],
    ["DEL → \\177", "a\x7fb", true, "a\\177b"],
    ["C1 CSI U+009B", "a\u009b31m", true, "a\\u{9b}31m"],
    ["C1 U+0080 and U+009F", "\u0080\u009f", true, "\\u{80}\\u{9f}"],
    ["U+00A0 is printable (not C1)", "a\u00a0b", true, "a\u00a0b"],
    ["bidi override U+202E", "evil\u202etxt.exe", true, "evil\\u{202e}txt.exe"],
    ["bidi embeddings U+202A-U+202D", "\u202a\u202b\u202c\u202d", true, "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"],
    ["bidi isolates U+2066-U+2069", "\u2066\u2067\u2068\u2069", true, "\\u{2066}\\u{2067}\\u{2068}\\u{2069}"],
    ["zero-width space U+200B", "pass\u200bwd", true, "pass\\u{200b}wd"],
    ["ZWNJ, ZWJ, LRM, RLM", "\u200c\u200d\u200e\u200f", true, "\\u{200c}\\u{200d}\\u{200e}\\u{200f}"],
    ["BOM / ZWNBSP U+FEFF", "\ufeffx", true, "\\u{feff}x"],
    ["double quote escaped when quoted", 'say "hi"', true, 'say \\"hi\\"'],
    ["double quote raw when unquoted", 'say "hi"', false, 'say "hi"'],
    ["backslash escaped when quoted", "C:\\dir", true, "C:\\\\dir"],
    ["backslash raw when unquoted", "C:\\dir", false, "C:\\dir"],
    ["non-ASCII printable text untouched", "żółw 日本 😀", true, "żółw 日本 😀"],
    ["astral char next to control", "😀\x1b", true, "😀\\33"],
    ["empty", "", true, ""],
  ];
  test.each(cases)("%s", (_n, input, q, expected) => {
    expect(escapeForTerminal(input, q)).toBe(expected);
  });

  test("quoted is the default", () => {
    expect(escapeForTerminal('"\\')).toBe('\\"\\\\');
  });

  test("every C0 control and DEL is escaped, in both modes", () => {
    for (const q of [true, false]) {
      for (let c = 0; c < 0x20; c++) {
        const out = escapeForTerminal(String.fromCharCode(c), q);
        expect(out.startsWith("\\")).toBe(true);
        expect(/[\x00-\x1f\x7f]/.test(out)).toBe(false);
      }
      expect(escapeForTerminal("\x7f", q)).toBe("\\177");
    }
  });

  // strace writes \ooo in full when a digit follows (\0010); with the short
  // form "\x01" + "0" and "\x08" both become \10 and the reader cannot tell.
  test("a control character followed by an octal digit stays unambiguous", () => {
    expect(escapeForTerminal("\x01" + "0")).not.toBe(escapeForTerminal("\x08"));
    expect(escapeForTerminal("\x00" + "12")).not.toBe(escapeForTerminal("\n" + "2"));
    for (const s of ["\x01" + "0", "\x00" + "1", "\x1b" + "7", "\x7f" + "0", "\x02" + "345"]) {
      expect(cUnescape(escapeForTerminal(s))).toBe(s);
    }
  });

  // The code's own comment groups "direction marks" (LRM U+200E, RLM U+200F);
  // U+061C ARABIC LETTER MARK is the third Unicode implicit directional mark.
  test("ARABIC LETTER MARK U+061C (bidi mark) is escaped like LRM/RLM", () => {
    expect(escapeForTerminal("a\u061cb")).toBe("a\\u{61c}b");
  });

  function randomString(rnd: () => number, alphabet: (rnd: () => number) => number): string {
    const n = Math.floor(rnd() * 40);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCodePoint(alphabet(rnd));
    return s;
  }
  const hostile = [
    [0x00, 0x20], [0x20, 0x7f], [0x7f, 0xa0], [0xa0, 0x100], [0x2000, 0x2070], [0xfeff, 0xff00], [0x1f600, 0x1f650],
  ] as const;
  const pick = (rnd: () => number) => {
    const [lo, hi] = hostile[Math.floor(rnd() * hostile.length)]!;
    return lo + Math.floor(rnd() * (hi - lo));
  };

  test("fuzz: output never contains C0, DEL, C1, bidi controls or zero-width characters", () => {
    const rnd = prng(0x5eed);
    const forbidden = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
    for (let iter = 0; iter < 3000; iter++) {
      const s = randomString(rnd, pick);
      for (const q of [true, false]) {
        const out = escapeForTerminal(s, q);
        if (forbidden.test(out)) throw new Error(`unsafe output for ${JSON.stringify(s)} (quoted=${q}): ${JSON.stringify(out)}`);
        for (const byte of new TextEncoder().encode(out)) expect(byte >= 0x20 && byte !== 0x7f).toBe(true);
      }
    }
  });

  test("fuzz: quoted output has no unescaped quote and decodes back (digits excluded)", () => {
    const rnd = prng(424242);
    // Alphabet without '0'-'9' so the octal-digit ambiguity tested above does not apply.
    const noDigits = (r: () => number) => {
      let c;
      do c = pick(r);
      while (c >= 0x30 && c <= 0x39);
      return c;
    };
    for (let iter = 0; iter < 3000; iter++) {
      const s = randomString(rnd, noDigits);
      const out = escapeForTerminal(s, true);
      expect(/(^|[^\\])(\\\\)*"/.test(out)).toBe(false);
      expect(cUnescape(out)).toBe(s);
    }
  });
});

describe("bytes that are not UTF-8 stay recoverable, and never look like text", () => {
  const rnd = prng(0xb17e5);
  const randomBytes = () => {
    const b = new Uint8Array(Math.floor(rnd() * 48));
    // mostly bytes that matter here: backslash, 'x', hex and octal digits, high bytes
    const pool = [0x5c, 0x78, 0x30, 0x33, 0x37, 0x66, 0x61, 0xc3, 0xa9, 0xff, 0x80, 0xe2, 0x82, 0xac, 0x22, 0x1b, 0x0a];
    for (let i = 0; i < b.length; i++) b[i] = rnd() < 0.8 ? pool[Math.floor(rnd() * pool.length)]! : Math.floor(rnd() * 256);
    return b;
  };

  test("bytesToString then stringToBytes gives back the bytes", () => {
    for (let i = 0; i < 3000; i++) {
      const b = randomBytes();
      expect([...stringToBytes(bytesToString(b))]).toEqual([...b]);
    }
  });

  test("the byte 0xff and the text \\xff differ in the string, in JSON and in quoted text", () => {
    const byte = bytesToString(bytes(0x61, 0xff));
    const text = bytesToString(ascii("a\\xff"));
    expect(byte).not.toBe(text);
    expect(JSON.stringify(byte)).toBe('"a\\udcff"');
    expect(JSON.stringify(text)).toBe('"a\\\\xff"');
    expect(escapeForTerminal(byte)).toBe("a\\377");
    expect(escapeForTerminal(text)).toBe("a\\\\xff");
    expect(escapeForTerminal(bytesToString(ascii("a\\377")))).toBe("a\\\\377");
  });

  test("text output, quoted or as a command name, inverts to the original bytes", () => {
    const toBytes = (escaped: string) => stringToBytes(cUnescape(escaped, true));
    for (let i = 0; i < 3000; i++) {
      const b = randomBytes();
      const s = bytesToString(b);
      expect([...toBytes(escapeForTerminal(s))]).toEqual([...b]);
      expect([...toBytes(escapeForTerminal(s, false, true))]).toEqual([...b]);
    }
  });

  test("a lone surrogate that did not come from a byte is shown as \\u{…}", () => {
    expect(escapeForTerminal("a\ud800b")).toBe("a\\u{d800}b");
  });
});
