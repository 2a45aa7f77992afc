/**
 * The carriers a shipment may go with, each with its tracking page (a URL template where `{code}`
 * is the tracking code) and the tracking codes it accepts. One module, so a carrier is added (or
 * a template corrected) in one place; the desk and the customer's page show `name`.
 */
export enum Carrier {
  CORREIOS = "CORREIOS",
  JADLOG = "JADLOG",
  LOGGI = "LOGGI",
  J_T = "J_T",
  TOTAL_EXPRESS = "TOTAL_EXPRESS",
  INPOST = "INPOST",
  DPD = "DPD",
  POCZTA_POLSKA = "POCZTA_POLSKA",
  /** Any other carrier: the shipment must bring its own tracking URL. */
  OTHER = "OTHER",
}

export interface CarrierInfo {
  /** The carrier's own name, as customers know it (not translated). */
  name: string;
  /** The tracking page, `{code}` standing for the (URL-encoded) tracking code; null for OTHER. */
  trackingUrlTemplate: string | null;
  /** The tracking codes it issues (after normalizeTrackingCode). */
  codePattern: RegExp;
  /** How the code looks, for the refusal message. */
  codeHint: string;
}

/** Letters, digits and dashes, 4 to 40 of them: every carrier's codes fit, nothing else does. */
const GENERIC_CODE = /^[A-Z0-9][A-Z0-9-]{2,38}[A-Z0-9]$/;
const GENERIC_HINT = "4 to 40 letters, digits or dashes";

export const CARRIERS: Record<Carrier, CarrierInfo> = {
  [Carrier.CORREIOS]: {
    name: "Correios",
    trackingUrlTemplate: "https://rastreamento.correios.com.br/app/index.php?objetos={code}",
    // UPU S10, as the Correios issue it: two letters, eight digits and a check digit, "BR".
    codePattern: /^[A-Z]{2}\d{9}BR$/,
    codeHint: "two letters, 9 digits and BR, e.g. AA123456789BR",
  },
  [Carrier.JADLOG]: { name: "Jadlog", trackingUrlTemplate: "https://www.jadlog.com.br/jadlog/tracking?cte={code}", codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
  [Carrier.LOGGI]: { name: "Loggi", trackingUrlTemplate: "https://www.loggi.com/rastreador/{code}", codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
  [Carrier.J_T]: { name: "J&T Express", trackingUrlTemplate: "https://www.jtexpress.com.br/trajectoryQuery?waybillNo={code}", codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
  [Carrier.TOTAL_EXPRESS]: {
    name: "Total Express",
    trackingUrlTemplate: "https://tracking.totalexpress.com.br/rastreamento?codigo={code}",
    codePattern: GENERIC_CODE,
    codeHint: GENERIC_HINT,
  },
  [Carrier.INPOST]: { name: "InPost", trackingUrlTemplate: "https://inpost.pl/sledzenie-przesylek?number={code}", codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
  [Carrier.DPD]: { name: "DPD", trackingUrlTemplate: "https://tracktrace.dpd.com.pl/parcelDetails?typ=1&p1={code}", codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
  [Carrier.POCZTA_POLSKA]: {
    name: "Poczta Polska",
    trackingUrlTemplate: "https://emonitoring.poczta-polska.pl/?numer={code}",
    codePattern: GENERIC_CODE,
    codeHint: GENERIC_HINT,
  },
  [Carrier.OTHER]: { name: "Other", trackingUrlTemplate: null, codePattern: GENERIC_CODE, codeHint: GENERIC_HINT },
};

export const CARRIER_VALUES = Object.values(Carrier);

export function isCarrier(value: unknown): value is Carrier {
  return typeof value === "string" && (CARRIER_VALUES as string[]).includes(value);
}

/** A tracking code as typed, upper-cased, without spaces (codes are often copied in groups: "AA 123 456 789 BR"). */
export function normalizeTrackingCode(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/** Whether the carrier issues codes like this one (already normalised). */
export function isValidTrackingCode(carrier: Carrier, code: string): boolean {
  return CARRIERS[carrier].codePattern.test(code);
}

/** The carrier's tracking page for a code, or null (OTHER: the shipment brings its own). */
export function trackingUrl(carrier: Carrier, code: string): string | null {
  const template = CARRIERS[carrier].trackingUrlTemplate;
  return template ? template.replace("{code}", encodeURIComponent(code)) : null;
}

export const MAX_TRACKING_URL = 500;

/** An absolute http(s) URL of at most MAX_TRACKING_URL characters, else null. */
export function validTrackingUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_TRACKING_URL) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (!url.hostname) return null;
    return url.toString();
  } catch {
    return null;
  }
}
