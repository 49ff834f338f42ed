/**
 * quotactl: QCMD(command, type), then what the command uses of the id and
 * the data pointer, as strace shows them: a quota format, a uid, the
 * quota structs (abbreviated as strace abbreviates them), XFS flags.
 */
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import { CaptureKind } from "../layout";
import { bytesToString } from "../strings";
import {
  DQINFO_FLAGS, DQINFO_VALID, QUOTACTL_CMD, QUOTACTL_FORMAT, QUOTACTL_TYPE, XFS_DQBLK_FLAGS, XFS_QUOTA_FLAGS,
} from "../tables/consts-mm";
import { FS_DISK_QUOTA, IF_DQBLK, IF_DQINFO, IF_NEXTDQBLK } from "../tables/structs";
import { cString, CapturedMemory } from "./captured-memory";
import { path, u32a } from "./common";
import { hex, pointer, quoted, struct, unreadable } from "./render";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

const SUBCMDSHIFT = 8;

/** A value by name, else strace's `0x2a /* Q_??? *\/` (0 as 0). */
function xval(set: ConstSet, v: number, c: Call): Shown {
  const name = valuesOf(set, c.arch).name(v);
  if (name) return { json: name, text: name };
  const n = v === 0 ? "0" : hex(v >>> 0);
  return { json: n, text: `${n} /* ${set.unknown} */` };
}

const command = (c: Call): string | undefined => valuesOf(QUOTACTL_CMD, c.arch).name(u32a(c, 0) >>> SUBCMDSHIFT);

/** What each command does with id and addr. */
type Use = "none" | "format" | "uid";
const ID_USE: Record<string, Use> = {
  Q_QUOTAOFF: "none", Q_SYNC: "none", Q_XQUOTASYNC: "none",
  Q_GETFMT: "none", Q_GETINFO: "none", Q_SETINFO: "none", Q_XGETQSTAT: "none", Q_XGETQSTATV: "none",
  Q_XQUOTAON: "none", Q_XQUOTAOFF: "none", Q_XQUOTARM: "none",
  Q_QUOTAON: "format",
};
const NO_DATA = new Set(["Q_QUOTAOFF", "Q_SYNC", "Q_XQUOTASYNC"]);
/** Commands whose data the kernel writes: a failed one shows the address. */
const OUT = new Set(["Q_GETQUOTA", "Q_GETNEXTQUOTA", "Q_XGETQUOTA", "Q_XGETNEXTQUOTA", "Q_GETFMT", "Q_GETINFO", "Q_XGETQSTAT", "Q_XGETQSTATV"]);

const qcmd: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const cmd = xval(QUOTACTL_CMD, v >>> SUBCMDSHIFT, c), type = xval(QUOTACTL_TYPE, v & 0xff, c);
    return { json: { cmd: cmd.json, type: type.json }, text: `QCMD(${cmd.text}, ${type.text})` };
  },
};

const quotaId: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const use = ID_USE[command(c) ?? ""] ?? "uid";
    if (use === "format") return xval(QUOTACTL_FORMAT, v, c);
    const id = v === 0xffffffff ? -1 : v;
    return { json: id, text: use === "none" ? "" : String(id) };
  },
};

/** The u64 members strace shows of a quota struct, in order, then `...` (its abbreviated form). */
function u64s(m: CapturedMemory, names: readonly string[], fields: Record<string, readonly [number, number, number]>): [Record<string, unknown>, [string, string][]] {
  const json: Record<string, unknown> = {};
  const text: [string, string][] = [];
  for (const k of names) {
    json[k] = m.fieldJson(fields[k]!);
    text.push([k, m.fieldText(fields[k]!)!]);
  }
  return [json, text];
}

const DQBLK_SHOWN = ["dqb_bhardlimit", "dqb_bsoftlimit", "dqb_curspace", "dqb_ihardlimit", "dqb_isoftlimit", "dqb_curinodes"];
const XFS_SHOWN = ["d_blk_hardlimit", "d_blk_softlimit", "d_ino_hardlimit", "d_ino_softlimit", "d_bcount", "d_icount"];

/** The data as the command reads or writes it; undefined: not enough of it was read. */
function quotaData(cmd: string, m: CapturedMemory, c: Call): Shown | undefined {
  switch (cmd) {
    case "Q_GETQUOTA": case "Q_SETQUOTA": case "Q_GETNEXTQUOTA": {
      const next = cmd === "Q_GETNEXTQUOTA";
      // strace reads the packed struct (the u32 after the eight u64s), with dqb_id when it is the next-quota one
      if (m.length < (next ? IF_NEXTDQBLK.size : IF_DQBLK.fields.dqb_valid[0] + 4)) return undefined;
      const [json, text] = u64s(m, DQBLK_SHOWN, IF_DQBLK.fields);
      if (next) {
        json.dqb_id = m.field(IF_NEXTDQBLK.fields.dqb_id);
        text.push(["dqb_id", String(json.dqb_id)]);
      }
      return { json, text: struct(text, true) };
    }
    case "Q_GETINFO": case "Q_SETINFO": {
      if (!m.holds(IF_DQINFO)) return undefined;
      const [json, text] = u64s(m, ["dqi_bgrace", "dqi_igrace"], IF_DQINFO.fields);
      const fl = flagsOf(DQINFO_FLAGS, c.arch).format(m.field(IF_DQINFO.fields.dqi_flags)!);
      const va = flagsOf(DQINFO_VALID, c.arch).format(m.field(IF_DQINFO.fields.dqi_valid)!);
      json.dqi_flags = fl.names;
      json.dqi_valid = va.names;
      text.push(["dqi_flags", fl.text], ["dqi_valid", va.text]);
      return { json, text: struct(text) };
    }
    case "Q_GETFMT": {
      const v = m.u32(0);
      if (v === undefined) return undefined;
      const f = xval(QUOTACTL_FORMAT, v, c);
      return { json: f.json, text: `[${f.text}]` };
    }
    case "Q_XGETQUOTA": case "Q_XSETQLIM": case "Q_XGETNEXTQUOTA": {
      if (!m.holds(FS_DISK_QUOTA)) return undefined;
      const f = FS_DISK_QUOTA.fields;
      const version = (m.u8(f.d_version[0])! << 24) >> 24; // __s8
      const flags = flagsOf(XFS_DQBLK_FLAGS, c.arch).format(m.u8(f.d_flags[0])!);
      const mask = m.field(f.d_fieldmask)!, id = m.field(f.d_id)!;
      const [json, text] = u64s(m, XFS_SHOWN, f);
      return {
        json: { d_version: version, d_flags: flags.names, d_fieldmask: mask, d_id: id, ...json },
        text: struct([["d_version", String(version)], ["d_flags", flags.text], ["d_fieldmask", hex(mask)], ["d_id", String(id)], ...text], true),
      };
    }
    case "Q_XQUOTAON": case "Q_XQUOTAOFF": case "Q_XQUOTARM": {
      const v = m.u32(0);
      if (v === undefined) return undefined;
      const f = flagsOf(cmd === "Q_XQUOTARM" ? XFS_DQBLK_FLAGS : XFS_QUOTA_FLAGS, c.arch).format(v);
      return { json: f.names, text: `[${f.text}]` };
    }
    case "Q_QUOTAON": {
      // the quota file's path
      const s = bytesToString(cString(m.bytes));
      return { json: s, text: quoted(s) };
    }
  }
  return undefined;
}

/**
 * The probe reads a struct fs_disk_quota's worth (the largest the commands
 * take) at exit; a smaller struct before an unreadable page is there in full.
 */
const quotaAddr: ArgType = {
  capture: { kind: "fixed", size: FS_DISK_QUOTA.size },
  show(c, i, cap) {
    const v = c.raw[i]!;
    const w = c.wide?.[i];
    const cmd = command(c);
    if (cmd && NO_DATA.has(cmd)) return { json: v === 0 ? null : hex(v, w), text: "" };
    if (v === 0) return { json: null, text: "NULL" };
    if (!cmd || (OUT.has(cmd) && c.failed) || !cap || cap.kind !== CaptureKind.Bytes) return pointer(v, w);
    if (cmd === "Q_QUOTAON" && cap.fault && cap.bytes.indexOf(0) < 0) return unreadable(v, w);
    const shown = quotaData(cmd, new CapturedMemory(cap.bytes), c);
    return shown ?? (cap.fault ? unreadable(v, w) : pointer(v, w));
  },
};

export const QUOTA: CallSpecs = {
  quotactl: { args: { cmd: qcmd, special: path, id: quotaId, addr: quotaAddr } },
};
