import { money } from "../../infra/graphql/money";
import { Order, OrderKind } from "./order.entity";
import { OrderEvent } from "./order-event.entity";
import { OrderLine } from "./order-line.entity";
import { ShippingAddressNode } from "../shipping/address.types";
import { OrderEventNode, OrderLineNode, OrderNode } from "./order.types";

// Nodes with field resolvers are built as instances of their class: type-graphql hands a field
// resolver its root as is when it is one, and copies it into a new instance on every call when not.
export const toOrderNode = (o: Order): OrderNode => Object.assign(new OrderNode(), {
  id: String(o.id),
  number: o.number,
  status: o.status,
  source: o.source,
  kind: o.kind ?? OrderKind.SALE,
  originOrderId: o.originOrderId ?? null,
  externalReference: o.externalReference,
  currency: o.currency,
  subtotal: money(o.subtotal, o.currency),
  shipping: money(o.shipping, o.currency),
  discount: money(o.discount, o.currency),
  total: money(o.total, o.currency),
  placedAt: o.placedAt,
  updatedAt: o.updatedAt,
  shippingAddress: shippingAddressOf(o),
  resolvedBy: (o.resolvedBy ?? null) as OrderNode["resolvedBy"],
  priority: o.priorityAt != null,
  prioritySince: o.priorityAt ?? null,
  priorityReason: o.priorityAt != null ? (o.priorityReason ?? null) : null,
  shopId: o.shopId,
  customerId: o.customerId,
});

/** The order's shipping address, or null when it has none. */
export function shippingAddressOf(o: Order): ShippingAddressNode | null {
  if (o.shipToStreet == null || o.shipToCity == null || o.shipToPostalCode == null || o.shipToCountry == null) return null;
  return {
    recipientName: o.shipToName ?? null,
    street: o.shipToStreet,
    number: o.shipToNumber ?? null,
    complement: o.shipToComplement ?? null,
    district: o.shipToDistrict ?? null,
    city: o.shipToCity,
    region: o.shipToRegion ?? null,
    postalCode: o.shipToPostalCode,
    country: o.shipToCountry,
  };
}

export const toOrderLineNode = (l: OrderLine, currency: string): OrderLineNode => Object.assign(new OrderLineNode(), {
  id: String(l.id),
  skuId: l.skuId,
  orderId: l.orderId,
  skuCode: l.skuCode,
  name: l.name,
  quantity: l.quantity,
  unitPrice: money(l.unitPrice, currency),
  lineTotal: money(l.unitPrice * l.quantity, currency),
  allocated: l.allocated,
  short: l.short,
  cancelled: l.cancelled,
  shipped: l.shipped,
  replacesLineId: l.replacesLineId == null ? null : String(l.replacesLineId),
});

export const toOrderEventNode = (e: OrderEvent): OrderEventNode => ({
  id: String(e.id),
  type: e.type,
  createdAt: e.createdAt,
  actor: { type: e.actorType, id: e.actorId === null ? null : String(e.actorId), name: e.actorName },
  note: e.note,
  data: e.data,
});
