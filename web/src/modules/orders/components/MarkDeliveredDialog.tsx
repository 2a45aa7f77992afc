import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { FormActions } from "../../../app/ui/FormActions";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import { useMarkDeliveredMutation, type OrderDetailFieldsFragment } from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";

type Props = {
  order: OrderDetailFieldsFragment | null;
  onClose: () => void;
  onDelivered: (order: OrderDetailFieldsFragment) => void;
};

/** "Marcar como entregue": asked once more, because a delivered order never changes again. */
export function MarkDeliveredDialog({ order, onClose, onDelivered }: Props) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<string[]>([]);
  const [markDelivered, { loading }] = useMarkDeliveredMutation({
    update: (cache, { data }) => {
      if (data?.markDelivered.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!order) return;
    setErrors([]);
    try {
      const { data } = await markDelivered({ variables: { orderId: order.id } });
      const result = data?.markDelivered;
      if (result?.order && result.userErrors.length === 0) {
        onDelivered(result.order);
        return;
      }
      setErrors(result?.userErrors.length ? result.userErrors.map((error) => userErrorText(error, t)) : [t("shipping.deliverFailed")]);
    } catch (error) {
      setErrors([requestFailureText(error, t, t("shipping.deliverFailed"))]);
    }
  }

  return (
    <Dialog
      title={order ? t("shipping.deliverTitle", { number: order.number }) : t("shipping.markDelivered")}
      open={order !== null}
      onClose={() => {
        setErrors([]);
        onClose();
      }}
      testId="deliver-dialog"
    >
      {order && (
        <form className="adjust-form" onSubmit={submit} noValidate>
          {errors.length > 0 && (
            <div className="alert alert--danger" role="alert" data-testid="deliver-error">
              {errors.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </div>
          )}
          <p>{t("shipping.deliverBody", { count: order.shipments.length })}</p>
          <FormActions
            onCancel={onClose}
            busy={loading}
            cancelLabel={t("shipping.back")}
            cancelAutoFocus
            submitLabel={t("shipping.markDelivered")}
            busyLabel={t("shipping.delivering")}
            submitTestId="deliver-confirm"
          />
        </form>
      )}
    </Dialog>
  );
}
