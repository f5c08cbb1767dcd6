// Roles people hold on the platform. Counselors hold roles per agency (a person may counsel for
// several agencies); platform admins are listed separately. Pure data shared by API and bridge.

export const agencyRoles = ["counselor", "main_counselor", "supervisor", "group_moderator", "agency_admin"] as const;
export type AgencyRole = (typeof agencyRoles)[number];

export type PlatformRole = "platform_admin";
export type Role = AgencyRole | PlatformRole;

/** Roles whose holders form an agency's pool: invited to new case rooms and to the pool room. */
export const poolRoles: readonly AgencyRole[] = ["counselor", "main_counselor"];

export function isAgencyRole(value: string): value is AgencyRole {
  return (agencyRoles as readonly string[]).includes(value);
}
