export * from "./ApiError.ts";
export * from "./lotseApi.ts";
export type * from "./types.ts";
