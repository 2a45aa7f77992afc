import type { TFunction } from "i18next";
import { allValues } from "../../app/enum-values";
import type { Carrier } from "../../generated/graphql";

/** Every carrier, in the order the "Enviar" dialog offers them (Brazil's first, then Poland's). */
export const CARRIERS = allValues<Carrier>()(["CORREIOS", "JADLOG", "LOGGI", "J_T", "TOTAL_EXPRESS", "INPOST", "DPD", "POCZTA_POLSKA", "OTHER"]);

/** Carriers' own names (not translated); OTHER is named by the locale (shipping.carrierOther). */
export const CARRIER_NAMES: Record<Exclude<Carrier, "OTHER">, string> = {
  CORREIOS: "Correios",
  JADLOG: "Jadlog",
  LOGGI: "Loggi",
  J_T: "J&T Express",
  TOTAL_EXPRESS: "Total Express",
  INPOST: "InPost",
  DPD: "DPD",
  POCZTA_POLSKA: "Poczta Polska",
};

/** The carrier the dialog starts with: the shop's country's usual one. */
export function defaultCarrier(currency: string): Carrier {
  return currency === "PLN" ? "INPOST" : "CORREIOS";
}

/** Units of a line that can still go into a parcel. */
export const unshipped = (line: { allocated: number; shipped: number }) => Math.max(0, line.allocated - line.shipped);

/** A carrier's name for the merchant: its own, or "Outra transportadora" for OTHER. */
export function carrierLabel(carrier: Carrier, t: TFunction): string {
  return carrier === "OTHER" ? t("shipping.carrierOther") : CARRIER_NAMES[carrier];
}
