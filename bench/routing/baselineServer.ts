// The baseline of `npm run bench:routing`: the same search over HTTP, answered the way the existing
// Caritas agency service does it — a plain SQL query per request (agencies ⋈ agency_topics with
// EXISTS over agency_postcode_ranges `from <= postcode AND to >= postcode`, i.e. BETWEEN, on the
// composite index (topic_id, from_postcode, to_postcode)). Same database, same data, same response
// shape as the skeleton's route ([{id, name, city}]), one query per request (no topic check); a bare node:http server (no framework, no
// logging), so the baseline is not slowed by anything but the query.
// Env: LOTSE_DATABASE_URL, PORT.
import { createServer } from "node:http";
import { createDb } from "../../store/src/index.ts";
import { findAgenciesFor } from "../../provisioning-api/src/repositories/catalogRepository.ts";

const db = createDb(process.env["LOTSE_DATABASE_URL"]!, { max: 10 });
const port = Number(process.env["PORT"]);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const topic = url.searchParams.get("topic") ?? "";
  const postcode = url.searchParams.get("postcode") ?? "";
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  if (url.pathname !== "/v1/agencies" || !/^[0-9]{5}$/.test(postcode)) return send(400, { errcode: "LOTSE_INVALID_INPUT", error: "bad query" });
  void (async () => {
    try {
      send(200, await findAgenciesFor(db.db, topic, postcode));
    } catch {
      send(500, { errcode: "LOTSE_INTERNAL", error: "Internal server error." });
    }
  })();
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => process.stderr.write(`baseline listening on ${port}\n`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void db.close().then(() => process.exit(0));
  });
}
