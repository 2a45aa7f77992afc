import { useDeferredValue, useId, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../app/ui/Field";
import { useBanksQuery } from "../../../generated/graphql";
import { maskAccount, maskBranch, maskCpfOrCnpj, PIX_MASKS } from "../../../shared/masks";
import { BANK_ACCOUNT_TYPES, bankCodeOf, PIX_KEY_TYPES, type PayoutAccountDraft, type PayoutAccountField } from "../payout-account";
import "./PayoutAccountFields.css";

type Props = {
  draft: PayoutAccountDraft;
  onChange: (draft: PayoutAccountDraft) => void;
  errors: Partial<Record<PayoutAccountField, string>>;
  /** The first input, to move focus to when something is missing. */
  firstFieldRef?: Ref<HTMLInputElement>;
};

/**
 * A PIX key or a bank account, with masks as the merchant types: the shop's payout account, on the
 * settings page and in the "Resolver" dialog. The server validates (check digits, bank rules).
 */
export function PayoutAccountFields({ draft, onChange, errors, firstFieldRef }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const set = (patch: Partial<PayoutAccountDraft>) => onChange({ ...draft, ...patch });
  // The bank list follows what is typed, unless a bank was picked already.
  const search = useDeferredValue(bankCodeOf(draft.bank) ? "" : draft.bank.trim());
  const banks = useBanksQuery({ variables: { search }, skip: draft.kind !== "BANK_ACCOUNT" || !search });

  return (
    <div className="payout-fields" data-testid="payout-account-fields">
      <fieldset className="payout-fields__kind">
        <legend className="field__label">{t("payoutAccount.kindLegend")}</legend>
        {(["PIX", "BANK_ACCOUNT"] as const).map((kind, index) => (
          <label key={kind} className="payout-fields__choice">
            <input
              ref={index === 0 ? firstFieldRef : undefined}
              type="radio"
              name={`${ids}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => set({ kind })}
              data-testid={`payout-kind-${kind}`}
            />
            {t(`payoutAccount.kind.${kind}`)}
          </label>
        ))}
      </fieldset>

      {draft.kind === "PIX" ? (
        <div className="payout-fields__row">
          <Field label={t("payoutAccount.pixKeyType")}>
            {(control) => (
              <select
                {...control}
                className="input"
                value={draft.pixKeyType}
                onChange={(event) => set({ pixKeyType: event.target.value as PayoutAccountDraft["pixKeyType"], pixKey: "" })}
                data-testid="payout-pix-type"
              >
                {PIX_KEY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`payoutAccount.pixKeyTypes.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("payoutAccount.pixKey")} error={errors["pix.key"]} testId="payout-pix-key">
            {(control) => (
              <input
                {...control}
                className="input"
                value={draft.pixKey}
                inputMode={draft.pixKeyType === "EMAIL" || draft.pixKeyType === "RANDOM" ? undefined : "numeric"}
                type={draft.pixKeyType === "EMAIL" ? "email" : "text"}
                autoComplete="off"
                onChange={(event) => set({ pixKey: PIX_MASKS[draft.pixKeyType]?.(event.target.value) ?? event.target.value })}
                data-testid="payout-pix-key"
              />
            )}
          </Field>
        </div>
      ) : (
        <>
          <Field label={t("payoutAccount.bank")} hint={t("payoutAccount.bankHint")} error={errors["bankAccount.bankCode"]} testId="payout-bank">
            {(control) => (
              <>
                <input
                  {...control}
                  className="input"
                  list={`${ids}-banks`}
                  value={draft.bank}
                  autoComplete="off"
                  onChange={(event) => set({ bank: event.target.value })}
                  data-testid="payout-bank"
                />
                <datalist id={`${ids}-banks`}>
                  {(banks.data?.banks ?? []).map((bank) => (
                    <option key={bank.code} value={`${bank.code} - ${bank.name}`} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <div className="payout-fields__row">
            <Field label={t("payoutAccount.branch")} error={errors["bankAccount.branch"]} testId="payout-branch">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  inputMode="numeric"
                  value={draft.branch}
                  onChange={(event) => set({ branch: maskBranch(event.target.value) })}
                  data-testid="payout-branch"
                />
              )}
            </Field>
            <Field label={t("payoutAccount.account")} hint={t("payoutAccount.accountHint")} error={errors["bankAccount.account"]} testId="payout-account">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  inputMode="numeric"
                  value={draft.account}
                  onChange={(event) => set({ account: maskAccount(event.target.value) })}
                  data-testid="payout-account"
                />
              )}
            </Field>
            <Field label={t("payoutAccount.accountType")}>
              {(control) => (
                <select
                  {...control}
                  className="input"
                  value={draft.accountType}
                  onChange={(event) => set({ accountType: event.target.value as PayoutAccountDraft["accountType"] })}
                  data-testid="payout-account-type"
                >
                  {BANK_ACCOUNT_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`payoutAccount.accountTypes.${type}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="payout-fields__row">
            <Field label={t("payoutAccount.holderName")} error={errors["bankAccount.holderName"]} testId="payout-holder-name">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  maxLength={120}
                  autoComplete="off"
                  value={draft.holderName}
                  onChange={(event) => set({ holderName: event.target.value })}
                  data-testid="payout-holder-name"
                />
              )}
            </Field>
            <Field label={t("payoutAccount.holderDocument")} error={errors["bankAccount.holderDocument"]} testId="payout-holder-document">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  inputMode="numeric"
                  value={draft.holderDocument}
                  onChange={(event) => set({ holderDocument: maskCpfOrCnpj(event.target.value) })}
                  data-testid="payout-holder-document"
                />
              )}
            </Field>
          </div>
        </>
      )}
    </div>
  );
}
