import { generateCpf } from "@brazilian-utils/brazilian-utils";
import { Services } from "../app";
import { Database } from "../infra/db/database";
import { sqlTimestamp } from "../infra/db/dialect";
import { Caller } from "../infra/graphql/context";
import { OrderSource } from "../modules/orders/order.entity";

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

  // Spread the demo orders over the last three weeks, oldest first, as a real shop's would be.
  const now = Date.now();
  await db.transaction(async (tx) => {
    for (const [i, orderId] of placed.entries()) {
      const at = sqlTimestamp(new Date(now - (placed.length - i) * 150 * 60_000));
      await tx.run("UPDATE orders SET placed_at = ?, updated_at = ? WHERE id = ?", [at, at, orderId]);
      await tx.run("UPDATE order_event SET created_at = ? WHERE order_id = ?", [at, orderId]);
    }
  });
  return true;
}
