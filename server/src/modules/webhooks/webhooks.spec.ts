import { Webhook } from "standardwebhooks";
import { OrderEventType } from "../orders/order-event.entity";
import { checkWebhookUrl, isPrivateAddress, parseWebhookUrl } from "./url-guard";
import { signature } from "./webhook-http";
import { fromWireName, WEBHOOK_EVENT_TYPES, webhookTypesOf, wireName } from "./webhook-events";
import { MAX_ATTEMPTS, newSecret, retryable, retryDelayMs } from "./webhook.service";

describe("the SSRF guard", () => {
  it.each([
    "127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.9.9", "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0",
    "::", "::1", "fc00::1", "fdff::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:192.168.1.1", "[::1]", "not-an-ip",
  ])("refuses %s", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "2606:4700::1111", "2001:4860:4860::8888"])("allows %s", (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );

  it("takes only http(s) URLs without credentials", () => {
    for (const bad of ["ftp://x.example/", "file:///etc/passwd", "javascript:alert(1)", "https://user:pw@x.example/", "not a url"]) expect(() => parseWebhookUrl(bad)).toThrow();
    expect(parseWebhookUrl(" https://x.example/in ").hostname).toBe("x.example");
  });

  it("refuses a name when any of its addresses is internal, unless private addresses are allowed", async () => {
    const lookup = async () => [{ address: "8.8.8.8", family: 4 }, { address: "fd00::1", family: 6 }];
    await expect(checkWebhookUrl("https://mixed.example/", { allowPrivate: false, lookup })).rejects.toThrow(/fd00::1/);
    await expect(checkWebhookUrl("https://mixed.example/", { allowPrivate: true, lookup })).resolves.toHaveLength(2);
  });
});

describe("signing and retries", () => {
  it("signs as Standard Webhooks does: the reference library verifies it", () => {
    const secret = newSecret();
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    const id = "msg_1";
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: "order.placed", timestamp: new Date().toISOString(), data: { id: "1" } });
    const sig = signature(secret, id, timestamp, body);
    expect(sig).toBe(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
    expect(new Webhook(secret).verify(body, { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": sig })).toMatchObject({ type: "order.placed" });
  });

  it("waits exponentially longer, with jitter, about 4 hours over 8 tries", () => {
    const low = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0));
    const high = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0.999));
    for (let i = 1; i < low.length; i++) expect(low[i]!).toBeGreaterThan(high[i - 1]! * 1.5);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 3600_000;
    expect(sum(low)).toBeGreaterThan(3);
    expect(sum(high)).toBeLessThan(5);
  });

  it("retries no answer, 5xx, 408 and 429; not another 4xx", () => {
    for (const status of [null, 500, 502, 503, 408, 429, 301]) expect(retryable(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 410, 422]) expect(retryable(status)).toBe(false);
  });
});

describe("event types", () => {
  it("names each type on the wire with a dot", () => {
    expect(WEBHOOK_EVENT_TYPES.map(wireName)).toEqual([
      "order.placed", "order.awaiting_stock", "order.on_hold", "order.resumed", "order.partially_cancelled", "order.substituted", "order.cancelled", "order.shipped",
      "order.delivered", "stock.out_of_stock", "stock.back_in_stock", "refund.requested", "refund.ready_for_payout", "refund.paid", "claim.opened", "return.received",
    ]);
    for (const t of WEBHOOK_EVENT_TYPES) expect(fromWireName(wireName(t))).toBe(t);
  });

  it("maps order events, a refund to the merchant being ready at once", () => {
    expect(webhookTypesOf(OrderEventType.REFUND_CREATED, { status: "AWAITING_CUSTOMER_DETAILS" })).toEqual(["REFUND_REQUESTED"]);
    expect(webhookTypesOf(OrderEventType.REFUND_CREATED, { status: "READY_FOR_PAYOUT" })).toEqual(["REFUND_REQUESTED", "REFUND_READY_FOR_PAYOUT"]);
    expect(webhookTypesOf(OrderEventType.MESSAGE_SENT, null)).toEqual([]);
  });
});
