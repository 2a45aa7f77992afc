import DataLoader from "dataloader";
import { Order } from "./order.entity";

/** Changes whose order, once read, is kept for the subscribers still to be pushed it. */
export const PUSHED_ORDERS_KEPT = 5000;

/** A DataLoader cache that forgets its oldest entries beyond `capacity` (Map keeps insertion order). */
class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.entries.get(key);
  }
  set(key: K, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
  delete(key: K): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}

/**
 * The order an `orderUpdated` push carries, read once per change for every subscriber of it, in
 * batches. Each subscriber used to read the order itself: a restock resuming 10,000 orders with
 * 100 every-order subscribers was a million single-row reads. Keyed by the change (the event id),
 * so a later change of the same order is read anew; what is read is the order as it is after that
 * change, as before.
 */
export class OrderPushReads {
  private readonly loader: DataLoader<string, Order | null>;

  constructor(orders: { ordersByIds(shopId: number, orderIds: readonly number[]): Promise<Order[]> }, kept = PUSHED_ORDERS_KEPT) {
    this.loader = new DataLoader<string, Order | null>(
      async (keys) => {
        const wanted = keys.map((key) => key.split(":").map(Number) as [number, number, number]);
        const byShop = new Map<number, Set<number>>();
        for (const [shopId, orderId] of wanted) {
          const ids = byShop.get(shopId) ?? new Set<number>();
          byShop.set(shopId, ids.add(orderId));
        }
        const found = new Map<string, Order>();
        for (const [shopId, ids] of byShop) for (const order of await orders.ordersByIds(shopId, [...ids])) found.set(`${shopId}:${order.id}`, order);
        return wanted.map(([shopId, orderId]) => found.get(`${shopId}:${orderId}`) ?? null);
      },
      { cacheMap: new BoundedCache(kept), maxBatchSize: 500 },
    );
  }

  /** The order after change `eventId`; null when the shop has no such order. */
  async order(shopId: number, orderId: number, eventId: number): Promise<Order | null> {
    const key = `${shopId}:${orderId}:${eventId}`;
    try {
      return await this.loader.load(key);
    } catch (error) {
      // A failed read is not kept: the next subscriber reads again.
      this.loader.clear(key);
      throw error;
    }
  }
}
