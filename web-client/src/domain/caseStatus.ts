// How a case's status reads for the seeker.
import type { CaseStatusValue } from "../api/types.ts";

export type StatusLabel = { label: string; tone: "waiting" | "active" | "closed" };

export function caseStatusLabel(status: CaseStatusValue): StatusLabel {
  switch (status) {
    case "new":
      return { label: "Wartet auf eine Beraterin oder einen Berater", tone: "waiting" };
    case "in_progress":
      return { label: "In Beratung", tone: "active" };
    case "closed":
      return { label: "Abgeschlossen", tone: "closed" };
    case "archived":
      return { label: "Abgeschlossen und archiviert", tone: "closed" };
    default:
      return { label: "In Bearbeitung", tone: "waiting" };
  }
}
