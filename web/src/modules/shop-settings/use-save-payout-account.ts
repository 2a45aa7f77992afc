import { useTranslation } from "react-i18next";
import { requestFailureText } from "../../app/request-failure";
import { errorsByField } from "../../app/user-errors";
import { PayoutAccountDocument, useSetPayoutAccountMutation, type PayoutAccountFieldsFragment } from "../../generated/graphql";
import { PAYOUT_ACCOUNT_FIELDS, payoutAccountInput, type PayoutAccountDraft, type PayoutAccountField } from "./payout-account";

export type SaveResult =
  | { saved: PayoutAccountFieldsFragment }
  | { saved: null; fields: Partial<Record<PayoutAccountField, string>>; form: string[] };

/**
 * Saves the shop's payout account from a draft: empty fields are caught here, the rest by the
 * server (its userErrors come back by field). The account the app shows is read again after.
 */
export function useSavePayoutAccount() {
  const { t } = useTranslation();
  const [setPayoutAccount, { loading }] = useSetPayoutAccountMutation({ refetchQueries: [PayoutAccountDocument], awaitRefetchQueries: true });

  async function save(draft: PayoutAccountDraft): Promise<SaveResult> {
    const { input, missing } = payoutAccountInput(draft);
    if (missing.length) return { saved: null, fields: Object.fromEntries(missing.map((field) => [field, t("userErrors.REQUIRED")])), form: [] };
    try {
      const { data } = await setPayoutAccount({ variables: { input } });
      const payload = data?.setPayoutAccount;
      if (payload?.payoutAccount && payload.userErrors.length === 0) return { saved: payload.payoutAccount };
      const errors = errorsByField(payload?.userErrors ?? [], PAYOUT_ACCOUNT_FIELDS, t);
      return { saved: null, fields: errors.fields, form: errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("payoutAccount.saveFailed")] };
    } catch (error) {
      return { saved: null, fields: {}, form: [requestFailureText(error, t, t("payoutAccount.saveFailed"))] };
    }
  }

  return { save, saving: loading };
}
