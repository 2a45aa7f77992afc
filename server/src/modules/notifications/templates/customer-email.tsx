// Each component from its own package: the @react-email/components barrel also loads Prism with
// every language for its code block (6% of a test file's CPU, and of every server start).
import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import { plainTextSelectors, toPlainText } from "@react-email/render";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { MessageKind } from "../message-kind";
import { MessageModel } from "./model";
import { formatDate, formatMoney, STRINGS, Strings } from "./strings";

const colors = { text: "#1f2933", muted: "#52606d", accent: "#0b5cad", border: "#d9e2ec", background: "#f5f7fa" };
const styles = {
  body: { backgroundColor: colors.background, color: colors.text, fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", border: `1px solid ${colors.border}`, borderRadius: "8px", maxWidth: "560px", padding: "24px" },
  shop: { color: colors.muted, fontSize: "14px", fontWeight: 700, letterSpacing: "0.04em", margin: "0 0 8px", textTransform: "uppercase" as const },
  heading: { fontSize: "22px", lineHeight: "28px", margin: "0 0 16px" },
  text: { fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  small: { color: colors.muted, fontSize: "12px", lineHeight: "18px", margin: "0" },
  label: { color: colors.muted, fontSize: "13px", fontWeight: 700, margin: "16px 0 4px" },
  cell: { fontSize: "14px", lineHeight: "20px", margin: "0", padding: "2px 0" },
  button: { backgroundColor: colors.accent, borderRadius: "6px", color: "#ffffff", fontSize: "15px", fontWeight: 700, padding: "12px 20px", textDecoration: "none" },
};

function Items({ title, lines, model }: { title: string; lines: MessageModel["items"]; model: MessageModel }) {
  if (lines.length === 0) return null;
  return (
    <Section style={{ margin: "0 0 12px" }}>
      <Text style={styles.label}>{title}</Text>
      {lines.map((line, i) => (
        <Text key={i} style={styles.cell}>
          {line.quantity} × {line.name}
          {line.unitPrice !== undefined ? ` — ${formatMoney(model.locale, line.unitPrice * line.quantity, model.currency)}` : ""}
        </Text>
      ))}
    </Section>
  );
}

function Totals({ model, s }: { model: MessageModel; s: Strings }) {
  const money = (amount: number) => formatMoney(model.locale, amount, model.currency);
  const rows: Array<[string, string]> = [
    [s.subtotal, money(model.subtotal)],
    [s.shipping, money(model.shipping)],
    ...(model.discount ? ([[s.discount, `−${money(model.discount)}`]] as Array<[string, string]>) : []),
    [s.total, money(model.total)],
  ];
  return (
    <Section>
      <Hr style={{ borderColor: colors.border }} />
      {rows.map(([label, value]) => (
        <Text key={label} style={label === s.total ? { ...styles.cell, fontWeight: 700 } : styles.cell}>
          {label}: {value}
        </Text>
      ))}
    </Section>
  );
}

function LinkButton({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "16px 0" }}>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
    </Section>
  );
}

/** The refund part of a cancellation, a partial shipment or a reminder: the amount, then the link or a note. */
function Refund({ model, s }: { model: MessageModel; s: Strings }) {
  const refund = model.refund;
  if (!refund) return null;
  return (
    <Section>
      <Text style={styles.text}>{s.refundAmount(formatMoney(model.locale, refund.amount, model.currency))}</Text>
      {refund.destination === "MERCHANT" ? (
        <Text style={styles.text}>{s.refundByShop}</Text>
      ) : refund.link ? (
        <>
          <Text style={styles.text}>{s.refundLink(formatDate(model.locale, refund.linkExpiresAt ?? new Date(), model.timeZone))}</Text>
          <LinkButton href={refund.link} label={s.refundLinkButton} />
        </>
      ) : model.kind !== MessageKind.REFUND_PAID ? (
        <Text style={styles.text}>{s.refundNoLink}</Text>
      ) : null}
    </Section>
  );
}

/** The parcel: carrier, tracking code and link, and what is in it. */
function Parcel({ model, s }: { model: MessageModel; s: Strings }) {
  const shipment = model.shipment;
  if (!shipment) return null;
  return (
    <Section>
      <Text style={styles.text}>{s.carrier(shipment.carrierName || s.otherCarrier, shipment.trackingCode)}</Text>
      {shipment.trackingUrl ? <LinkButton href={shipment.trackingUrl} label={s.trackButton} /> : null}
      <Items title={s.inParcel} lines={shipment.items} model={model} />
      {!shipment.complete ? <Text style={styles.text}>{s.moreParcels}</Text> : null}
    </Section>
  );
}

function Coupon({ model, s }: { model: MessageModel; s: Strings }) {
  const coupon = model.coupon;
  if (!coupon) return null;
  const value = coupon.kind === "PERCENT" ? `${coupon.value}%` : formatMoney(model.locale, coupon.value, model.currency);
  return <Text style={styles.text}>{s.coupon(coupon.code, value, formatDate(model.locale, coupon.expiresAt, model.timeZone))}</Text>;
}

/** A return: what comes back, then the instructions (approved) or the settlement (received). */
function Returned({ model, s }: { model: MessageModel; s: Strings }) {
  const returned = model.returned;
  if (!returned) return null;
  return (
    <Section>
      <Items title={s.returnItems} lines={returned.items} model={model} />
      {model.kind === MessageKind.RETURN_APPROVED ? (
        returned.instructions ? (
          <>
            <Text style={styles.text}>{s.returnInstructions}</Text>
            <Text style={{ ...styles.text, whiteSpace: "pre-line" }}>{returned.instructions}</Text>
          </>
        ) : (
          <Text style={styles.text}>{s.returnNoInstructions}</Text>
        )
      ) : returned.settlement === "EXCHANGE" ? (
        <Text style={styles.text}>{s.returnExchange}</Text>
      ) : model.refund ? (
        <Refund model={model} s={s} />
      ) : (
        <Text style={styles.text}>{s.returnNoRefund}</Text>
      )}
    </Section>
  );
}

/** One customer e-mail: the shop's name, a heading, what changed and what the customer can do. */
export function CustomerEmail({ model }: { model: MessageModel }) {
  const s = STRINGS[model.locale];
  const kind = model.kind;
  return (
    <Html lang={model.locale} dir="ltr">
      <Head />
      <Preview>{s.intro[kind](model)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.shop}>{model.shopName}</Text>
          <Heading as="h1" style={styles.heading}>
            {s.heading[kind](model)}
          </Heading>
          <Text style={styles.text}>{s.greeting(model.customerName)}</Text>
          <Text style={styles.text}>{s.intro[kind](model)}</Text>

          {kind === MessageKind.STOCK_DELAY ? (
            <>
              <Items title={s.missing} lines={model.missing} model={model} />
              <Text style={styles.text}>{model.expectedDate ? s.expected(formatDate(model.locale, model.expectedDate, model.timeZone)) : s.noExpectedDate}</Text>
              <Text style={styles.text}>{model.partlyShipped ? s.chooseAfterShipping : s.choose}</Text>
              {model.orderPageLink ? <LinkButton href={model.orderPageLink} label={s.chooseButton} /> : <Text style={styles.text}>{s.chooseWithoutLink}</Text>}
            </>
          ) : null}

          {kind === MessageKind.PARTIAL_SHIPMENT || kind === MessageKind.ORDER_CANCELLED ? (
            <>
              <Items title={s.cancelled} lines={model.cancelled} model={model} />
              <Refund model={model} s={s} />
              <Coupon model={model} s={s} />
            </>
          ) : null}

          {kind === MessageKind.ORDER_SHIPPED ? <Parcel model={model} s={s} /> : null}
          {kind === MessageKind.RETURN_APPROVED || kind === MessageKind.RETURN_RECEIVED ? <Returned model={model} s={s} /> : null}

          {kind === MessageKind.CLAIM_RESOLVED && model.claim ? (
            <>
              <Items title={s.claimItems} lines={model.claim.items} model={model} />
              <Text style={styles.text}>
                {s.claimOutcome[model.claim.status === "REJECTED" ? "REJECTED" : model.claim.settledInstead ? "SETTLED_INSTEAD" : (model.claim.outcome ?? "RESHIP")]}
              </Text>
              {model.claim.message ? <Text style={styles.text}>{s.claimMessage(model.claim.message)}</Text> : null}
              <Refund model={model} s={s} />
            </>
          ) : null}

          {kind === MessageKind.REFUND_LINK_REMINDER ? <Refund model={model} s={s} /> : null}
          {kind === MessageKind.REFUND_PAID && model.refund ? (
            <Text style={styles.text}>{s.refundAmount(formatMoney(model.locale, model.refund.amount, model.currency))}</Text>
          ) : null}

          {kind === MessageKind.ORDER_CONFIRMATION || kind === MessageKind.ORDER_RESUMED ? (
            <>
              <Items title={s.items} lines={model.items} model={model} />
              <Totals model={model} s={s} />
            </>
          ) : null}

          {model.orderPageLink && kind !== MessageKind.STOCK_DELAY ? <LinkButton href={model.orderPageLink} label={s.orderPage} /> : null}
          <Hr style={{ borderColor: colors.border, margin: "24px 0 12px" }} />
          <Text style={styles.small}>{s.footer(model.shopName, model.orderNumber)}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** React Email's plain-text rules, with headings as written (not upper-cased). */
const PLAIN_TEXT = { selectors: [...plainTextSelectors, { selector: "h1", options: { uppercase: false } }] };

/**
 * React Email's HTML-to-text, compiled once. Its `toPlainText(html, options)` is html-to-text's
 * `convert(html, { wordwrap: false, ...options, selectors: [...plainTextSelectors, ...selectors] })`,
 * and `convert` compiles its options again on every call: that compile (selectors, a decision tree)
 * was two thirds of the conversion and about a tenth of the server's CPU under intake. The
 * converter is html-to-text as @react-email/render itself resolves it (its own dependency, the
 * same copy), with the same options; a test compares both on every kind of message.
 */
type HtmlToText = (html: string) => string;
const compileHtmlToText = (): HtmlToText => {
  const { compile } = require(require.resolve("html-to-text", { paths: [path.dirname(require.resolve("@react-email/render"))] })) as {
    compile(options: object): HtmlToText;
  };
  return compile({ wordwrap: false, ...PLAIN_TEXT, selectors: [...plainTextSelectors, ...PLAIN_TEXT.selectors] });
};
let htmlToText: HtmlToText | undefined;
/** The plain-text part of a message, as React Email's toPlainText with PLAIN_TEXT makes it. */
export const plainText = (html: string): string => (htmlToText ??= compileHtmlToText())(html);
/** React Email's own conversion, compiled on every call (tests compare plainText with it). */
export const plainTextByReactEmail = (html: string): string => toPlainText(html, PLAIN_TEXT);

const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * The message as HTML (React Email's mail-client-safe markup, inline styles) and plain text (React
 * Email's own HTML-to-text), with its subject. The components are synchronous, so React's static
 * renderer does what React Email's `render` does (same doctype), without its dynamic
 * `import("react-dom/server")`, which Jest's CommonJS runtime cannot run.
 */
export async function renderMessage(model: MessageModel): Promise<RenderedMessage> {
  const html = `${DOCTYPE}${renderToStaticMarkup(<CustomerEmail model={model} />)}`;
  return { subject: STRINGS[model.locale].subject[model.kind](model), html, text: plainText(html) };
}
