// Stand-in for @matrix-org/matrix-sdk-crypto-nodejs. The Lotse bridge never decrypts and never
// enables matrix-bot-sdk's crypto; any attempt to use it fails loudly instead of silently.
"use strict";
const fail = (name) =>
  new Proxy(function () {}, {
    construct() { throw new Error(`Lotse bridge: crypto is disabled (${name} used)`); },
    apply() { throw new Error(`Lotse bridge: crypto is disabled (${name} called)`); },
    get(_t, prop) { if (prop === "prototype") return {}; return undefined; },
  });
module.exports = new Proxy({}, { get: (_t, name) => (typeof name === "string" ? fail(name) : undefined) });
