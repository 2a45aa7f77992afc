import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { money, Money } from "../../infra/graphql/money";
import { ActorNode } from "../orders/order.types";
import { CreditNoteSourceType } from "./credit-note.entity";
import { creditNoteDisplayNumber, CreditNoteView } from "./credit-note.service";

registerEnumType(CreditNoteSourceType, {
  name: "CreditNoteSourceType",
  description: "What a credit note settles.",
  valuesConfig: {
    CLAIM: { description: "An incomplete-delivery claim (the customer kept what arrived and is credited the difference)." },
    RETURN: { description: "A return: goods that came back." },
    OTHER: { description: "Anything else the shop stated in the reason." },
  },
});

@ObjectType("CreditNoteSource", { description: "The document a credit note settles." })
export class CreditNoteSourceNode {
  @Field(() => CreditNoteSourceType, { description: "A claim, a return, or something else." })
  type!: CreditNoteSourceType;

  @Field(() => ID, { nullable: true, description: "The claim's or return's id; null for OTHER." })
  id!: string | null;
}

@ObjectType("CreditNoteLine", { description: "One credited item of a credit note." })
export class CreditNoteLineNode {
  @Field(() => ID, { description: "The line's id." })
  id!: string;

  @Field({ description: "What is credited, as printed on the note." })
  description!: string;

  @Field(() => String, { nullable: true, description: "The sku's code, when the line credits units of a sku." })
  skuCode!: string | null;

  @Field(() => Int, { description: "Units credited." })
  quantity!: number;

  @Field(() => Money, { description: "Amount per unit." })
  unitAmount!: Money;

  @Field(() => Money, { description: "Amount of the line: quantity × unitAmount, or less (its share of the order's discount)." })
  amount!: Money;
}

@ObjectType("CreditNote", {
  description: "Money the shop owes back on an order, as a numbered document of its own (the order itself is not changed). Immutable once issued.",
})
export class CreditNoteNode {
  @Field(() => ID, { description: "The credit note's id." })
  id!: string;

  @Field(() => Int, { description: "Sequential per shop from 1, without gaps." })
  number!: number;

  @Field({ description: 'The number as printed, e.g. "NC-000123".' })
  displayNumber!: string;

  @Field({ description: "Why it was issued." })
  reason!: string;

  @Field(() => CreditNoteSourceNode, { description: "The claim or return it settles." })
  source!: CreditNoteSourceNode;

  @Field(() => Money, { description: "Total credited: the sum of the lines." })
  total!: Money;

  @Field(() => [CreditNoteLineNode], { description: "What is credited, in the order given." })
  lines!: CreditNoteLineNode[];

  @Field({ description: "When it was issued." })
  issuedAt!: Date;

  @Field(() => ActorNode, { description: "Who issued it (name at the time)." })
  issuedBy!: ActorNode;

  orderId!: number;
}

export const toCreditNoteNode = ({ note, lines }: CreditNoteView): CreditNoteNode => ({
  id: String(note.id),
  number: note.number,
  displayNumber: creditNoteDisplayNumber(note.number),
  reason: note.reason,
  source: { type: note.sourceType, id: note.sourceId === null ? null : String(note.sourceId) },
  total: money(note.total, note.currency),
  lines: lines.map((l) => ({
    id: String(l.id),
    description: l.description,
    skuCode: l.skuCode,
    quantity: l.quantity,
    unitAmount: money(l.unitAmount, note.currency),
    amount: money(l.amount, note.currency),
  })),
  issuedAt: note.issuedAt,
  issuedBy: { type: note.actorType, id: note.actorId === null ? null : String(note.actorId), name: note.actorName },
  orderId: note.orderId,
});
