// Shared test helpers for every package's integration tests (API, bridge, the cross-service
// tests): a bridge child process, counselors in real Matrix clients (Rust crypto), fixtures written
// through the store, raw views of Synapse's state, pseudonyms with enough entropy, and the log
// scan's secret registry. Imported by name (`@lotse/test-support`), never by relative path.
export * from "./bridgeProcess.ts";
export * from "./counselorClient.ts";
export * from "./fixtures.ts";
export * from "./matrixClient.ts";
export * from "./pseudonyms.ts";
export * from "./secrets.ts";
export * from "./synapseViews.ts";
export * from "./wait.ts";
export * from "./poolRoom.ts";
export * from "./casServer.ts";
