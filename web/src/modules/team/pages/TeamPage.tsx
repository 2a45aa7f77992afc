import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { useHasRole } from "../../../app/roles";
import { DataTable, type DataColumn } from "../../../app/ui/DataTable";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { ListPageHeader } from "../../../app/ui/ListPage";
import "../team.css";
import { ErrorState } from "../../../app/ui/States";
import {
  type StaffRole,
  type TeamQuery,
  useChangeStaffRoleMutation,
  useCurrentUserQuery,
  useInviteStaffMutation,
  useRemoveStaffMutation,
  useTeamQuery,
} from "../../../generated/graphql";

type Member = TeamQuery["team"]["members"][number];
const ROLES: readonly StaffRole[] = ["OWNER", "MANAGER", "OPERATOR"];

/** Equipe: who works in the shop and with which role; OWNER changes roles and removes, MANAGER invites. */
export function TeamPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, refetch } = useTeamQuery({ fetchPolicy: "cache-and-network" });
  const me = useCurrentUserQuery().data?.me;
  const isOwner = useHasRole("OWNER");
  const mayInvite = useHasRole("MANAGER");
  const [changeRole] = useChangeStaffRoleMutation();
  const [removeStaff] = useRemoveStaffMutation();
  const [inviting, setInviting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const columns = useMemo<DataColumn<Member>[]>(() => {
    const base: DataColumn<Member>[] = [
      { id: "name", header: t("team.name"), cell: (m) => m.name },
      { id: "email", header: t("team.email"), cell: (m) => m.email },
      {
        id: "role",
        header: t("team.role"),
        cell: (m) =>
          isOwner && m.id !== me?.id ? (
            <select
              className="input"
              aria-label={t("team.roleOf", { name: m.name })}
              value={m.role}
              data-testid="team-role"
              onChange={async (event) => {
                const result = await changeRole({ variables: { staffUserId: m.id, role: event.target.value as StaffRole } });
                setProblem(result.data?.changeStaffRole.userErrors[0]?.message ?? null);
                await refetch();
              }}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          ) : (
            t(`roles.${m.role}`)
          ),
      },
    ];
    if (!isOwner) return base;
    return [
      ...base,
      {
        id: "actions",
        header: t("team.actions"),
        headerHidden: true,
        cell: (m) =>
          m.id === me?.id ? null : (
            <button
              type="button"
              className="button button--danger"
              data-testid="team-remove"
              onClick={async () => {
                if (!window.confirm(t("team.removeConfirm", { name: m.name }))) return;
                const result = await removeStaff({ variables: { staffUserId: m.id } });
                setProblem(result.data?.removeStaff.userErrors[0]?.message ?? null);
                await refetch();
              }}
            >
              {t("team.remove")}
            </button>
          ),
      },
    ];
  }, [t, isOwner, me?.id, changeRole, removeStaff, refetch]);

  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const invitations = data?.team.invitations ?? [];
  return (
    <section className="list-page" data-testid="team-page">
      <ListPageHeader
        title={t("team.title")}
        count={data ? t("team.count", { count: data.team.members.length }) : undefined}
        actions={
          mayInvite ? (
            <button type="button" className="button button--primary" onClick={() => setInviting(true)} data-testid="team-invite">
              {t("team.invite")}
            </button>
          ) : undefined
        }
      />
      {problem && (
        <p className="alert alert--danger" role="alert">
          {problem}
        </p>
      )}
      <DataTable columns={columns} rows={data?.team.members ?? null} rowId={(m) => m.id} rowAttributes={(m) => ({ "data-testid": "team-member", "data-email": m.email })} testId="team-table" />
      {invitations.length > 0 && (
        <section className="card" aria-labelledby="team-pending">
          <h2 id="team-pending">{t("team.pending")}</h2>
          <ul data-testid="team-invitations">
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} — {t(`roles.${i.role}`)} — {t("team.expires", { when: format.dateTime(i.expiresAt) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} onInvited={() => void refetch()} mayInviteOwner={isOwner} />
    </section>
  );
}

function InviteDialog({ open, onClose, onInvited, mayInviteOwner }: { open: boolean; onClose: () => void; onInvited: () => void; mayInviteOwner: boolean }) {
  const { t } = useTranslation();
  const [invite, { loading }] = useInviteStaffMutation();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StaffRole>("OPERATOR");
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim()) return setError(t("login.emailRequired"));
    try {
      const { data } = await invite({ variables: { email: email.trim(), role } });
      const refused = data?.inviteStaff.userErrors[0];
      if (refused) return setError(refused.code === "INVALID_EMAIL" ? t("team.invalidEmail") : refused.message);
      setEmail("");
      setError(undefined);
      onInvited();
      onClose();
    } catch {
      setError(t("accountLinks.failed"));
    }
  }

  return (
    <Dialog title={t("team.inviteTitle")} open={open} onClose={onClose} testId="invite-dialog">
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field label={t("login.email")} error={error} testId="invite-email">
          {(control) => <input {...control} className="input" type="email" value={email} onChange={(event) => setEmail(event.target.value)} data-autofocus data-testid="invite-email" />}
        </Field>
        <Field label={t("team.role")} testId="invite-role">
          {(control) => (
            <select {...control} className="input" value={role} onChange={(event) => setRole(event.target.value as StaffRole)} data-testid="invite-role">
              {ROLES.filter((r) => r !== "OWNER" || mayInviteOwner).map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="muted">{t("team.inviteHint")}</p>
        <button type="submit" className="button button--primary" disabled={loading} data-testid="invite-submit">
          {t("team.inviteSubmit")}
        </button>
      </form>
    </Dialog>
  );
}
