import { Database } from "../../infra/db/database";
import { Caller } from "../../infra/graphql/context";
import { InProcessSessionEvents } from "../../infra/http/sessions";
import { AuthService, hashToken } from "../auth/auth.service";
import { createLoginThrottle } from "../auth/login-throttle";
import { API_KEY_PREFIX } from "./api-key.service";

const SECRET = `${API_KEY_PREFIX}${"a".repeat(43)}`;
const caller: Caller = {
  shopId: 1,
  shopCurrency: "BRL",
  shopLocale: "pt-BR",
  staffUserId: null,
  role: null,
  actor: { type: "API_KEY", id: 7, name: "ERP" },
  apiKey: { id: 7, scopes: ["ORDERS_READ"] },
  sessionTokenHash: hashToken(SECRET),
};

/** Keys go through AuthService's cache like sessions; revocation must beat it, even mid-lookup. */
describe("API keys in AuthService.authenticate", () => {
  const setup = (lookup: (hash: string, events: InProcessSessionEvents) => Promise<Caller | null>) => {
    const events = new InProcessSessionEvents();
    let lookups = 0;
    // Session tokens would need the database; keys never touch it here.
    const auth = new AuthService({} as Database, {
      sessionTtlHours: 1,
      sessionEvents: events,
      loginThrottle: createLoginThrottle(),
      apiKeys: { prefix: API_KEY_PREFIX, authenticate: (hash) => (lookups++, lookup(hash, events)) },
    });
    return { auth, events, lookups: () => lookups };
  };

  it("looks a key up by its secret's SHA-256 and caches the caller", async () => {
    const { auth, lookups } = setup(async (hash) => (hash === hashToken(SECRET) ? caller : null));
    expect(await auth.authenticate(SECRET)).toBe(caller);
    expect(await auth.authenticate(SECRET)).toBe(caller);
    expect(lookups()).toBe(1);
  });

  it("forgets a revoked key at once", async () => {
    const { auth, events, lookups } = setup(async () => (lookups() > 1 ? null : caller));
    expect(await auth.authenticate(SECRET)).toBe(caller);
    events.announceEnded(hashToken(SECRET));
    expect(await auth.authenticate(SECRET)).toBeNull();
  });

  it("does not trust a lookup that the revocation overtook", async () => {
    const { auth } = setup(async (hash, events) => {
      // The key was read as valid, then revoked before the answer came back.
      events.announceEnded(hash);
      return caller;
    });
    expect(await auth.authenticate(SECRET)).toBeNull();
  });
});
