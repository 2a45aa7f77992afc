import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { localToday, useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { errorsByField } from "../../../app/user-errors";
import {
  useAddIncomingStockMutation,
  useCancelIncomingStockMutation,
  useReceiveIncomingStockMutation,
  useUpdateIncomingStockMutation,
  type IncomingDeliveryFragment,
  type SkuRowFragment,
  type UserErrorFieldsFragment,
} from "../../../generated/graphql";
import { refreshAfterStockChange } from "../../stockouts/live";
import { MAX_ON_HAND, MAX_UNITS_PER_CHANGE, stockChangeProblem } from "../limits";
import { parseQuantity, type RestockResult } from "./RestockDialog";
import "./AdjustStockDialog.css";
import "./IncomingStockDialog.css";

/** The most characters of a supplier reference (the server's limit). */
const SUPPLIER_REFERENCE_MAX = 100;

type DeliveryField = "quantity" | "expectedOn" | "supplierReference";
const FIELDS: readonly DeliveryField[] = ["quantity", "expectedOn", "supplierReference"];

type View =
  | { kind: "list"; status?: string }
  | { kind: "add" }
  | { kind: "edit"; delivery: IncomingDeliveryFragment }
  | { kind: "receive"; delivery: IncomingDeliveryFragment }
  | { kind: "cancel"; delivery: IncomingDeliveryFragment };

type Props = {
  /** The sku as the stock list has it now (its row is updated by every mutation's payload). */
  sku: SkuRowFragment | null;
  onClose: () => void;
  /** Goods received: the dialog closes and the page reports what they did. */
  onReceived: (result: RestockResult) => void;
};

/** "Entradas previstas": the deliveries expected for a sku, to add, edit, cancel and receive. */
export function IncomingStockDialog({ sku, onClose, onReceived }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={sku ? t("incoming.actionSku", { code: sku.code }) : t("incoming.action")} open={sku !== null} onClose={onClose} testId="incoming-dialog" size="wide">
      {/* Keyed by sku: a fresh view every time the dialog opens. */}
      {sku && <IncomingStockPanel key={sku.id} sku={sku} onReceived={onReceived} />}
    </Dialog>
  );
}

function IncomingStockPanel({ sku, onReceived }: { sku: SkuRowFragment; onReceived: (result: RestockResult) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [view, setView] = useState<View>({ kind: "list" });
  const back = (status?: string) => setView({ kind: "list", status });

  return (
    <div className="incoming-panel">
      <p className="adjust-form__sku">
        <span className="mono">{sku.code}</span> · {sku.name}
      </p>
      <p className="incoming-panel__demand" data-testid="incoming-demand">
        {sku.waitingDemand.orderCount === 0
          ? t("incoming.summaryNone")
          : t("incoming.summary", {
              orders: t("incoming.summaryOrders", { count: sku.waitingDemand.orderCount }),
              units: t("incoming.summaryUnits", { count: sku.waitingDemand.units }),
            })}
      </p>
      {/* Always mounted, so that what it says after a change is announced. */}
      <p className="incoming-panel__status" role="status" data-testid="incoming-status">
        {view.kind === "list" ? (view.status ?? "") : ""}
      </p>
      {view.kind === "list" && (
        <DeliveryList
          sku={sku}
          onAdd={() => setView({ kind: "add" })}
          onEdit={(delivery) => setView({ kind: "edit", delivery })}
          onReceive={(delivery) => setView({ kind: "receive", delivery })}
          onCancel={(delivery) => setView({ kind: "cancel", delivery })}
        />
      )}
      {(view.kind === "add" || view.kind === "edit") && (
        <DeliveryForm
          sku={sku}
          delivery={view.kind === "edit" ? view.delivery : null}
          onBack={() => back()}
          onSaved={(delivery) => back(t("incoming.saved", { code: sku.code, date: format.calendarDate(delivery.expectedOn) }))}
        />
      )}
      {view.kind === "receive" && <ReceiveForm sku={sku} delivery={view.delivery} onBack={() => back()} onReceived={onReceived} />}
      {view.kind === "cancel" && (
        <CancelForm
          delivery={view.delivery}
          onBack={() => back()}
          onCancelled={(delivery) => back(t("incoming.cancelled", { code: sku.code, date: format.calendarDate(delivery.expectedOn) }))}
        />
      )}
    </div>
  );
}

function DeliveryList({
  sku,
  onAdd,
  onEdit,
  onReceive,
  onCancel,
}: {
  sku: SkuRowFragment;
  onAdd: () => void;
  onEdit: (delivery: IncomingDeliveryFragment) => void;
  onReceive: (delivery: IncomingDeliveryFragment) => void;
  onCancel: (delivery: IncomingDeliveryFragment) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    (): DataColumn<IncomingDeliveryFragment>[] => [
      {
        id: "expectedOn",
        header: t("incoming.columns.expectedOn"),
        className: "incoming-table__date",
        cell: (d) => <time dateTime={d.expectedOn}>{format.calendarDate(d.expectedOn)}</time>,
      },
      {
        id: "quantity",
        header: t("incoming.columns.quantity"),
        className: "numeric",
        cell: (d) => (
          <>
            {format.number(d.quantity)}
            {d.receivedQuantity > 0 && (
              <span className="incoming-table__received"> ({t("incoming.partlyReceived", { received: d.receivedQuantity, quantity: d.quantity })})</span>
            )}
          </>
        ),
      },
      {
        id: "remaining",
        header: t("incoming.columns.remaining"),
        className: "numeric",
        cell: (d) => <span data-testid="incoming-remaining">{format.number(d.remainingQuantity)}</span>,
      },
      {
        id: "supplierReference",
        header: t("incoming.columns.supplierReference"),
        className: "incoming-table__reference",
        cell: (d) => d.supplierReference ?? "—",
      },
      {
        id: "actions",
        header: t("incoming.columns.actions"),
        headerHidden: true,
        className: "incoming-table__actions",
        cell: (d) => {
          const date = format.calendarDate(d.expectedOn);
          return (
            <div className="incoming-table__buttons">
              <button type="button" className="button button--small button--primary" onClick={() => onReceive(d)} aria-label={t("incoming.receiveDelivery", { date })} data-testid="incoming-receive">
                {t("incoming.receive")}
              </button>
              <button type="button" className="button button--small" onClick={() => onEdit(d)} aria-label={t("incoming.editDelivery", { date })} data-testid="incoming-edit">
                {t("incoming.edit")}
              </button>
              <button type="button" className="button button--small" onClick={() => onCancel(d)} aria-label={t("incoming.cancelDelivery", { date })} data-testid="incoming-cancel">
                {t("incoming.cancel")}
              </button>
            </div>
          );
        },
      },
    ],
    [t, format, onEdit, onReceive, onCancel],
  );

  return (
    <>
      {sku.incoming.length === 0 ? (
        <p className="incoming-panel__none" data-testid="incoming-none">
          {t("incoming.none")}
        </p>
      ) : (
        <DataTable
          columns={columns}
          rows={sku.incoming}
          rowId={(d) => d.id}
          rowAttributes={(d) => ({ "data-testid": "incoming-row", "data-expected-on": d.expectedOn })}
          className="incoming-table"
          testId="incoming-table"
        />
      )}
      <div className="adjust-form__actions">
        <button type="button" className="button button--primary" onClick={onAdd} data-autofocus data-testid="incoming-add">
          {t("incoming.add")}
        </button>
      </div>
    </>
  );
}

/** Field errors of a refused mutation, with the limits named rather than "out of range". */
function useErrors() {
  const { t } = useTranslation();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<DeliveryField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const show = (userErrors: readonly UserErrorFieldsFragment[]) => {
    const errors = errorsByField(userErrors, FIELDS, t);
    if (userErrors.some((e) => e.field === "quantity" && e.code === "OUT_OF_RANGE")) {
      errors.fields.quantity = t("incoming.quantityInvalid", { max: MAX_UNITS_PER_CHANGE });
    }
    if (userErrors.some((e) => e.field === "expectedOn" && e.code === "OUT_OF_RANGE")) errors.fields.expectedOn = t("incoming.dateInvalid");
    setFieldErrors(errors.fields);
    setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("incoming.failed")]);
  };
  return { fieldErrors, setFieldErrors, formErrors, setFormErrors, show };
}

function FormErrors({ errors }: { errors: string[] }) {
  return errors.length > 0 ? (
    <div className="alert alert--danger" role="alert" data-testid="incoming-error">
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  ) : null;
}

function DeliveryForm({
  sku,
  delivery,
  onBack,
  onSaved,
}: {
  sku: SkuRowFragment;
  delivery: IncomingDeliveryFragment | null;
  onBack: () => void;
  onSaved: (delivery: IncomingDeliveryFragment) => void;
}) {
  const { t } = useTranslation();
  const [quantityText, setQuantityText] = useState(delivery ? String(delivery.quantity) : "");
  const [expectedOn, setExpectedOn] = useState(delivery?.expectedOn ?? "");
  const [reference, setReference] = useState(delivery?.supplierReference ?? "");
  const { fieldErrors, setFieldErrors, formErrors, setFormErrors, show } = useErrors();
  // Order lists show expected dates: they are read again after any change.
  const update = (cache: Parameters<typeof refreshAfterStockChange>[0]) => refreshAfterStockChange(cache, { orders: "all" });
  const [add, adding] = useAddIncomingStockMutation({ update: (cache, { data }) => data?.addIncomingStock.userErrors.length === 0 && update(cache) });
  const [edit, editing] = useUpdateIncomingStockMutation({ update: (cache, { data }) => data?.updateIncomingStock.userErrors.length === 0 && update(cache) });
  const loading = adding.loading || editing.loading;
  const today = localToday();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const quantity = parseQuantity(quantityText);
    const invalid: Partial<Record<DeliveryField, string>> = {};
    if (quantity === null || quantity > MAX_UNITS_PER_CHANGE) invalid.quantity = t("incoming.quantityInvalid", { max: MAX_UNITS_PER_CHANGE });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expectedOn) || (expectedOn < today && expectedOn !== delivery?.expectedOn)) invalid.expectedOn = t("incoming.dateInvalid");
    setFieldErrors(invalid);
    setFormErrors([]);
    if (Object.keys(invalid).length || quantity === null) return;
    try {
      const result = delivery
        ? (
            await edit({
              variables: {
                id: delivery.id,
                input: { quantity, expectedOn: expectedOn === delivery.expectedOn ? undefined : expectedOn, supplierReference: reference.trim() },
              },
            })
          ).data?.updateIncomingStock
        : (await add({ variables: { input: { skuId: sku.id, quantity, expectedOn, supplierReference: reference.trim() || undefined } } })).data?.addIncomingStock;
      if (result?.incomingStock && result.userErrors.length === 0) {
        onSaved(result.incomingStock);
        return;
      }
      show(result?.userErrors ?? []);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("incoming.failed"))]);
    }
  }

  return (
    <form className="adjust-form" onSubmit={submit} noValidate data-testid="incoming-form">
      <FormErrors errors={formErrors} />
      <Field label={t("incoming.quantity")} hint={t("incoming.quantityHint", { max: MAX_UNITS_PER_CHANGE })} error={fieldErrors.quantity} testId="incoming-quantity">
        {(control) => (
          <input
            {...control}
            className="input adjust-form__delta"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={quantityText}
            onChange={(event) => setQuantityText(event.target.value)}
            data-testid="incoming-quantity"
          />
        )}
      </Field>
      <Field label={t("incoming.expectedOn")} hint={t("incoming.expectedOnHint")} error={fieldErrors.expectedOn} testId="incoming-expected-on">
        {(control) => (
          <input
            {...control}
            className="input incoming-form__date"
            type="date"
            min={today}
            value={expectedOn}
            onChange={(event) => setExpectedOn(event.target.value)}
            data-testid="incoming-expected-on"
          />
        )}
      </Field>
      <Field label={`${t("incoming.supplierReference")} (${t("common.optional")})`} error={fieldErrors.supplierReference} testId="incoming-reference">
        {(control) => (
          <input
            {...control}
            className="input"
            type="text"
            maxLength={SUPPLIER_REFERENCE_MAX}
            placeholder={t("incoming.supplierReferencePlaceholder")}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
            data-testid="incoming-reference"
          />
        )}
      </Field>
      <FormActions
        onCancel={onBack}
        cancelLabel={t("incoming.back")}
        busy={loading}
        submitLabel={t("incoming.save")}
        busyLabel={t("incoming.saving")}
        submitTestId="incoming-save"
      />
    </form>
  );
}

function ReceiveForm({
  sku,
  delivery,
  onBack,
  onReceived,
}: {
  sku: SkuRowFragment;
  delivery: IncomingDeliveryFragment;
  onBack: () => void;
  onReceived: (result: RestockResult) => void;
}) {
  const { t } = useTranslation();
  const [quantityText, setQuantityText] = useState(String(delivery.remainingQuantity || ""));
  const { fieldErrors, setFieldErrors, formErrors, setFormErrors, show } = useErrors();
  const [receive, { loading }] = useReceiveIncomingStockMutation({
    update: (cache, { data }) => {
      if (data?.receiveIncomingStock.userErrors.length === 0) refreshAfterStockChange(cache, { orders: "all" });
    },
  });
  const parsed = parseQuantity(quantityText);
  const problem = parsed === null ? null : stockChangeProblem(parsed, sku.stock.onHand);
  const problemText =
    problem === "perChange"
      ? t("stockLimits.restockQuantity", { max: MAX_UNITS_PER_CHANGE })
      : problem === "onHand"
        ? t("stockLimits.onHand", { max: MAX_ON_HAND, code: sku.code, onHand: sku.stock.onHand })
        : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const quantity = problem ? null : parsed;
    setFieldErrors(quantity === null ? { quantity: problemText ?? t("incoming.quantityInvalid", { max: MAX_UNITS_PER_CHANGE }) } : {});
    setFormErrors([]);
    if (quantity === null) return;
    try {
      const result = (await receive({ variables: { id: delivery.id, quantity } })).data?.receiveIncomingStock;
      if (result?.sku && result.userErrors.length === 0) {
        onReceived({ sku: result.sku, quantity, ordersResumed: result.ordersResumed, ordersResumedCount: result.ordersResumedCount });
        return;
      }
      show(result?.userErrors ?? []);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("incoming.failed"))]);
    }
  }

  return (
    <form className="adjust-form" onSubmit={submit} noValidate data-testid="incoming-receive-form">
      <FormErrors errors={formErrors} />
      <Field
        label={t("incoming.receiveQuantity")}
        hint={t("incoming.receiveHint", { count: delivery.remainingQuantity })}
        error={problemText ?? fieldErrors.quantity}
        testId="incoming-receive-quantity"
      >
        {(control) => (
          <input
            {...control}
            className="input adjust-form__delta"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={quantityText}
            onChange={(event) => setQuantityText(event.target.value)}
            data-testid="incoming-receive-quantity"
          />
        )}
      </Field>
      <FormActions
        onCancel={onBack}
        cancelLabel={t("incoming.back")}
        busy={loading}
        submitLabel={t("incoming.receiveSubmit")}
        busyLabel={t("incoming.receiving")}
        submitTestId="incoming-receive-confirm"
      />
    </form>
  );
}

function CancelForm({ delivery, onBack, onCancelled }: { delivery: IncomingDeliveryFragment; onBack: () => void; onCancelled: (delivery: IncomingDeliveryFragment) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { formErrors, setFormErrors, show } = useErrors();
  const [cancel, { loading }] = useCancelIncomingStockMutation({
    update: (cache, { data }) => {
      if (data?.cancelIncomingStock.userErrors.length === 0) refreshAfterStockChange(cache, { orders: "all" });
    },
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormErrors([]);
    try {
      const result = (await cancel({ variables: { id: delivery.id } })).data?.cancelIncomingStock;
      if (result?.incomingStock && result.userErrors.length === 0) {
        onCancelled(result.incomingStock);
        return;
      }
      show(result?.userErrors ?? []);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("incoming.failed"))]);
    }
  }

  return (
    <form className="adjust-form" onSubmit={submit} noValidate data-testid="incoming-cancel-form">
      <FormErrors errors={formErrors} />
      <p>{t("incoming.cancelConfirm", { date: format.calendarDate(delivery.expectedOn) })}</p>
      <FormActions
        onCancel={onBack}
        cancelLabel={t("incoming.keep")}
        cancelAutoFocus
        tone="danger"
        busy={loading}
        submitLabel={t("incoming.cancelSubmit")}
        busyLabel={t("incoming.cancelling")}
        submitTestId="incoming-cancel-confirm"
      />
    </form>
  );
}
