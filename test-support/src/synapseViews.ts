// What Synapse itself says: room state as the bot sees it (client-server API with the AS token)
// and, from Synapse's own database, every room carrying a Lotse case marker.
import postgres from "postgres";

export async function botGet<T>(homeserverUrl: string, asToken: string, path: string): Promise<T> {
  const res = await fetch(`${homeserverUrl}${path}`, { headers: { authorization: `Bearer ${asToken}` } });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export async function botPost<T>(homeserverUrl: string, asToken: string, path: string, payload: unknown): Promise<T> {
  const res = await fetch(`${homeserverUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${asToken}`, "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export type StateEvent = { type: string; state_key: string; sender: string; content: Record<string, unknown> };

export async function roomState(homeserverUrl: string, asToken: string, roomId: string): Promise<StateEvent[]> {
  return botGet<StateEvent[]>(homeserverUrl, asToken, `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`);
}

/** caseId → room ids carrying `org.lotse.room` {caseId}, read from Synapse's database. */
export async function caseRoomsInSynapse(synapseDatabaseUrl: string): Promise<Map<string, string[]>> {
  const sql = postgres(synapseDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ room_id: string; json: string }[]>`
      select cse.room_id, ej.json
      from current_state_events cse join event_json ej using (event_id)
      where cse.type = 'org.lotse.room'`;
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const ev = JSON.parse(r.json) as { content?: { caseId?: unknown } };
      const caseId = ev.content?.caseId;
      if (typeof caseId !== "string") continue;
      out.set(caseId, [...(out.get(caseId) ?? []), r.room_id]);
    }
    return out;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
