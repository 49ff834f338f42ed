// generated from <asm/termbits.h>, cli/decode/data/consts.in by scripts/gen-tables.ts — do not edit
// [name, value] or [name, value, arch] for members that exist on one arch only.
type ConstSet = {
  readonly kind: "flags" | "values";
  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
};

// term_iflag: asm/termbits.h
export const TERM_IFLAG: ConstSet = {
  kind: "flags",
  entries: [
    ["IGNBRK", 0x1], ["BRKINT", 0x2], ["IGNPAR", 0x4], ["PARMRK", 0x8], ["INPCK", 0x10], ["ISTRIP", 0x20],
    ["INLCR", 0x40], ["IGNCR", 0x80], ["ICRNL", 0x100], ["IUCLC", 0x200], ["IXON", 0x400], ["IXANY", 0x800],
    ["IXOFF", 0x1000], ["IMAXBEL", 0x2000], ["IUTF8", 0x4000],
  ],
};

// term_oflag: asm/termbits.h
export const TERM_OFLAG: ConstSet = {
  kind: "flags",
  entries: [
    ["OPOST", 0x1], ["OLCUC", 0x2], ["ONLCR", 0x4], ["OCRNL", 0x8], ["ONOCR", 0x10], ["ONLRET", 0x20],
    ["OFILL", 0x40], ["OFDEL", 0x80],
  ],
};

// term_cflag: asm/termbits.h
export const TERM_CFLAG: ConstSet = {
  kind: "flags",
  entries: [
    ["CSTOPB", 0x40], ["CREAD", 0x80], ["PARENB", 0x100], ["PARODD", 0x200], ["HUPCL", 0x400],
    ["CLOCAL", 0x800], ["CMSPAR", 0x40000000], ["CRTSCTS", 0x80000000],
  ],
};

// term_lflag: asm/termbits.h
export const TERM_LFLAG: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["ISIG", 0x1], ["ICANON", 0x2], ["XCASE", 0x4], ["ECHO", 0x8], ["ECHOE", 0x10], ["ECHOK", 0x20],
    ["ECHONL", 0x40], ["NOFLSH", 0x80], ["IEXTEN", 0x8000], ["ECHOCTL", 0x200], ["ECHOPRT", 0x400],
    ["ECHOKE", 0x800], ["FLUSHO", 0x1000], ["PENDIN", 0x4000], ["TOSTOP", 0x100], ["EXTPROC", 0x10000],
  ],
};

// term_nldly: asm/termbits.h
export const TERM_NLDLY: ConstSet = {
  kind: "values",
  entries: [
    ["NL0", 0], ["NL1", 256],
  ],
};

// term_crdly: asm/termbits.h
export const TERM_CRDLY: ConstSet = {
  kind: "values",
  entries: [
    ["CR0", 0], ["CR1", 512], ["CR2", 1024], ["CR3", 1536],
  ],
};

// term_tabdly: asm/termbits.h
export const TERM_TABDLY: ConstSet = {
  kind: "values",
  entries: [
    ["TAB0", 0], ["TAB1", 2048], ["TAB2", 4096], ["TAB3", 6144],
  ],
};

// term_bsdly: asm/termbits.h
export const TERM_BSDLY: ConstSet = {
  kind: "values",
  entries: [
    ["BS0", 0], ["BS1", 8192],
  ],
};

// term_vtdly: asm/termbits.h
export const TERM_VTDLY: ConstSet = {
  kind: "values",
  entries: [
    ["VT0", 0], ["VT1", 16384],
  ],
};

// term_ffdly: asm/termbits.h
export const TERM_FFDLY: ConstSet = {
  kind: "values",
  entries: [
    ["FF0", 0], ["FF1", 32768],
  ],
};

// term_csize: asm/termbits.h
export const TERM_CSIZE: ConstSet = {
  kind: "values",
  entries: [
    ["CS5", 0], ["CS6", 16], ["CS7", 32], ["CS8", 48],
  ],
};

// term_speed: asm/termbits.h
export const TERM_SPEED: ConstSet = {
  kind: "values",
  entries: [
    ["B0", 0], ["B50", 1], ["B75", 2], ["B110", 3], ["B134", 4], ["B150", 5], ["B200", 6], ["B300", 7],
    ["B600", 8], ["B1200", 9], ["B1800", 10], ["B2400", 11], ["B4800", 12], ["B9600", 13], ["B19200", 14],
    ["B38400", 15], ["B57600", 4097], ["B115200", 4098], ["B230400", 4099], ["B460800", 4100],
    ["B500000", 4101], ["B576000", 4102], ["B921600", 4103], ["B1000000", 4104], ["B1152000", 4105],
    ["B1500000", 4106], ["B2000000", 4107], ["B2500000", 4108], ["B3000000", 4109], ["B3500000", 4110],
    ["B4000000", 4111],
  ],
};
