import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { DataCipher, DataCipherError, loadDataCipher } from "./data-cipher";

describe("DataCipher", () => {
  const cipher = DataCipher.ephemeral();

  it("round-trips, with a fresh IV each time and no plaintext in the ciphertext", () => {
    const a = cipher.encrypt("chave pix: ana@example.com", "refund:1:pix");
    const b = cipher.encrypt("chave pix: ana@example.com", "refund:1:pix");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("ana");
    expect(cipher.decrypt(a, "refund:1:pix")).toBe("chave pix: ana@example.com");
  });

  it("refuses a value moved to another context, tampered with, or truncated", () => {
    const value = cipher.encrypt("12345-6", "refund:1:bank");
    expect(() => cipher.decrypt(value, "refund:2:bank")).toThrow(DataCipherError);
    // The second-to-last character replaced by another one (it always carries authenticated bits).
    const flipped = value.slice(0, -2) + (value.at(-2) === "A" ? "B" : "A") + value.slice(-1);
    expect(flipped).not.toBe(value);
    expect(() => cipher.decrypt(flipped, "refund:1:bank")).toThrow(DataCipherError);
    expect(() => cipher.decrypt(value.slice(0, 30), "refund:1:bank")).toThrow(DataCipherError);
    expect(() => cipher.decrypt("12345-6", "refund:1:bank")).toThrow(DataCipherError);
    const reason = (value: string, context = "refund:1:bank") => {
      try {
        cipher.decrypt(value, context);
      } catch (e) {
        return (e as DataCipherError).reason;
      }
    };
    expect([reason(value, "refund:2:bank"), reason(flipped), reason(value.slice(0, 30)), reason("12345-6")]).toEqual(["TAMPERED", "TAMPERED", "TAMPERED", "MALFORMED"]);
    expect(reason(DataCipher.ephemeral().encrypt("12345-6", "refund:1:bank"))).toBe("KEY_NOT_AVAILABLE");
  });

  it("rotates: the newest key encrypts, older keys still decrypt, an unknown key id is named", () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new DataCipher([oldKey]).encrypt("old", "ctx");
    const rotated = new DataCipher([newKey, oldKey]);
    expect(rotated.decrypt(before, "ctx")).toBe("old");
    expect(rotated.needsRotation(before)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt("new", "ctx"))).toBe(false);
    expect(() => new DataCipher([newKey]).decrypt(before, "ctx")).toThrow(/No data key with id/);
  });

  it("loads DATA_KEY, or generates a key file once (mode 0600) and reads it back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ruptura-key-"));
    try {
      const keyFile = path.join(dir, "data", "data.key");
      const first = loadDataCipher({ keyFile });
      expect(first.generated).toBe(true);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      const second = loadDataCipher({ keyFile });
      expect(second.generated).toBe(false);
      expect(second.cipher.decrypt(first.cipher.encrypt("x", "c"), "c")).toBe("x");

      const key = randomBytes(32).toString("base64");
      const fromEnv = loadDataCipher({ dataKey: key, keyFile });
      expect(() => fromEnv.cipher.decrypt(first.cipher.encrypt("x", "c"), "c")).toThrow(DataCipherError);
      expect(() => loadDataCipher({ dataKey: "c2hvcnQ=", keyFile })).toThrow(/32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
