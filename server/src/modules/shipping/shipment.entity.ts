import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { timestamp } from "../../infra/db/columns";
import { Carrier } from "./carriers";

/**
 * A parcel handed to a carrier: a document of its own that points at the order. `number` counts
 * the order's parcels from 1. Written once (shipOrder); only deliveredAt is stamped later.
 */
@Entity("shipment")
@Index("IDX_shipment_order_id_number", ["orderId", "number"], { unique: true })
@Index("IDX_shipment_shop_id_id", ["shopId", "id"])
export class Shipment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  orderId!: number;

  @Column({ type: "integer" })
  number!: number;

  @Column({ type: "varchar", length: 16 })
  carrier!: Carrier;

  @Column({ type: "varchar", length: 64 })
  trackingCode!: string;

  /** The carrier's tracking page for this parcel (from the carrier's template, or given). */
  @Column({ type: "varchar", length: 500, nullable: true })
  trackingUrl!: string | null;

  @Column(timestamp())
  shippedAt!: Date;

  @Column(timestamp({ nullable: true }))
  deliveredAt!: Date | null;

  @Column({ type: "varchar", length: 16 })
  actorType!: string;

  @Column({ type: "integer", nullable: true })
  actorId!: number | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  actorName!: string | null;
}

/** Units of one order line in a shipment. */
@Entity("shipment_line")
@Index("IDX_shipment_line_shipment_id", ["shipmentId"])
@Index("IDX_shipment_line_order_line_id", ["orderLineId"])
export class ShipmentLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  shopId!: number;

  @Column({ type: "integer" })
  shipmentId!: number;

  @Column({ type: "integer" })
  orderLineId!: number;

  @Column({ type: "integer" })
  quantity!: number;
}

export const shippingEntities = [Shipment, ShipmentLine];
