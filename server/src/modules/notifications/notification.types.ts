import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../infra/graphql/errors";
import { Connection } from "../../infra/graphql/pagination";
import { CustomerMessageStatus, MessageKind } from "./message-kind";

registerEnumType(MessageKind, {
  name: "MessageKind",
  description: "A kind of e-mail the customer receives. Each can be turned off per shop (setNotificationEnabled).",
  valuesConfig: {
    ORDER_CONFIRMATION: { description: "The order was placed: its items and totals." },
    STOCK_DELAY: { description: "The order is short: what is missing, the expected date when known, and the link to choose what happens." },
    ORDER_RESUMED: { description: "Everything is in stock again and the order goes on." },
    PARTIAL_SHIPMENT: { description: "Missing units were cancelled and the rest ships: what was cancelled, the refund, and the refund link when the customer must fill it in." },
    ORDER_CANCELLED: { description: "The order was cancelled: the refund link or note, and the apology coupon when one was given." },
    REFUND_LINK_REMINDER: { description: "Two days before a refund link expires, while the customer has not given their details." },
    REFUND_PAID: { description: "The refund was paid." },
    ORDER_SHIPPED: { description: "A parcel left with the carrier (one e-mail per parcel): the carrier, the tracking link and what is in it." },
    ORDER_DELIVERED: { description: "The order was delivered." },
    CLAIM_RESOLVED: { description: "A claim of missing items was resolved (the items are sent again, their value refunded with the refund link, or the withdrawal) or rejected with the shop's message." },
    RETURN_APPROVED: { description: "A return was approved: what comes back and the shop's instructions for sending it." },
    RETURN_RECEIVED: { description: "A return arrived: what was received, and the refund (with the refund link when the customer fills it in) or the exchange." },
  },
});
registerEnumType(CustomerMessageStatus, {
  name: "CustomerMessageStatus",
  description: "Where an e-mail to a customer stands.",
  valuesConfig: {
    PENDING: { description: "Waiting to be sent, or to be tried again at nextAttemptAt after a failure." },
    SENT: { description: "Accepted by the mail server (or written to the mail directory)." },
    FAILED: { description: "Every attempt failed; lastError says why. Nothing more is tried." },
    SKIPPED: { description: "Not sent: the shop turned this kind of message off, the customer has no e-mail address, or nobody at the shop had confirmed their e-mail (skipReason says which)." },
  },
});

export enum CustomerMessageSkipReason {
  MESSAGES_OFF = "MESSAGES_OFF",
  NO_RECIPIENT = "NO_RECIPIENT",
  SHOP_EMAIL_NOT_VERIFIED = "SHOP_EMAIL_NOT_VERIFIED",
}
registerEnumType(CustomerMessageSkipReason, {
  name: "CustomerMessageSkipReason",
  description: "Why a message was not sent.",
  valuesConfig: {
    MESSAGES_OFF: { description: "The shop turned this kind of message off." },
    NO_RECIPIENT: { description: "The customer has no e-mail address." },
    SHOP_EMAIL_NOT_VERIFIED: { description: "Nobody at the shop had confirmed their e-mail yet (a new shop sends no e-mail until its owner confirms theirs)." },
  },
});

@ObjectType("CustomerMessage", { description: "An e-mail to a customer about an order: planned once per change, sent with retries." })
export class CustomerMessageNode {
  @Field(() => ID, { description: "The message's id (its Message-ID is built from it)." })
  id!: string;

  @Field(() => MessageKind, { description: "Which message." })
  kind!: MessageKind;

  @Field(() => CustomerMessageStatus, { description: "Pending, sent, failed or skipped." })
  status!: CustomerMessageStatus;

  @Field({ description: "Where it goes, masked (`ana***@***.com`)." })
  recipientMasked!: string;

  @Field({ description: "The language it is written in: the customer's, else the shop's (pt-BR, en, pl)." })
  locale!: string;

  @Field(() => String, { nullable: true, description: "The subject it was sent with; null until sent." })
  subject!: string | null;

  @Field(() => ID, { description: "The order it is about." })
  orderId!: string;

  @Field(() => Int, { description: "That order's number." })
  orderNumber!: number;

  @Field(() => Int, { description: "Attempts so far." })
  attempts!: number;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed (no personal data); null when it did not." })
  lastError!: string | null;

  @Field(() => CustomerMessageSkipReason, { nullable: true, description: "SKIPPED only: why it was not sent." })
  skipReason!: CustomerMessageSkipReason | null;

  @Field(() => Date, { nullable: true, description: "When it is tried next, while PENDING." })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was sent." })
  sentAt!: Date | null;

  @Field({ description: "When it was planned." })
  createdAt!: Date;
}

export const CustomerMessageConnection = Connection(CustomerMessageNode, "CustomerMessage");

@InputType({ description: "Which messages to list; all of the shop's when empty." })
export class CustomerMessageFilter {
  @Field(() => [CustomerMessageStatus], { nullable: true, description: "Only messages in one of these statuses." })
  status?: CustomerMessageStatus[] | null;

  @Field(() => [MessageKind], { nullable: true, description: "Only these kinds." })
  kind?: MessageKind[] | null;

  @Field(() => ID, { nullable: true, description: "Only the messages of this order." })
  orderId?: string | null;
}

@ObjectType({ description: "Whether the shop sends one kind of message." })
export class NotificationSetting {
  @Field(() => MessageKind, { description: "The kind of message." })
  kind!: MessageKind;

  @Field({ description: "True: customers receive it (the default)." })
  enabled!: boolean;
}

@ObjectType({ description: "Result of setNotificationEnabled." })
export class SetNotificationEnabledPayload {
  @Field(() => [NotificationSetting], { nullable: true, description: "Every kind with its setting, as it is now; null when refused." })
  settings!: NotificationSetting[] | null;

  @Field(() => [UserError], { description: "Why nothing was changed; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "A message rendered as it would be sent now, for the merchant to see." })
export class MessagePreview {
  @Field({ description: "The subject line." })
  subject!: string;

  @Field({ description: "The HTML body (show it in a sandboxed frame)." })
  html!: string;

  @Field({ description: "The plain-text body." })
  text!: string;
}
