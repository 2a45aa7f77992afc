import { useId, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../app/ui/Field";
import { COUPON_LIMITS, type CouponDraft } from "./limits";
import "./coupons.css";

type Props = {
  draft: CouponDraft;
  onChange: (draft: CouponDraft) => void;
  /** Messages by field, from the dialog's checks or the server's userErrors. */
  errors: { value?: string; validDays?: string };
  currency: string;
  valueRef: RefObject<HTMLInputElement | null>;
  validDaysRef: RefObject<HTMLInputElement | null>;
};

/** "Oferecer cupom de desculpas": an optional single-use coupon issued with the resolution. */
export function ApologyCouponFields({ draft, onChange, errors, currency, valueRef, validDaysRef }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const set = (patch: Partial<CouponDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="coupon-offer" data-testid="coupon-offer">
      <legend className="visually-hidden">{t("coupons.offer")}</legend>
      <label className="coupon-offer__toggle">
        <input type="checkbox" checked={draft.offer} onChange={(event) => set({ offer: event.target.checked })} data-testid="coupon-offer-toggle" />
        {t("coupons.offer")}
      </label>
      {draft.offer && (
        <div className="coupon-offer__fields">
          <fieldset className="coupon-offer__kinds">
            <legend className="visually-hidden">{t("coupons.kindLegend")}</legend>
            {(["PERCENT", "FIXED_AMOUNT"] as const).map((kind) => (
              <label key={kind}>
                <input
                  type="radio"
                  name={`${ids}-kind`}
                  value={kind}
                  checked={draft.kind === kind}
                  onChange={() => set({ kind, value: "" })}
                  data-testid={`coupon-kind-${kind}`}
                />
                {t(`coupons.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
          <Field
            label={draft.kind === "PERCENT" ? t("coupons.percent") : t("coupons.amount", { currency })}
            hint={
              draft.kind === "PERCENT"
                ? t("coupons.percentHint", { max: COUPON_LIMITS.maxPercent })
                : t("coupons.amountHint")
            }
            error={errors.value}
            testId="coupon-value"
          >
            {(control) => (
              <input
                {...control}
                ref={valueRef}
                className="input"
                inputMode={draft.kind === "PERCENT" ? "numeric" : "decimal"}
                autoComplete="off"
                value={draft.value}
                onChange={(event) => set({ value: event.target.value })}
                data-testid="coupon-value"
              />
            )}
          </Field>
          <Field
            label={t("coupons.validDays")}
            hint={t("coupons.validDaysHint", { min: COUPON_LIMITS.minValidDays, max: COUPON_LIMITS.maxValidDays })}
            error={errors.validDays}
            testId="coupon-valid-days"
          >
            {(control) => (
              <input
                {...control}
                ref={validDaysRef}
                className="input"
                inputMode="numeric"
                autoComplete="off"
                value={draft.validDays}
                onChange={(event) => set({ validDays: event.target.value })}
                data-testid="coupon-valid-days"
              />
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
