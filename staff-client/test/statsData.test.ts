import { describe, expect, it } from "vitest";
import { byTopicCsv, groupsCsv, liveWaitsCsv, openByAgeCsv, plotValue, statisticsCsv, weeksOf } from "../src/statsData.ts";

const row = (week: string, opened: number | "< 5", p50: number | null = null) => ({ week, topicId: "*", opened, open: 0, waiting: 0, closed: 0, firstAnswerP50Minutes: p50, firstAnswerP90Minutes: null });

describe("statistics data", () => {
  it("lists every Monday of the period, also weeks without cases", () => {
    expect(weeksOf([row("2026-11-16", 7)], new Date("2026-11-04T12:00:00Z"), new Date("2026-11-25T00:00:00Z"))).toEqual(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
  });
  it("never plots a suppressed count as a number", () => {
    expect(plotValue(6)).toBe(6);
    expect(plotValue(0)).toBe(0);
    expect(plotValue("< 5")).toBeNull();
  });
  it("writes the shown numbers as CSV, suppressed counts as they are, missing weeks as zero", () => {
    expect(statisticsCsv(["2026-11-02", "2026-11-09"], [row("2026-11-09", "< 5", 95)])).toBe(
      "week;opened;open;unanswered;closed;first_answer_median_minutes;first_answer_p90_minutes\n2026-11-02;0;0;0;0;;\n2026-11-09;< 5;0;0;0;95;\n",
    );
  });
  it("writes each further plot's data as CSV, \"< 5\" as shown, names quoted where needed", () => {
    expect(openByAgeCsv([{ bucket: "under_1d", cases: "< 5" }, { bucket: "1d_2d", cases: 6 }])).toBe("age;open_cases\nunder_1d;< 5\n1d_2d;6\n");
    expect(byTopicCsv([{ topicId: "sucht", name: { de: "Sucht; Abhängigkeit", en: "Addiction" }, opened: 7, open: "< 5", closed: 5 }], "de")).toBe(
      'topic_id;topic;opened;open;closed\nsucht;"Sucht; Abhängigkeit";7;< 5;5\n',
    );
    expect(groupsCsv(["2026-11-02", "2026-11-09"], [{ week: "2026-11-09", sessions: 1, participants: "< 5", perSession: null }])).toBe(
      "week;sessions;participants;participants_per_session\n2026-11-02;0;0;\n2026-11-09;1;< 5;\n",
    );
    expect(liveWaitsCsv(["2026-11-02"], [{ week: "2026-11-02", chats: 7, taken: 6, notTaken: "< 5", waitP50Seconds: 210, waitP90Seconds: 330 }])).toBe(
      "week;live_chats;taken;not_taken;wait_median_seconds;wait_p90_seconds\n2026-11-02;7;6;< 5;210;330\n",
    );
  });
});
