// An agency admin's team: who works at the agency in which roles; add a person by Matrix ID (the
// bridge then invites them to the pool room); remove a person after seeing what happens to their
// open cases. The admin API decides who may do this (agency admins for their own agencies only).
import { useEffect, useState } from "preact/hooks";
import { type AgencyRole, agencyRoles, type Member, type StaffApi, StaffApiError, type StaffSession } from "../api.ts";
import { type Lang, texts } from "../i18n.ts";

type Props = { api: StaffApi; session: StaffSession; agencyId: string; lang: Lang; onExpired(): void };

export function Team({ api, session, agencyId, lang, onExpired }: Props) {
  const t = texts[lang];
  const [agencyName, setAgencyName] = useState("");
  const [members, setMembers] = useState<Member[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [matrixId, setMatrixId] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<AgencyRole>("counselor");
  const [confirm, setConfirm] = useState<{ member: Member; cases: number[] } | null>(null);

  const fail = (err: unknown, words?: string) => {
    if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
    setError(words ?? t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
  };
  const load = async () => {
    try {
      const [agency, list] = await Promise.all([api.agency(session, agencyId), api.members(session, agencyId)]);
      setAgencyName(agency.name);
      setMembers(list);
    } catch (err) {
      fail(err);
    }
  };
  useEffect(() => {
    void load();
  }, [agencyId, session.token]);

  const rolesHere = (m: Member) => m.memberships.filter((x) => x.agencyId === agencyId).map((x) => x.role);
  const roleWord = (r: string) => (agencyRoles as readonly string[]).includes(r) ? t.role[r as AgencyRole] : r;

  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    const id = matrixId.trim();
    try {
      await api.addMember(session, agencyId, { matrixUserId: id, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
      setStatus(t.added(id));
      setMatrixId("");
      setDisplayName("");
      await load();
    } catch (err) {
      fail(err, err instanceof StaffApiError && err.kind === "refused" ? t.addRefused(err.detail) : undefined);
    }
  };
  const askRemove = async (member: Member) => {
    setError(null);
    setStatus(null);
    try {
      const open = await api.openCasesOf(session, agencyId, member.id);
      setConfirm({ member, cases: open.cases.map((c) => c.caseNumber) });
    } catch (err) {
      fail(err);
    }
  };
  const remove = async () => {
    if (!confirm) return;
    const { member } = confirm;
    try {
      for (const r of rolesHere(member)) await api.removeRole(session, agencyId, member.id, r);
      setStatus(t.removed(member.displayName));
      setConfirm(null);
      await load();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <>
      <div aria-live="polite" class="live">
        {status && <p class="notice">{status}</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <section aria-labelledby="team-h" class="card">
        <h2 id="team-h">{t.teamHeading(agencyName)}</h2>
        {members !== null && (
          <table aria-labelledby="team-h">
            <thead>
              <tr>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.colMatrixId}</th>
                <th scope="col">{t.colRoles}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id} data-member={m.matrixUserId}>
                  <th scope="row">{m.displayName}</th>
                  <td>{m.matrixUserId}</td>
                  <td>{rolesHere(m).map(roleWord).join(", ")}</td>
                  <td class="actions">
                    {m.matrixUserId !== session.userId && (
                      <button type="button" class="secondary" aria-label={t.removeLabel(m.displayName)} onClick={() => void askRemove(m)}>
                        {t.removeButton}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {confirm && (
          <div role="alertdialog" aria-labelledby="confirm-h" aria-describedby="confirm-d" class="confirm">
            <h3 id="confirm-h">{t.removeConfirmHeading(confirm.member.displayName)}</h3>
            <p id="confirm-d">{t.removeConsequence(confirm.member.displayName, confirm.cases)}</p>
            <button type="button" onClick={() => void remove()}>
              {t.removeConfirm}
            </button>{" "}
            <button type="button" class="secondary" onClick={() => setConfirm(null)}>
              {t.removeCancel}
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby="add-h" class="card">
        <h2 id="add-h">{t.addHeading}</h2>
        <form onSubmit={add}>
          <label for="new-id">{t.colMatrixId}</label>
          <input id="new-id" required value={matrixId} aria-describedby="new-id-hint" onInput={(e) => setMatrixId(e.currentTarget.value)} />
          <p id="new-id-hint" class="hint">
            {t.matrixIdHint}
          </p>
          <label for="new-name">{t.displayNameLabel}</label>
          <input id="new-name" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
          <label for="new-role">{t.roleLabel}</label>
          <select id="new-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as AgencyRole)}>
            {agencyRoles.map((r) => (
              <option key={r} value={r}>
                {t.role[r]}
              </option>
            ))}
          </select>
          <div>
            <button type="submit">{t.addButton}</button>
          </div>
        </form>
      </section>
    </>
  );
}
