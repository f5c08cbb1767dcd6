import { describe, expect, it } from "vitest";
import {
  appointmentPhase,
  bookingWindow,
  decideBooking,
  defaultConsultationPolicy,
  localDate,
  nextFreeSlots,
  noShowAfter,
  oneOffSlotViolation,
  overlappingOccurrences,
  overlappingWeeklySlots,
  slotOccurrences,
  weeklySlotViolation,
  type WeeklySlot,
} from "../src/index.ts";

const anna = "c-anna";
const ben = "c-ben";
const monday17: WeeklySlot = { id: "mon17", weekday: 1, start: "17:00", minutes: 45, counselorId: anna };

describe("weekly slots across daylight saving time (Europe/Berlin)", () => {
  it("keep their wall time: 17:00 is 16:00 UTC in winter and 15:00 UTC in summer", () => {
    const occ = slotOccurrences({ weekly: [monday17], oneOff: [], blockedDates: [] }, new Date("2027-03-20T00:00:00Z"), new Date("2027-04-06T00:00:00Z"));
    expect(occ.map((o) => o.startsAt.toISOString())).toEqual(["2027-03-22T16:00:00.000Z", "2027-03-29T15:00:00.000Z", "2027-04-05T15:00:00.000Z"]);
    expect(occ.map((o) => o.key)).toEqual(["w:mon17:2027-03-22", "w:mon17:2027-03-29", "w:mon17:2027-04-05"]);
    expect(occ[0]!.endsAt.toISOString()).toBe("2027-03-22T16:45:00.000Z");
  });

  it("and back in autumn; a start in the skipped hour moves one hour later", () => {
    const autumn = slotOccurrences({ weekly: [monday17], oneOff: [], blockedDates: [] }, new Date("2027-10-25T00:00:00Z"), new Date("2027-11-02T00:00:00Z"));
    expect(autumn.map((o) => o.startsAt.toISOString())).toEqual(["2027-10-25T15:00:00.000Z", "2027-11-01T16:00:00.000Z"]);
    const sunday0230: WeeklySlot = { id: "sun", weekday: 7, start: "02:30", minutes: 30, counselorId: anna };
    const spring = slotOccurrences({ weekly: [sunday0230], oneOff: [], blockedDates: [] }, new Date("2027-03-27T00:00:00Z"), new Date("2027-03-29T00:00:00Z"));
    expect(spring.map((o) => o.startsAt.toISOString())).toEqual(["2027-03-28T01:30:00.000Z"]); // 03:30 CEST
  });

  it("skip blocked days and list one-off slots, sorted, once each", () => {
    const occ = slotOccurrences(
      { weekly: [monday17], oneOff: [{ id: "x", startsAt: new Date("2027-03-23T09:00:00Z"), minutes: 30, counselorId: ben }], blockedDates: ["2027-03-29"] },
      new Date("2027-03-20T00:00:00Z"),
      new Date("2027-04-06T00:00:00Z"),
    );
    expect(occ.map((o) => o.key)).toEqual(["w:mon17:2027-03-22", "o:x", "w:mon17:2027-04-05"]);
    expect(localDate(new Date("2027-03-28T23:30:00Z"), "Europe/Berlin")).toBe("2027-03-29");
  });
});

describe("slot rules", () => {
  it("refuses bad weekdays, times and lengths, and one-off slots in the past", () => {
    expect(weeklySlotViolation({ weekday: 8 as 1, start: "17:00", minutes: 30, counselorId: anna })?.field).toBe("weekday");
    expect(weeklySlotViolation({ weekday: 1, start: "24:00", minutes: 30, counselorId: anna })?.field).toBe("start");
    expect(weeklySlotViolation({ weekday: 1, start: "17:00", minutes: 5, counselorId: anna })?.field).toBe("minutes");
    expect(weeklySlotViolation({ weekday: 1, start: "17:00", minutes: 30, counselorId: anna })).toBeNull();
    const now = new Date("2027-01-10T12:00:00Z");
    expect(oneOffSlotViolation({ startsAt: new Date("2027-01-10T11:00:00Z"), minutes: 30, counselorId: anna }, now)?.message).toMatch(/past/);
    expect(oneOffSlotViolation({ startsAt: new Date("2027-01-11T11:00:00Z"), minutes: 30, counselorId: anna }, now)).toBeNull();
  });

  it("finds overlapping slots of one counselor, also across midnight and the week's end", () => {
    expect(overlappingWeeklySlots([monday17, { ...monday17, id: "b", start: "17:30" }])?.map((s) => s.id)).toEqual(["mon17", "b"]);
    expect(overlappingWeeklySlots([monday17, { ...monday17, id: "b", start: "17:45" }])).toBeNull();
    expect(overlappingWeeklySlots([monday17, { ...monday17, id: "b", counselorId: ben }])).toBeNull();
    const sundayLate: WeeklySlot = { id: "sun", weekday: 7, start: "23:30", minutes: 60, counselorId: anna };
    expect(overlappingWeeklySlots([sundayLate, { id: "mon0", weekday: 1, start: "00:15", minutes: 30, counselorId: anna }])).not.toBeNull();
    const occ = slotOccurrences({ weekly: [monday17], oneOff: [{ id: "x", startsAt: new Date("2027-03-22T16:30:00Z"), minutes: 30, counselorId: anna }], blockedDates: [] }, new Date("2027-03-20T00:00:00Z"), new Date("2027-03-27T00:00:00Z"));
    expect(overlappingOccurrences(occ)?.map((o) => o.key)).toEqual(["w:mon17:2027-03-22", "o:x"]);
  });
});

describe("booking", () => {
  const occ = slotOccurrences({ weekly: [monday17], oneOff: [], blockedDates: [] }, new Date("2027-03-20T00:00:00Z"), new Date("2027-04-06T00:00:00Z"));
  const first = occ[0]!;

  it("offers the next free occurrences only", () => {
    expect(nextFreeSlots(occ, new Set([first.key]), new Date("2027-03-21T00:00:00Z"), 5).map((o) => o.key)).toEqual(["w:mon17:2027-03-29", "w:mon17:2027-04-05"]);
    expect(nextFreeSlots(occ, new Set(), new Date("2027-03-22T16:00:00Z"), 1).map((o) => o.key)).toEqual(["w:mon17:2027-03-29"]);
  });

  it("refuses what is past, not offered, taken, a second open booking and too many a day", () => {
    const now = new Date("2027-03-21T00:00:00Z");
    const base = { occurrence: first, now, taken: false, openBookingsAtAgency: 0, bookingsToday: 0 };
    expect(decideBooking(base)).toEqual({ ok: true });
    expect(decideBooking({ ...base, occurrence: undefined })).toEqual({ ok: false, reason: "not_offered" });
    expect(decideBooking({ ...base, now: new Date("2027-03-22T16:00:00Z") })).toEqual({ ok: false, reason: "in_the_past" });
    expect(decideBooking({ ...base, taken: true })).toEqual({ ok: false, reason: "taken" });
    expect(decideBooking({ ...base, openBookingsAtAgency: 1 })).toEqual({ ok: false, reason: "open_booking_exists" });
    expect(decideBooking({ ...base, bookingsToday: defaultConsultationPolicy.maxBookingsPerDay })).toEqual({ ok: false, reason: "daily_limit" });
  });

  it("knows when an appointment is due, running and over, and when a no-show counts", () => {
    const at = (iso: string) => appointmentPhase(first, new Date(iso));
    expect(at("2027-03-22T15:44:00Z")).toBe("upcoming");
    expect(at("2027-03-22T15:45:00Z")).toBe("due_soon");
    expect(at("2027-03-22T16:00:00Z")).toBe("running");
    expect(at("2027-03-22T16:45:00Z")).toBe("over");
    expect(noShowAfter(first).toISOString()).toBe("2027-03-22T16:10:00.000Z");
    const w = bookingWindow(new Date("2027-03-01T00:00:00Z"));
    expect(w.to.getTime() - w.from.getTime()).toBe(defaultConsultationPolicy.bookingHorizonDays * 86_400_000);
  });
});

describe("the appointment's calendar file", () => {
  it("holds start, end, title and link in UTC, escaped, with CRLF lines", async () => {
    const { appointmentIcs } = await import("../src/index.ts");
    const ics = appointmentIcs({
      uid: "b1@lotse",
      startsAt: new Date("2027-03-22T16:00:00Z"),
      endsAt: new Date("2027-03-22T16:45:00Z"),
      title: "Chat-Termin, Beratung; Köln",
      url: "https://beratung.example/#termine",
      now: new Date("2027-03-01T10:00:00.123Z"),
    });
    expect(ics.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lotse//Online-Beratung//DE", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
      "UID:b1@lotse", "DTSTAMP:20270301T100000Z", "DTSTART:20270322T160000Z", "DTEND:20270322T164500Z",
      "SUMMARY:Chat-Termin\\, Beratung\\; Köln", "URL:https://beratung.example/#termine", "END:VEVENT", "END:VCALENDAR", "",
    ]);
  });
});

describe("the counselor's notice before an appointment", () => {
  it("says when and which case in German, on the clock of the policy's time zone", async () => {
    const { appointmentNoticeText } = await import("../src/index.ts");
    expect(
      appointmentNoticeText({ caseNumber: 12, startsAt: new Date("2027-03-29T15:00:00Z"), endsAt: new Date("2027-03-29T15:45:00Z"), now: new Date("2027-03-29T14:45:00Z") }),
    ).toBe("Chat-Termin in 15 Minuten: **Fall 12**, 17:00–17:45 Uhr. Der Fallraum ist bereit.");
  });
});
