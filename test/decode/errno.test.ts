import { expect, test } from "bun:test";
import { errnoByName, errnoMessage, errnoName } from "../../cli/decode/errno.ts";

test("errno names", () => {
  expect(errnoName(1)).toBe("EPERM");
  expect(errnoName(2)).toBe("ENOENT");
  expect(errnoName(11)).toBe("EAGAIN"); // not EWOULDBLOCK
  expect(errnoName(35)).toBe("EDEADLK"); // not EDEADLOCK
  expect(errnoName(133)).toBe("EHWPOISON");
  expect(errnoName(0)).toBeUndefined();
  expect(errnoName(-2)).toBeUndefined();
  expect(errnoName(4000)).toBeUndefined();
});

test("errno messages come from strerror", () => {
  expect(errnoMessage(2)).toBe("No such file or directory");
  expect(errnoMessage(13)).toBe("Permission denied");
  expect(errnoMessage(11)).toBe("Resource temporarily unavailable");
  expect(errnoMessage(0)).toBeUndefined();
});

test("kernel-internal restart codes are named", () => {
  expect(errnoName(512)).toBe("ERESTARTSYS");
  expect(errnoName(516)).toBe("ERESTART_RESTARTBLOCK");
  expect(errnoMessage(512)).toContain("SA_RESTART");
});

test("errnoByName resolves primaries and aliases", () => {
  expect(errnoByName("ENOENT")).toBe(2);
  expect(errnoByName("enoent")).toBe(2);
  expect(errnoByName("EWOULDBLOCK")).toBe(11);
  expect(errnoByName("EDEADLOCK")).toBe(35);
  expect(errnoByName("ENOPE")).toBeUndefined();
});

test("every errno 1..133 has a name and message", () => {
  for (let n = 1; n <= 133; n++) {
    if (n === 41 || n === 58) continue; // unassigned on asm-generic
    expect(errnoName(n)).toMatch(/^E[A-Z0-9]+$/);
    expect(errnoMessage(n)?.length).toBeGreaterThan(0);
  }
});
