import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createServices } from "../app";
import { loadConfig } from "../config";
import { UserInputError } from "../infra/graphql/errors";
import { openAppDatabase } from "../persistence";
import { validateNewShop } from "../modules/signup/signup.service";
import { defaultTimeZone } from "../modules/shops/shop.service";

/**
 * `npm run shop:create -- --name "Loja X" --email dono@x.com [--owner-name ..] [--currency BRL]
 * [--locale pt-BR] [--time-zone America/Sao_Paulo]`: a shop and its OWNER (e-mail counted as
 * verified: the operator vouches for it), on the database `npm start` uses (DATABASE_URL, else the
 * SQLite file), migrations first. Works whatever SIGNUP says. Prints a generated password once.
 * Exit 0 when created, 2 for bad input (nothing created), 1 for anything else.
 */
const USAGE = `Usage: npm run shop:create -- --name "Loja X" --email dono@x.com [--owner-name "Ana Lima"] [--currency BRL|PLN|EUR|USD] [--locale pt-BR|en|pl] [--time-zone America/Sao_Paulo]`;

/** Which option each field of the sign-up input comes from. */
const OPTION_OF: Record<string, string> = { shopName: "--name", name: "--owner-name", email: "--email", currency: "--currency", locale: "--locale", timeZone: "--time-zone", password: "password" };

function fail(message: string, code = 2): never {
  console.error(`shop:create: ${message}`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: "string" },
        email: { type: "string" },
        "owner-name": { type: "string" },
        currency: { type: "string" },
        locale: { type: "string" },
        "time-zone": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const missing = ["name", "email"].filter((k) => !values[k]);
  if (missing.length) fail(`missing ${missing.map((k) => `--${k}`).join(" and ")}`);
  const email = String(values.email);
  const currency = String(values.currency ?? "BRL").toUpperCase();
  // A password nobody chose: 18 random bytes, shown once.
  const password = randomBytes(18).toString("base64url");
  const { shop: valid, errors } = validateNewShop({
    shopName: String(values.name),
    email,
    name: String(values["owner-name"] ?? email.split("@")[0] ?? ""),
    currency,
    locale: String(values.locale ?? "pt-BR"),
    timeZone: String(values["time-zone"] ?? defaultTimeZone(currency)),
    password,
  });
  if (!valid) fail(errors.map((e) => `${OPTION_OF[e.field ?? ""] ?? e.field}: ${e.message}`).join("\n  "));

  const config = loadConfig();
  const db = await openAppDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    const services = createServices(db, { ...config, signup: true });
    const { shop, user } = await services.signup.create(valid, true);
    console.log(`Shop "${shop.name}" created (id ${shop.id}, ${shop.currency}, ${shop.locale}, ${shop.timeZone}).`);
    console.log(`Owner: ${user.name} <${user.email}>, e-mail counted as confirmed.`);
    console.log(`Password (shown only now; change it under "Minha conta" after signing in): ${password}`);
  } catch (error) {
    await db.close();
    if (error instanceof UserInputError) fail(error.errors.map((e) => `${OPTION_OF[e.field ?? ""] ?? e.field}: ${e.message}`).join("\n  "));
    throw error;
  }
  await db.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error("shop:create failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
