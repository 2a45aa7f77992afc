import { NetworkStatus } from "@apollo/client";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useListSearchParam } from "../../../app/url-state";
import { ListPageBody, ListPageHeader } from "../../../app/ui/ListPage";
import { EmptyState } from "../../../app/ui/States";
import { useCustomerMessagesQuery, type CustomerMessageStatus, type MessageKind } from "../../../generated/graphql";
import { MessagesTable } from "../components/MessagesTable";
import { useMessageKindLabel } from "../components/MessageStatusBadge";
import { MESSAGE_KINDS, MESSAGE_STATUSES } from "../message-values";

const PAGE_SIZE = 25;

/** /messages?status=FAILED&kind=STOCK_DELAY — what customers were sent (or will be), filters in the URL. */
export function MessagesPage() {
  const { t } = useTranslation();
  const kindLabel = useMessageKindLabel();
  const [, setSearchParams] = useSearchParams();
  const [statuses, setStatuses] = useListSearchParam("status", MESSAGE_STATUSES);
  const [kinds, setKinds] = useListSearchParam("kind", MESSAGE_KINDS);
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useCustomerMessagesQuery({
    variables: { first: PAGE_SIZE, filter: { status: statuses.length ? statuses : undefined, kind: kinds.length ? kinds : undefined } },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: "cache-and-network",
  });
  const connection = (data ?? previousData)?.customerMessages;
  const stale = !data && !!previousData;
  const filtered = statuses.length > 0 || kinds.length > 0;
  const toggle = <T extends string>(all: readonly T[], selected: T[], value: T) =>
    selected.includes(value) ? selected.filter((s) => s !== value) : all.filter((c) => c === value || selected.includes(c));

  return (
    <section className="list-page">
      <ListPageHeader
        title={t("messages.title")}
        count={connection ? t("messages.count", { count: connection.totalCount }) : undefined}
        actions={
          <button type="button" className="button" onClick={() => void refetch()} data-testid="messages-refresh">
            {t("messages.refresh")}
          </button>
        }
      />
      <p className="muted">{t("messages.explanation")}</p>
      <div className="card">
        <div className="list-toolbar">
          <fieldset className="chips" data-testid="message-status-filter">
            <legend>{t("messages.statusFilter")}</legend>
            {MESSAGE_STATUSES.map((status: CustomerMessageStatus) => (
              <button key={status} type="button" className="chip" aria-pressed={statuses.includes(status)} onClick={() => setStatuses(toggle(MESSAGE_STATUSES, statuses, status))} data-status={status}>
                {t(`messageStatus.${status}`)}
              </button>
            ))}
          </fieldset>
          <fieldset className="chips" data-testid="message-kind-filter">
            <legend>{t("messages.kindFilter")}</legend>
            {MESSAGE_KINDS.map((kind: MessageKind) => (
              <button key={kind} type="button" className="chip" aria-pressed={kinds.includes(kind)} onClick={() => setKinds(toggle(MESSAGE_KINDS, kinds, kind))} data-kind={kind}>
                {kindLabel(kind)}
              </button>
            ))}
          </fieldset>
          {filtered && (
            <button type="button" className="button button--ghost button--small list-toolbar__clear" onClick={() => setSearchParams(new URLSearchParams())}>
              {t("common.clearFilters")}
            </button>
          )}
        </div>
        <ListPageBody
          connection={connection}
          failed={!!error && !connection}
          onRetry={() => void refetch()}
          empty={
            <EmptyState title={t("messages.emptyTitle")}>{filtered ? t("messages.emptyFiltered") : t("messages.emptyAll")}</EmptyState>
          }
          loadingMore={networkStatus === NetworkStatus.fetchMore}
          onLoadMore={(after) => void fetchMore({ variables: { after } })}
        >
          <MessagesTable messages={connection?.nodes ?? null} stale={stale} />
        </ListPageBody>
      </div>
    </section>
  );
}
