// A small CAS 2.0 server: the stand-in for an organisation's identity provider in the single
// sign-on tests (Synapse's `cas_config` points at it). Three routes, as the protocol has them:
//   GET  /login?service=…          a sign-in form (user name, password)
//   POST /login                    right credentials: 302 to the service with `ticket=ST-…`;
//                                  wrong ones: the form again with an error (status 401)
//   GET  /proxyValidate?ticket&service  (also /serviceValidate) the XML `cas:serviceResponse`:
//                                  success with `cas:user` for a ticket issued for exactly that
//                                  service, once; failure otherwise (tickets are single-use).
// Built on node:http only; listens on 127.0.0.1.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type CasServer = {
  /** Base URL (Synapse's `cas_config.server_url`). */
  url: string;
  /** Tickets validated successfully so far (a test can see the homeserver asked). */
  validated(): number;
  stop(): Promise<void>;
};

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function form(service: string, error: string | null): string {
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Anmeldung beim Träger</title></head>
<body><main><h1>Anmeldung beim Träger</h1>
${error ? `<p role="alert">${escapeXml(error)}</p>` : ""}
<form method="post" action="/login">
<input type="hidden" name="service" value="${escapeXml(service)}">
<label for="username">Benutzername</label> <input id="username" name="username" autocomplete="username" required>
<label for="password">Kennwort</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Beim Träger anmelden</button>
</form></main></body></html>`;
}

function serviceResponse(inner: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">${inner}</cas:serviceResponse>`;
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Starts the CAS server with `users` (user name → password). `port` 0: any free port. */
export async function startCasServer(opts: { users: Record<string, string>; port?: number; displayNames?: Record<string, string> }): Promise<CasServer> {
  const tickets = new Map<string, { user: string; service: string }>();
  let validated = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://cas.invalid");
    const send = (status: number, type: string, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(text);
    };
    if (url.pathname === "/login" && req.method === "GET") {
      const service = url.searchParams.get("service");
      if (!service) return send(400, "text/plain; charset=utf-8", "service missing");
      return send(200, "text/html; charset=utf-8", form(service, null));
    }
    if (url.pathname === "/login" && req.method === "POST") {
      const f = await body(req);
      const service = f.get("service") ?? "";
      const user = f.get("username") ?? "";
      if (!/^https?:\/\//.test(service)) return send(400, "text/plain; charset=utf-8", "service missing");
      if (!Object.hasOwn(opts.users, user) || opts.users[user] !== f.get("password")) {
        return send(401, "text/html; charset=utf-8", form(service, "Benutzername oder Kennwort falsch."));
      }
      const ticket = `ST-${randomBytes(16).toString("hex")}`;
      tickets.set(ticket, { user, service });
      const target = new URL(service);
      target.searchParams.set("ticket", ticket);
      return send(302, "text/plain; charset=utf-8", "", { location: target.toString() });
    }
    if ((url.pathname === "/proxyValidate" || url.pathname === "/serviceValidate") && req.method === "GET") {
      const ticket = url.searchParams.get("ticket") ?? "";
      const issued = tickets.get(ticket);
      tickets.delete(ticket);
      if (!issued || issued.service !== url.searchParams.get("service")) {
        return send(200, "application/xml; charset=utf-8", serviceResponse(`<cas:authenticationFailure code="INVALID_TICKET">Ticket ${escapeXml(ticket.slice(0, 40))} not recognized</cas:authenticationFailure>`));
      }
      validated++;
      const name = opts.displayNames?.[issued.user];
      const attributes = name ? `<cas:attributes><cas:displayName>${escapeXml(name)}</cas:displayName></cas:attributes>` : "";
      return send(200, "application/xml; charset=utf-8", serviceResponse(`<cas:authenticationSuccess><cas:user>${escapeXml(issued.user)}</cas:user>${attributes}</cas:authenticationSuccess>`));
    }
    send(404, "text/plain; charset=utf-8", "not found");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    validated: () => validated,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
