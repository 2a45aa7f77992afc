import fs from "node:fs";
import path from "node:path";

/** DESIGN.md: infrastructure knows nothing of the domain; modules hand it what it needs. */
describe("infra/", () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
    });

  it("imports nothing from modules/", () => {
    const offenders = files(__dirname).filter((file) => /from\s+["'][^"']*\bmodules\//.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(__dirname, f))).toEqual([]);
  });
});
