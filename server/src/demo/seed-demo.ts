import { generateCpf } from "@brazilian-utils/brazilian-utils";
import { Services } from "../app";
import { Database } from "../infra/db/database";
import { sqlTimestamp } from "../infra/db/dialect";
import { Caller } from "../infra/graphql/context";
import { ClaimOutcome } from "../modules/claims/claim.entity";
import { reportFactsRebuild } from "../modules/orders/order-facts";
import { OrderSource } from "../modules/orders/order.entity";
import { Resolution } from "../modules/orders/resolution";
import { PixKeyType } from "../modules/payments/payment-details";
import { RefundDestination } from "../modules/refunds/refund.entity";
import { ReturnReason, ReturnSettlement } from "../modules/returns/return.entity";
import { Carrier } from "../modules/shipping/carriers";

export const DEMO_EMAIL = "demo@ruptura.dev";
export const DEMO_PASSWORD = "ruptura-demo";

/** Street, district, city, UF and CEP of the demo customers' addresses. */
const ADDRESSES: Array<[string, string, string, string, string]> = [
  ["Avenida Paulista", "Bela Vista", "São Paulo", "SP", "01310-100"],
  ["Rua Oscar Freire", "Jardim Paulista", "São Paulo", "SP", "01426-001"],
  ["Avenida Atlântica", "Copacabana", "Rio de Janeiro", "RJ", "22021-001"],
  ["Avenida Afonso Pena", "Centro", "Belo Horizonte", "MG", "30130-005"],
  ["Rua XV de Novembro", "Centro", "Curitiba", "PR", "80020-310"],
  ["Rua dos Andradas", "Centro Histórico", "Porto Alegre", "RS", "90020-007"],
  ["Avenida Sete de Setembro", "Centro", "Salvador", "BA", "40060-001"],
  ["Avenida Boa Viagem", "Boa Viagem", "Recife", "PE", "51011-000"],
];

/** Deterministic pseudo-random numbers, so every fresh demo shop looks the same. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS: Array<[string, string, number, number]> = [
  // code, name, price in centavos, initial stock
  ["CAM-BAS-P", "Camiseta Básica Algodão P", 4990, 40],
  ["CAM-BAS-M", "Camiseta Básica Algodão M", 4990, 55],
  ["CAM-BAS-G", "Camiseta Básica Algodão G", 4990, 0],
  ["CAM-LIN-M", "Camisa de Linho M", 18990, 6],
  ["CAL-JEA-40", "Calça Jeans Reta 40", 15990, 12],
  ["CAL-JEA-42", "Calça Jeans Reta 42", 15990, 0],
  ["TEN-COR-39", "Tênis de Corrida 39", 34990, 4],
  ["TEN-COR-41", "Tênis de Corrida 41", 34990, 9],
  ["TEN-COR-43", "Tênis de Corrida 43", 34990, 0],
  ["MOC-COU-01", "Mochila de Couro Caramelo", 42900, 3],
  ["GAR-TER-750", "Garrafa Térmica 750 ml", 8990, 80],
  ["CAN-CER-01", "Caneca de Cerâmica Artesanal", 5990, 25],
  ["CAF-ESP-500", "Café Especial em Grãos 500 g", 6490, 60],
  ["CAF-MOI-250", "Café Moído Torra Média 250 g", 3290, 0],
  ["CHA-MAT-100", "Chá Mate Orgânico 100 g", 2490, 35],
  ["FON-BT-PRO", "Fone Bluetooth Pro", 59900, 2],
  ["CAR-USB-C", "Carregador USB-C 30 W", 12990, 18],
  ["CAB-USB-C", "Cabo USB-C 2 m", 4990, 70],
  ["LUM-LED-01", "Luminária de Mesa LED", 17990, 0],
  ["VEL-AROM-01", "Vela Aromática Lavanda", 3990, 22],
  ["TOA-BAN-01", "Toalha de Banho Algodão Egípcio", 8990, 14],
  ["LEN-CAS-01", "Jogo de Lençol Casal 200 fios", 21990, 5],
  ["TRA-YOG-01", "Tapete de Yoga Antiderrapante", 12990, 0],
  ["HAL-2KG", "Par de Halteres 2 kg", 9990, 8],
  ["LIV-RECE-01", "Livro de Receitas Brasileiras", 7990, 30],
  ["CAD-PON-01", "Caderno Pontilhado A5", 3490, 45],
  ["CAN-NAN-01", "Caneta Nanquim 0,4 mm", 1990, 100],
  ["OCU-SOL-01", "Óculos de Sol Polarizado", 24990, 1],
  ["REL-DIG-01", "Relógio Digital Esportivo", 29990, 0],
  ["BOL-PRA-01", "Bolsa de Praia Palha", 11990, 7],
];

const FIRST_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Eduarda", "Felipe", "Gabriela", "Henrique", "Isabela", "João", "Larissa", "Marcos", "Natália", "Otávio", "Paula", "Rafael", "Sofia", "Tiago", "Vitória", "Wagner"];
const LAST_NAMES = ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira", "Almeida", "Ribeiro"];

/**
 * On first start with an empty database: a demo shop (BRL, pt-BR), a staff login, 30 skus (some at
 * zero) and 200 orders placed through the real intake, so some of them are short of stock.
 * Returns false when the database already has a shop.
 */
export async function seedDemoShop(services: Services, db: Database): Promise<boolean> {
  if ((await services.shops.countShops()) > 0) return false;
  const random = prng(20261123);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

  const shop = await services.shops.createShop({ name: "Loja Demonstração", currency: "BRL", locale: "pt-BR" });
  const staff = await services.auth.createStaffUser({ shopId: shop.id, email: DEMO_EMAIL, name: "Marina Gerente", password: DEMO_PASSWORD });
  await services.catalog.createSkus(
    shop.id,
    PRODUCTS.map(([code, name, price, onHand]) => ({ code, name, price, onHand })),
  );

  const caller: Caller = {
    shopId: shop.id,
    shopCurrency: shop.currency,
    shopLocale: shop.locale,
    staffUserId: staff.id,
    actor: { type: "SYSTEM", id: null, name: "Demo" },
    sessionTokenHash: null,
  };
  const customers = Array.from({ length: 60 }, (_, i) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}.${i}`.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase() + "@exemplo.com.br",
      cpf: generateCpf(),
      phone: `+55 11 9${String(Math.floor(random() * 1e8)).padStart(8, "0")}`,
    };
  });
  // Each customer lives somewhere (by their index, so the demo's random sequence stays as it was).
  const addressOf = new Map(
    customers.map((c, i) => {
      const [street, district, city, region, postalCode] = ADDRESSES[i % ADDRESSES.length]!;
      return [c, { street, number: String(10 + ((i * 37) % 990)), complement: i % 3 === 0 ? `ap. ${11 + i}` : null, district, city, region, postalCode }] as const;
    }),
  );
  const sources = [OrderSource.STOREFRONT, OrderSource.STOREFRONT, OrderSource.MARKETPLACE, OrderSource.API];
  const placed: number[] = [];
  for (let i = 0; i < 200; i++) {
    const lineCount = 1 + Math.floor(random() * 3);
    const codes = new Set<string>();
    while (codes.size < lineCount) codes.add(pick(PRODUCTS)[0]);
    const customer = pick(customers);
    const { order } = await services.orders.placeOrder(caller, {
      customer,
      shippingAddress: addressOf.get(customer),
      lines: [...codes].map((skuCode) => ({ skuCode, quantity: 1 + Math.floor(random() * 2) })),
      shipping: pick([0, 1590, 2490]),
      discount: random() < 0.2 ? 1000 : 0,
      source: pick(sources),
      externalReference: random() < 0.3 ? `MKT-${100000 + i}` : null,
    });
    placed.push(order.id);
  }

  // The orders' own events (placement, shortage) end here; what follows is the month's resolutions.
  const placementEvents = await maxEventId(db, shop.id);
  // After each action, the last event id: the events of one action share its moment.
  const marks: number[] = [];
  const mark = async () => void marks.push(await maxEventId(db, shop.id));
  await resolveLastMonth(services, db, caller, placed, random, mark);

  // Spread the demo orders over the last 30 days, oldest first, as a real shop's would be; each
  // order's later events (resolutions, shipments, deliveries) follow its placement in steps.
  const now = Date.now();
  const span = 30 * 24 * 60 * 60_000;
  const placedAt = new Map(placed.map((orderId, i) => [orderId, now - span + Math.round(((i + 0.5) * span) / placed.length)]));
  const later = await db.query<{ id: number; order_id: number; type: string; data: string | Record<string, unknown> | null }>(
    "SELECT id, order_id, type, data FROM order_event WHERE shop_id = ? AND id > ? ORDER BY id",
    [shop.id, placementEvents],
  );
  const steps = new Map<number, { action: number; step: number }>();
  let action = 0;
  await db.transaction(async (tx) => {
    for (const orderId of placed) {
      const at = sqlTimestamp(new Date(placedAt.get(orderId)!));
      await tx.run("UPDATE orders SET placed_at = ?, updated_at = ? WHERE id = ?", [at, at, orderId]);
      await tx.run("UPDATE order_event SET created_at = ? WHERE order_id = ? AND id <= ?", [at, orderId, placementEvents]);
    }
    for (const event of later) {
      const orderId = Number(event.order_id);
      const start = placedAt.get(orderId);
      if (start === undefined) continue;
      while (action < marks.length - 1 && Number(event.id) > marks[action]!) action++;
      const previous = steps.get(orderId);
      const step = !previous ? 1 : previous.action === action ? previous.step : previous.step + 1;
      steps.set(orderId, { action, step });
      // Each action of an order half a day to two days after the one before, never in the future.
      const interval = (12 + ((orderId * 13) % 37)) * 60 * 60_000;
      const room = now - start - 60_000;
      const at = sqlTimestamp(new Date(start + Math.min(step * interval, Math.round((room * step) / (step + 1)))));
      await tx.run("UPDATE order_event SET created_at = ? WHERE id = ?", [at, event.id]);
      await tx.run("UPDATE orders SET updated_at = ? WHERE id = ?", [at, orderId]);
      // The documents the event speaks of carry the same moment.
      const data = (typeof event.data === "string" ? JSON.parse(event.data) : event.data ?? {}) as Record<string, unknown>;
      switch (event.type) {
        case "REFUND_CREATED":
          await tx.run("UPDATE refund SET created_at = ?, updated_at = ? WHERE id = ?", [at, at, data.refundId]);
          break;
        case "REFUND_DETAILS_RECEIVED":
          await tx.run("UPDATE refund SET updated_at = ? WHERE id = ?", [at, data.refundId]);
          break;
        case "REFUND_PAID":
          await tx.run("UPDATE refund SET paid_at = ?, updated_at = ? WHERE id = ?", [at, at, data.refundId]);
          break;
        case "SHIPMENT_SENT":
          await tx.run("UPDATE shipment SET shipped_at = ? WHERE id = ?", [at, data.shipmentId]);
          break;
        case "ORDER_DELIVERED":
          await tx.run("UPDATE shipment SET delivered_at = ? WHERE order_id = ? AND delivered_at IS NOT NULL", [at, orderId]);
          break;
        case "CLAIM_OPENED":
          await tx.run("UPDATE claim SET created_at = ? WHERE order_id = ?", [at, orderId]);
          break;
        case "CLAIM_RESOLVED":
          await tx.run("UPDATE claim SET resolved_at = ? WHERE order_id = ?", [at, orderId]);
          break;
        case "CREDIT_NOTE_ISSUED":
          await tx.run("UPDATE credit_note SET issued_at = ? WHERE id = ?", [at, data.creditNoteId]);
          break;
        case "RETURN_REQUESTED":
          await tx.run("UPDATE order_return SET requested_at = ?, updated_at = ? WHERE order_id = ?", [at, at, orderId]);
          break;
        case "RETURN_APPROVED":
          await tx.run("UPDATE order_return SET decided_at = ?, updated_at = ? WHERE order_id = ?", [at, at, orderId]);
          break;
        case "RETURN_RECEIVED":
          await tx.run("UPDATE order_return SET received_at = ?, updated_at = ? WHERE order_id = ?", [at, at, orderId]);
          break;
      }
    }
    // The report's facts were kept as the orders came in, today: made again from the moved history.
    for (const { sql, params } of reportFactsRebuild(tx.dialect, shop.id)) await tx.run(sql, params);
  });
  return true;
}

async function maxEventId(db: Database, shopId: number): Promise<number> {
  const rows = await db.query<{ id: number | null }>("SELECT MAX(id) AS id FROM order_event WHERE shop_id = ?", [shopId]);
  return Number(rows[0]?.id ?? 0);
}

/** A Correios tracking code (UPU S10 with the check digit), deterministic per order. */
function correiosCode(n: number): string {
  const digits = String(10_000_000 + ((n * 7_919) % 90_000_000)).slice(0, 8);
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  const rest = 11 - (sum % 11);
  const check = rest === 10 ? 0 : rest === 11 ? 5 : rest;
  return `AA${digits}${check}BR`;
}

/**
 * A month of the desk's work, through the same services the API uses: some waiting orders
 * cancelled (refunds to the customer, some paid), some shipped as available, some held for restock;
 * most READY orders shipped by Correios and most of those delivered; one claim settled and one
 * return received. The newest waiting orders stay in the queue and some READY ones wait to ship.
 */
async function resolveLastMonth(services: Services, db: Database, caller: Caller, placed: number[], random: () => number, mark: () => Promise<void>) {
  const statusOf = async () =>
    new Map(
      (await db.query<{ id: number; status: string }>("SELECT id, status FROM orders WHERE shop_id = ?", [caller.shopId])).map((r) => [Number(r.id), r.status]),
    );
  const cpfOf = async (orderId: number) =>
    (await db.query<{ cpf: string }>("SELECT c.cpf AS cpf FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.id = ?", [orderId]))[0]?.cpf;

  // Waiting orders: the oldest two thirds are resolved, the rest stay in "Pedidos sem estoque".
  let status = await statusOf();
  const waiting = placed.filter((id) => status.get(id) === "AWAITING_STOCK");
  const resolvedWaiting = waiting.slice(0, Math.floor((waiting.length * 2) / 3));
  // Two customers agreed by phone to the next size of the same product (same price).
  const equivalents: Record<string, string> = { "CAM-BAS-G": "CAM-BAS-M", "TEN-COR-43": "TEN-COR-41", "CAL-JEA-42": "CAL-JEA-40" };
  const skuIds = new Map((await db.query<{ id: number; code: string }>("SELECT id, code FROM sku WHERE shop_id = ?", [caller.shopId])).map((r) => [r.code, Number(r.id)]));
  let substituted = 0;
  for (const orderId of resolvedWaiting) {
    if (substituted === 2) break;
    const shortLines = await db.query<{ id: number; code: string }>(
      "SELECT l.id AS id, s.code AS code FROM order_line l JOIN sku s ON s.id = l.sku_id WHERE l.order_id = ? AND l.short > 0 ORDER BY l.id",
      [orderId],
    );
    if (shortLines.length !== 1 || !equivalents[shortLines[0]!.code]) continue;
    const line = Number(shortLines[0]!.id);
    const substitute = skuIds.get(equivalents[shortLines[0]!.code]!)!;
    const preview = await services.substitutions.preview(caller, line, substitute);
    if (!preview.plan || preview.userErrors.length) continue;
    await services.substitutions.substitute(caller, line, substitute, { refundTo: RefundDestination.CUSTOMER });
    await mark();
    substituted++;
  }

  let cancelled = 0;
  for (const orderId of resolvedWaiting) {
    status = await statusOf();
    if (status.get(orderId) !== "AWAITING_STOCK") continue;
    const roll = random();
    if (roll < 0.3) {
      const resolved = await services.resolutions.resolve(caller, orderId, Resolution.CANCEL, { refundTo: RefundDestination.CUSTOMER, note: "Sem previsão de reposição do fornecedor." });
      await mark();
      cancelled++;
      // Half of the customers sent their PIX key and were paid.
      if (cancelled % 2 === 1 && resolved.refundLink && resolved.refund) {
        const token = resolved.refundLink.slice(resolved.refundLink.lastIndexOf("/") + 1);
        const cpf = await cpfOf(orderId);
        if (cpf) {
          const submitted = await services.refundLinks.submit({ token, cpf, pix: { keyType: PixKeyType.CPF, key: cpf } }, null);
          await mark();
          if (submitted.errors.length === 0) await services.payouts.markRefundPaid(caller, resolved.refund.id, `PIX-${resolved.refund.id}`);
          await mark();
        }
      }
    } else if (roll < 0.7) {
      const preview = await services.resolutions.preview(caller.shopId, orderId, Resolution.SHIP_AVAILABLE);
      if (preview.plan && preview.userErrors.length === 0) {
        await services.resolutions.resolve(caller, orderId, Resolution.SHIP_AVAILABLE, { refundTo: RefundDestination.CUSTOMER, note: "Enviamos o que havia em estoque." });
      } else {
        await services.resolutions.resolve(caller, orderId, Resolution.WAIT_FOR_RESTOCK, { note: "Cliente prefere aguardar." });
      }
      await mark();
    } else {
      await services.resolutions.resolve(caller, orderId, Resolution.WAIT_FOR_RESTOCK, { note: "Cliente prefere aguardar." });
      await mark();
    }
  }

  // READY orders: all but the newest shipped; those shipped early enough delivered.
  status = await statusOf();
  const ready = placed.filter((id) => status.get(id) === "READY");
  const toShip = ready.slice(0, ready.length - Math.min(12, Math.floor(ready.length / 4)));
  const delivered: number[] = [];
  for (const [i, orderId] of toShip.entries()) {
    await services.shipping.shipOrder(caller, orderId, { carrier: Carrier.CORREIOS, trackingCode: correiosCode(orderId) });
    await mark();
    if (i < toShip.length * 0.8) {
      await services.shipping.markDelivered(caller, orderId);
      await mark();
      delivered.push(orderId);
    }
  }

  // After delivery: one incomplete delivery settled with a credit note, one return received.
  const [claimed, returned] = delivered;
  if (claimed !== undefined) {
    const lines = await db.query<{ id: number }>("SELECT id FROM order_line WHERE order_id = ? AND shipped > 0 ORDER BY id", [claimed]);
    const claim = await services.claims.reportMissingItems(caller, claimed, [{ orderLineId: Number(lines[0]!.id), quantity: 1 }], "Cliente recebeu a caixa sem este item.");
    await mark();
    await services.claims.resolveClaim(caller, claim.claim.id, ClaimOutcome.KEEP_AND_SETTLE, { refundTo: RefundDestination.CUSTOMER, message: "Reembolsamos o item que faltou." });
    await mark();
  }
  if (returned !== undefined) {
    const lines = await db.query<{ id: number }>("SELECT id FROM order_line WHERE order_id = ? AND shipped > 0 ORDER BY id", [returned]);
    const requested = await services.returns.requestReturn(caller, returned, { lines: [{ orderLineId: String(lines[0]!.id), quantity: 1, reason: ReturnReason.REGRET }], note: "Não serviu." });
    await mark();
    await services.returns.approveReturn(caller, requested.ret.id, "Envie pelos Correios com o código de postagem enviado por e-mail.");
    await mark();
    await services.returns.receiveReturn(caller, requested.ret.id, {
      lines: requested.lines.map((l) => ({ returnLineId: String(l.id), quantityGood: l.quantity, quantityDamaged: 0 })),
      settle: ReturnSettlement.REFUND,
      refundTo: RefundDestination.CUSTOMER,
    });
    await mark();
  }
}
