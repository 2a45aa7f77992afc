import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import { CustomersMayChooseDocument, useCustomersMayChooseQuery, useSetCustomersMayChooseMutation } from "../../../generated/graphql";

/**
 * "Escolha do cliente": whether customers choose, on their order page, what happens to an order
 * without stock (wait, receive what is available, cancel). Brazilian law gives them the choice.
 */
export function CustomerChoicesSetting() {
  const { t } = useTranslation();
  const { data } = useCustomersMayChooseQuery({ fetchPolicy: "cache-and-network" });
  const [setEnabled, { loading }] = useSetCustomersMayChooseMutation({ refetchQueries: [CustomersMayChooseDocument], awaitRefetchQueries: true });
  const [error, setError] = useState<string | null>(null);
  const enabled = data?.me.shop.customersMayChoose;

  const change = async (next: boolean) => {
    setError(null);
    try {
      const result = (await setEnabled({ variables: { enabled: next } })).data?.setCustomersMayChoose;
      if (result?.userErrors.length) setError(userErrorText(result.userErrors[0]!, t));
    } catch (failure) {
      setError(requestFailureText(failure, t, t("settings.customerChoices.failed")));
    }
  };

  return (
    <section className="card" aria-labelledby="customer-choices-title" data-testid="customer-choices-setting">
      <div className="card__header">
        <h2 id="customer-choices-title">{t("settings.customerChoices.title")}</h2>
      </div>
      <div className="card__body shop-settings__body">
        <label className="shop-settings__toggle">
          <input
            type="checkbox"
            checked={enabled ?? false}
            disabled={enabled === undefined || loading}
            onChange={(event) => void change(event.target.checked)}
            data-testid="customers-may-choose"
          />
          {t("settings.customerChoices.label")}
        </label>
        <p className="muted">{t("settings.customerChoices.hint")}</p>
        {error && <p role="alert">{error}</p>}
      </div>
    </section>
  );
}
