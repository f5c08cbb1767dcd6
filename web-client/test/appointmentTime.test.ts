// Chat appointments in words, in each language and in the platform's time zone.
import { describe, expect, it } from "vitest";
import type { Booking } from "../src/api/types.ts";
import { bookingPhaseInWords, isActiveBooking, slotInWords } from "../src/domain/appointmentTime.ts";
import { messagesFor } from "../src/i18n/messages.ts";

// 8 December 2026 is a Tuesday; 15:00 UTC is 16:00 in Berlin (winter time).
const slot = { key: "k", startsAt: "2026-12-08T15:00:00.000Z", endsAt: "2026-12-08T15:45:00.000Z", timeZone: "Europe/Berlin" };

function booking(patch: Partial<Booking>): Booking {
  return { bookingId: "b", agencyId: "a", caseId: "c", startsAt: slot.startsAt, endsAt: slot.endsAt, phase: "upcoming", counselorThere: false, status: "booked", remindByEmail: false, ...patch };
}

describe("slotInWords", () => {
  it("says weekday, date and times in German, in the platform's time zone", () => {
    expect(slotInWords(slot, "de-sie", messagesFor("de-sie"))).toBe("Dienstag, 8. Dezember, 16:00–16:45 Uhr");
    expect(slotInWords(slot, "de-du", messagesFor("de-du"))).toBe("Dienstag, 8. Dezember, 16:00–16:45 Uhr");
  });

  it("in English", () => {
    expect(slotInWords(slot, "en", messagesFor("en"))).toBe("Tuesday 8 December, 16:00–16:45");
  });

  it("follows the time zone the API names (and Berlin when it names none)", () => {
    expect(slotInWords({ ...slot, timeZone: "Europe/London" }, "de-sie", messagesFor("de-sie"))).toBe("Dienstag, 8. Dezember, 15:00–15:45 Uhr");
    const { timeZone: _tz, ...noZone } = slot;
    expect(slotInWords(noZone, "de-sie", messagesFor("de-sie"))).toBe("Dienstag, 8. Dezember, 16:00–16:45 Uhr");
    // Summer time: 14:00 UTC is 16:00 in Berlin.
    expect(slotInWords({ ...slot, startsAt: "2026-07-07T14:00:00.000Z", endsAt: "2026-07-07T14:30:00.000Z" }, "de-sie", messagesFor("de-sie"))).toBe(
      "Dienstag, 7. Juli, 16:00–16:30 Uhr",
    );
  });
});

describe("bookingPhaseInWords", () => {
  const t = messagesFor("de-sie");
  it("upcoming: the day and time", () => {
    expect(bookingPhaseInWords(booking({}), "de-sie", t)).toEqual({ text: "Ihr Termin ist am Dienstag, 8. Dezember um 16:00 Uhr.", presence: null, tone: "waiting" });
  });
  it("due soon, running with and without the counselor, over, cancelled", () => {
    expect(bookingPhaseInWords(booking({ phase: "due_soon" }), "de-sie", t).text).toBe("Ihr Termin beginnt in wenigen Minuten.");
    expect(bookingPhaseInWords(booking({ phase: "running" }), "de-sie", t)).toMatchObject({ text: "Ihr Termin läuft jetzt.", presence: "Ihre Beraterin/Ihr Berater ist noch nicht da." });
    expect(bookingPhaseInWords(booking({ phase: "running", counselorThere: true }), "de-sie", t).presence).toBe("Ihre Beraterin/Ihr Berater ist da.");
    expect(bookingPhaseInWords(booking({ phase: "over" }), "de-sie", t).tone).toBe("done");
    expect(bookingPhaseInWords(booking({ status: "cancelled" }), "de-sie", t).text).toBe("Abgesagt");
  });
  it("in English", () => {
    expect(bookingPhaseInWords(booking({}), "en", messagesFor("en")).text).toBe("Your appointment is on Tuesday 8 December at 16:00.");
  });
  it("only booked appointments that are not over are active", () => {
    expect(isActiveBooking(booking({}))).toBe(true);
    expect(isActiveBooking(booking({ phase: "over" }))).toBe(false);
    expect(isActiveBooking(booking({ status: "cancelled" }))).toBe(false);
  });
});
