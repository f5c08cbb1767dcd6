// Synapse's configuration, generated in code (never hand-edited): homeserver.yaml, the
// appservice registration and the log config. Pure functions; the runner writes the files.
// JSON is valid YAML, so the files are written as JSON.
import { defaultPlatformPolicy, type PlatformPolicy } from "@lotse/policies";

export type SynapseConfigInput = {
  serverName: string;
  port: number;
  /** Directory holding Synapse's data (media, pid) as Synapse sees it (inside the chroot or container). */
  dataPath: string;
  /** Directory holding the generated config files and signing key; defaults to dataPath. */
  configPath?: string;
  /** Log to stderr (containers) instead of a rotating file in dataPath. */
  logToConsole?: boolean;
  publicBaseUrl: string;
  database: { host: string; port: number; user: string; password: string; database: string };
  appservice: { url: string; asToken: string; hsToken: string; senderLocalpart: string; userPrefix: string };
  registrationSharedSecret: string;
  macaroonSecretKey: string;
  formSecret: string;
  /** Raise every rate limit: for test runs only, never for a real deployment. */
  testRateLimits: boolean;
  /** Address of the plain HTTP listener (default 127.0.0.1). */
  bindAddress?: string;
  /**
   * A separate TLS listener for federation (multi-homeserver tests). Paths as Synapse sees them.
   * `trustedCaPath` replaces the system CAs for outgoing federation; `allowLoopback` lifts Synapse's
   * block on loopback addresses — both for test homeservers on 127.0.0.x only.
   */
  federationTls?: {
    bindAddress: string;
    port: number;
    certPath: string;
    keyPath: string;
    trustedCaPath: string;
    allowLoopback: boolean;
  };
  logLevel?: "DEBUG" | "INFO" | "WARNING";
  /**
   * The TURN server for calls (coturn, scripts/src/coturn.ts): Synapse hands signed-in users
   * short-lived credentials for these URIs, derived from the shared secret.
   */
  turn?: { uris: string[]; sharedSecret: string };
  /**
   * Seekers' upload limits (the platform policy's `media` section; default: the policy's
   * defaults), enforced by the seeker guard module.
   */
  seekerMedia?: SeekerMediaLimits;
  /**
   * Single sign-on through a CAS server (Synapse's `cas_config`): people log in at the
   * organisation's identity provider; a CAS user name becomes the Matrix localpart (an existing
   * user of that localpart is taken over). `clientWhitelist`: where Synapse may send a login token
   * without its "Continue to …" confirmation page (the staff console's address). Only the single
   * sign-on test sets this; the shared test stack and `npm start` have none.
   */
  sso?: { cas: { serverUrl: string; idpName: string }; clientWhitelist: string[] };
};

/** The seeker guard module's media settings, from the platform policy's `media` section. */
export type SeekerMediaLimits = { maxFileBytes: number; dailyBytes: number; fileRoomKinds: string[] };

/** The operator's policy (LOTSE_POLICY_FILE) as the homeserver's seeker guard needs it. */
export function seekerMediaFromPolicy(policy: PlatformPolicy): SeekerMediaLimits {
  return {
    maxFileBytes: policy.media.seekerMaxFileBytes,
    dailyBytes: policy.media.seekerDailyBytes,
    fileRoomKinds: [...policy.media.attachmentRoomKinds],
  };
}

const defaultSeekerMedia = seekerMediaFromPolicy(defaultPlatformPolicy);

/** The appservice registration's id; the seeker guard lets only its token name seekers. */
const APPSERVICE_ID = "lotse";

/** Python module name of the seeker guard (file scripts/synapse/lotse_seeker_guard.py). */
export const SEEKER_GUARD_MODULE = "lotse_seeker_guard";

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function appserviceRegistration(input: SynapseConfigInput) {
  const server = escapeRegex(input.serverName);
  const prefix = escapeRegex(input.appservice.userPrefix);
  return {
    id: APPSERVICE_ID,
    url: input.appservice.url,
    as_token: input.appservice.asToken,
    hs_token: input.appservice.hsToken,
    sender_localpart: input.appservice.senderLocalpart,
    rate_limited: false,
    namespaces: {
      users: [{ exclusive: true, regex: `@${prefix}.*:${server}` }],
      aliases: [{ exclusive: true, regex: `#${prefix}.*:${server}` }],
      rooms: [],
    },
  };
}

const HIGH = { per_second: 10_000, burst_count: 100_000 };

export function homeserverConfig(input: SynapseConfigInput): Record<string, unknown> {
  const d = input.dataPath;
  const c = input.configPath ?? d;
  const config: Record<string, unknown> = {
    server_name: input.serverName,
    public_baseurl: input.publicBaseUrl,
    pid_file: `${d}/homeserver.pid`,
    report_stats: false,
    listeners: [
      {
        port: input.port,
        bind_addresses: [input.bindAddress ?? "127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["client", "federation"], compress: false }],
      },
      ...(input.federationTls
        ? [
            {
              port: input.federationTls.port,
              bind_addresses: [input.federationTls.bindAddress],
              type: "http",
              tls: true,
              x_forwarded: false,
              resources: [{ names: ["federation", "keys", "openid"], compress: false }],
            },
          ]
        : []),
    ],
    database: {
      name: "psycopg2",
      args: { ...input.database, cp_min: 1, cp_max: 10 },
    },
    log_config: `${c}/log.config`,
    media_store_path: `${d}/media_store`,
    signing_key_path: `${c}/signing.key`,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    // Registration is closed; only the appservice registers users (seekers) in its namespace,
    // and operators add counselors with the shared secret.
    enable_registration: false,
    registration_shared_secret: input.registrationSharedSecret,
    macaroon_secret_key: input.macaroonSecretKey,
    form_secret: input.formSecret,
    app_service_config_files: [`${c}/appservice.yaml`],
    // Privacy: no presence, no URL previews (the server would fetch what people write),
    // no public room directory over federation, no user directory (nobody finds a seeker, seekers
    // find nobody; the bot does every invitation), profiles only for people who share a room and
    // only when signed in, no per-room names (a pseudonym is checked once, globally), client IPs
    // kept one day.
    presence: { enabled: false },
    url_preview_enabled: false,
    allow_public_rooms_over_federation: false,
    allow_public_rooms_without_auth: false,
    user_directory: { enabled: false },
    require_auth_for_profile_requests: true,
    limit_profile_requests_to_users_who_share_rooms: true,
    allow_per_room_profiles: false,
    enable_3pid_lookup: false,
    user_ips_max_age: "1d",
    allow_device_name_lookup_over_federation: false,
    enable_metrics: false,
    default_room_version: "12",
    ...(input.federationTls
      ? {
          tls_certificate_path: input.federationTls.certPath,
          tls_private_key_path: input.federationTls.keyPath,
          federation_custom_ca_list: [input.federationTls.trustedCaPath],
          federation_verify_certificates: true,
          ...(input.federationTls.allowLoopback ? { ip_range_whitelist: ["127.0.0.0/8"] } : {}),
          // Test homeservers go down and come back within seconds; retry them accordingly.
          ...(input.testRateLimits
            ? { federation: { destination_min_retry_interval: "1s", destination_retry_multiplier: 1.5, destination_max_retry_interval: "5s" } }
            : {}),
        }
      : {}),
    // "invite", not "all": private rooms (DMs, private_chat) are encrypted by default, while the
    // bridge can still create the unencrypted pool rooms (public_chat preset, join rule invite)
    // whose commands it must read — it never decrypts. Platform rooms set encryption explicitly.
    encryption_enabled_by_default_for_room_type: "invite",
    // Seekers exist only inside platform rooms (issue 7; the bridge's guard/SeekerGuard.ts undoes
    // what they create or accept): seekers may neither create room aliases nor publish a room in
    // the directory (nobody may publish: no rule allows it).
    alias_creation_rules: [
      { user_id: `@${input.appservice.userPrefix}*`, alias: "*", room_id: "*", action: "deny" },
      { user_id: "*", alias: "*", room_id: "*", action: "allow" },
    ],
    room_list_publication_rules: [{ user_id: `@${input.appservice.userPrefix}*`, alias: "*", room_id: "*", action: "deny" }],
    // The homeserver's half of "seekers exist only inside platform rooms": no room creation, no
    // invitations, no invitation into or join of a room the bot did not build for seekers; seekers
    // keep the name the API registered and have no avatar; their uploads are limited.
    // scripts/synapse/lotse_seeker_guard.py, put next to the config (on PYTHONPATH) by every runner.
    modules: [
      {
        module: `${SEEKER_GUARD_MODULE}.LotseSeekerGuard`,
        config: {
          user_prefix: input.appservice.userPrefix,
          server_name: input.serverName,
          bot_localpart: input.appservice.senderLocalpart,
          appservice_id: APPSERVICE_ID,
          seeker_media_max_bytes: (input.seekerMedia ?? defaultSeekerMedia).maxFileBytes,
          seeker_media_daily_bytes: (input.seekerMedia ?? defaultSeekerMedia).dailyBytes,
          seeker_file_room_kinds: (input.seekerMedia ?? defaultSeekerMedia).fileRoomKinds,
        },
      },
    ],
  };
  if (input.turn) {
    Object.assign(config, {
      turn_uris: input.turn.uris,
      turn_shared_secret: input.turn.sharedSecret,
      // Credentials live an hour (a call that outlasts them keeps its allocation alive).
      turn_user_lifetime: "1h",
      turn_allow_guests: false,
    });
  }
  if (input.sso) {
    Object.assign(config, {
      cas_config: { enabled: true, server_url: input.sso.cas.serverUrl, idp_name: input.sso.cas.idpName, displayname_attribute: "displayName" },
      sso: { client_whitelist: input.sso.clientWhitelist },
    });
  }
  if (input.testRateLimits) {
    Object.assign(config, {
      rc_message: HIGH,
      rc_registration: HIGH,
      rc_registration_token_validity: HIGH,
      rc_login: { address: HIGH, account: HIGH, failed_attempts: HIGH },
      rc_admin_redaction: HIGH,
      rc_joins: { local: HIGH, remote: HIGH },
      rc_joins_per_room: HIGH,
      rc_invites: { per_room: HIGH, per_user: HIGH, per_issuer: HIGH },
      rc_3pid_validation: HIGH,
      rc_key_requests: HIGH,
      rc_room_creation: HIGH,
      rc_presence: { per_user: HIGH },
      rc_delayed_event_mgmt: HIGH,
      rc_reports: HIGH,
    });
  }
  return config;
}

export function logConfig(input: SynapseConfigInput): Record<string, unknown> {
  return {
    version: 1,
    formatters: { precise: { format: "%(asctime)s %(name)s %(levelname)s %(request)s %(message)s" } },
    handlers: input.logToConsole
      ? { console: { class: "logging.StreamHandler", formatter: "precise", filters: ["context"] } }
      : {
          file: {
            class: "logging.handlers.RotatingFileHandler",
            formatter: "precise",
            filename: `${input.dataPath}/homeserver.log`,
            maxBytes: 20_000_000,
            backupCount: 2,
            filters: ["context"],
            encoding: "utf8",
          },
        },
    filters: { context: { "()": "synapse.logging.context.LoggingContextFilter", request: "" } },
    loggers: { "synapse.storage.SQL": { level: "WARNING" } },
    root: { level: input.logLevel ?? "INFO", handlers: [input.logToConsole ? "console" : "file"] },
    disable_existing_loggers: false,
  };
}
