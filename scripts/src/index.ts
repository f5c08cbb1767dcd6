export * from "./stack.ts";
export * from "./seedDemo.ts";
export * from "./matrixAdmin.ts";
export type { TestStackInfo } from "./testStackTypes.ts";
export { instanceDir, repoRoot, varDir } from "./paths.ts";
export { backup, restore } from "./backup.ts";
export { ConfigInputError, newSigningKey, renderProductionConfig, SYNAPSE_METRICS_PORT, WORKERS } from "./renderConfig.ts";
export * from "./children.ts";
export * from "./proc.ts";
