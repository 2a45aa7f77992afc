import { useId, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { usePayoutAccountQuery, type RefundDestination } from "../../../generated/graphql";
import { PayoutAccountFields } from "../../shop-settings/components/PayoutAccountFields";
import { EMPTY_PAYOUT_ACCOUNT, type PayoutAccountDraft, type PayoutAccountField } from "../../shop-settings/payout-account";
import { useSavePayoutAccount } from "../../shop-settings/use-save-payout-account";
import { REFUND_DESTINATIONS } from "../resolutions";

/**
 * Who receives a refund, for every resolution that gives money back (Resolver, substitution):
 * the choice, and for "Reembolso ao lojista" the shop's payout account — shown when on file, asked
 * for in place when not, and saved (`prepare`) before the resolution runs.
 */
export function useRefundDestination(refunding: boolean) {
  const { t } = useTranslation();
  const [refundTo, setRefundTo] = useState<RefundDestination | null>(null);
  const [error, setError] = useState<string | null>(null);
  const firstOption = useRef<HTMLInputElement>(null);
  const payingMerchant = refunding && refundTo === "MERCHANT";
  const payoutAccount = usePayoutAccountQuery({ skip: !payingMerchant, fetchPolicy: "cache-and-network" });
  const accountOnFile = payoutAccount.data?.me.shop.payoutAccount ?? null;
  const accountMissing = payingMerchant && !!payoutAccount.data && accountOnFile === null;
  const [accountDraft, setAccountDraft] = useState<PayoutAccountDraft>(EMPTY_PAYOUT_ACCOUNT);
  const [accountErrors, setAccountErrors] = useState<Partial<Record<PayoutAccountField, string>>>({});
  const accountFirstField = useRef<HTMLInputElement>(null);
  const { save, saving } = useSavePayoutAccount();

  return {
    refundTo,
    choose(next: RefundDestination) {
      setRefundTo(next);
      setError(null);
    },
    error,
    setError,
    /** Back to no choice (the order changed under the dialog). */
    reset() {
      setRefundTo(null);
      setError(null);
    },
    /** Whether the resolution may be confirmed now (the account on file is still being looked up). */
    ready: !payingMerchant || !!payoutAccount.data,
    saving,
    /** Checks the choice; with no account on file, saves the one typed in place. False (with errors shown) stops the resolution. */
    async prepare(): Promise<{ ok: boolean; form: string[] }> {
      if (!refunding) return { ok: true, form: [] };
      if (refundTo === null) {
        setError(t("resolve.refundToRequired"));
        firstOption.current?.focus();
        return { ok: false, form: [] };
      }
      if (!accountMissing) return { ok: true, form: [] };
      const saved = await save(accountDraft);
      if (saved.saved) {
        setAccountErrors({});
        return { ok: true, form: [] };
      }
      setAccountErrors(saved.fields);
      accountFirstField.current?.focus();
      return { ok: false, form: saved.form };
    },
    field: { firstOption, accountOnFile, accountMissing, payingMerchant, accountDraft, setAccountDraft, accountErrors, setAccountErrors, accountFirstField },
  };
}

type Destination = ReturnType<typeof useRefundDestination>;

export function RefundDestinationField({ destination, testIdPrefix = "" }: { destination: Destination; testIdPrefix?: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const { refundTo, error, field } = destination;
  return (
    <>
      <fieldset className="resolve-destinations" aria-invalid={error ? true : undefined} aria-describedby={error ? `${ids}-refund-error` : undefined}>
        <legend className="resolve-form__legend">{t("resolve.refundToLegend")}</legend>
        {REFUND_DESTINATIONS.map((option, index) => (
          <label key={option} className="option-card option-card--compact">
            <input
              ref={index === 0 ? (field.firstOption as RefObject<HTMLInputElement>) : undefined}
              type="radio"
              className="option-card__input"
              name={`${ids}-refund-to`}
              value={option}
              checked={refundTo === option}
              onChange={() => destination.choose(option)}
              aria-describedby={`${ids}-${option}-hint`}
              data-testid={`${testIdPrefix}refund-to-${option}`}
            />
            <span className="option-card__text">
              <span className="option-card__title">{t(`resolve.refundTo.${option}`)}</span>
              <span className="option-card__description" id={`${ids}-${option}-hint`}>
                {t(`resolve.refundToHint.${option}`)}
              </span>
            </span>
          </label>
        ))}
        {error && (
          <p className="field__error" id={`${ids}-refund-error`} data-testid={`${testIdPrefix}refund-to-error`}>
            {error}
          </p>
        )}
      </fieldset>

      {field.payingMerchant &&
        (field.accountOnFile ? (
          <p className="resolve-form__payout" data-testid={`${testIdPrefix}resolve-payout-account`}>
            {t("resolve.payoutAccountOnFile", { account: field.accountOnFile.masked })}
          </p>
        ) : field.accountMissing ? (
          <section className="resolve-form__payout" aria-labelledby={`${ids}-payout-title`} data-testid={`${testIdPrefix}resolve-payout-account-form`}>
            <h3 id={`${ids}-payout-title`} className="resolve-form__legend">
              {t("resolve.payoutAccountNeeded")}
            </h3>
            <p className="muted">{t("resolve.payoutAccountNeededHint")}</p>
            <PayoutAccountFields
              draft={field.accountDraft}
              onChange={(draft) => {
                field.setAccountDraft(draft);
                field.setAccountErrors({});
              }}
              errors={field.accountErrors}
              firstFieldRef={field.accountFirstField}
            />
          </section>
        ) : (
          <p className="muted resolve-form__payout">{t("resolve.payoutAccountLoading")}</p>
        ))}
    </>
  );
}
