export * from "./stack.ts";
export * from "./seedDemo.ts";
export * from "./matrixAdmin.ts";
export type { TestStackInfo } from "./testStackTypes.ts";
export { repoRoot, varDir } from "./paths.ts";
export * from "./children.ts";
export * from "./proc.ts";
