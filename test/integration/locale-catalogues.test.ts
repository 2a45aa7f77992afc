import fs from "node:fs";
import path from "node:path";

/**
 * What the compiler cannot see in the text catalogues: the type check makes en and pl carry every
 * pt-BR key, but not that they carry no extra ones, that Polish has the plural forms its numbers
 * need (a missing `_few` shows "2 zamówień"), or that a translation keeps the placeholders the code
 * fills in (a lost `{{count}}` hides the number).
 */
const LANGUAGES = ["pt-BR", "en", "pl"] as const;
type Language = (typeof LANGUAGES)[number];
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The plural categories whole numbers use in a language (pt's `many` is only for 1.5M-style compact numbers). */
function integerCategories(language: Language): Set<string> {
  const rules = new Intl.PluralRules(language);
  const categories = new Set<string>(["other"]);
  for (let n = 0; n <= 1000; n++) categories.add(rules.select(n));
  return categories;
}

type Entries = Map<string, Map<string, string>>; // key without plural suffix -> form ("" or category) -> text

function flatten(value: unknown, prefix = "", out: Entries = new Map()): Entries {
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const full = prefix + key;
    if (typeof child === "string") {
      const form = PLURAL_SUFFIX.exec(full)?.[1] ?? "";
      const base = form ? full.slice(0, -form.length - 1) : full;
      if (!out.has(base)) out.set(base, new Map());
      out.get(base)!.set(form, child);
    } else flatten(child, `${full}.`, out);
  }
  return out;
}

const placeholders = (texts: Iterable<string>, pattern: RegExp) => {
  const names = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(pattern)) names.add(match[1]!.trim());
  return [...names].sort();
};

/** Every way the catalogues disagree, as readable lines (an empty list when they agree). */
function disagreements(catalogues: Record<Language, Entries>, placeholder: RegExp): string[] {
  const problems: string[] = [];
  const reference = catalogues["pt-BR"];
  for (const language of LANGUAGES) {
    const catalogue = catalogues[language];
    const needed = integerCategories(language);
    for (const key of reference.keys()) if (!catalogue.has(key)) problems.push(`${language}: ${key} is missing`);
    for (const [key, forms] of catalogue) {
      if (!reference.has(key)) {
        problems.push(`${language}: ${key} is not in pt-BR`);
        continue;
      }
      if (reference.get(key)!.has("other")) {
        for (const category of needed) if (!forms.has(category)) problems.push(`${language}: ${key} has no _${category} form`);
      } else if (forms.size !== 1 || !forms.has("")) problems.push(`${language}: ${key} has plural forms, pt-BR has one text`);
      const expected = placeholders(reference.get(key)!.values(), placeholder);
      for (const [form, text] of forms) {
        // The zero and one forms may spell the number out ("nenhum pedido", "one order").
        const countOptional = form === "zero" || form === "one";
        const found = placeholders([text], placeholder);
        const missing = expected.filter((name) => !found.includes(name) && !(countOptional && name === "count"));
        const unknown = found.filter((name) => !expected.includes(name));
        if (missing.length || unknown.length) {
          problems.push(`${language}: ${key}${form ? `_${form}` : ""} lacks [${missing.join(", ")}], has unknown [${unknown.join(", ")}]`);
        }
      }
    }
  }
  return problems;
}

describe("the text catalogues", () => {
  it("merchant app (i18next JSON): the same keys, Polish plural forms, the same {{placeholders}}", () => {
    const dir = path.join(__dirname, "../../web/src/app/locales");
    const catalogues = Object.fromEntries(
      LANGUAGES.map((language) => [language, flatten(JSON.parse(fs.readFileSync(path.join(dir, `${language}.json`), "utf8")))]),
    ) as Record<Language, Entries>;
    expect(catalogues["pt-BR"].size).toBeGreaterThan(500);
    expect(disagreements(catalogues, /\{\{([^},]+)[^}]*\}\}/g)).toEqual([]);
  });

  it("customer pages (typed modules): the same keys, Polish plural forms, the same {placeholders}", () => {
    // The public catalogues hold plural forms as objects: turn them into the `_category` keys above.
    type Catalogue = Record<string, string | Record<string, string>>;
    const asEntries = (catalogue: Catalogue) => {
      const flat: Record<string, string> = {};
      for (const [key, value] of Object.entries(catalogue)) {
        if (typeof value === "string") flat[key] = value;
        else for (const [category, text] of Object.entries(value)) flat[`${key}_${category}`] = text;
      }
      return flatten(flat);
    };
    // Loaded by path: the web's ES modules are outside the server's type check (jest compiles them).
    const load = (file: string, name: string) => (require(path.join(__dirname, "../../web/src/public/shared/messages", file)) as Record<string, Catalogue>)[name]!;
    const catalogues = { "pt-BR": asEntries(load("pt-BR.ts", "ptBR")), en: asEntries(load("en.ts", "en")), pl: asEntries(load("pl.ts", "pl")) };
    expect(catalogues["pt-BR"].size).toBeGreaterThan(50);
    expect(disagreements(catalogues, /\{(\w+)\}/g)).toEqual([]);
  });
});
