// Consultation hours and bookings (live counseling). Seekers see an agency's next free slots
// without signing in, book one with their account (the case is created or reused with the slot's
// counselor assigned), list and cancel their bookings and download an .ics file. Staff publish
// slots — agency admins for everyone of their agency, counselors their own — and block days.
// Rules and races: @lotse/store domain/consultation.ts and policies/src/consultationHours.ts.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { appointmentIcs, appointmentPhase, type BookingRefusal, type ConsultationPolicy, defaultPlatformPolicy, type SlotOccurrence } from "@lotse/policies";
import {
  addConsultationSlot,
  blockConsultationDay,
  bookConsultation,
  bookingsOfSeeker,
  cancelBooking,
  consultationPlan,
  type ConsultationFailure,
  consultationSlots,
  freeConsultationSlots,
  removeConsultationSlot,
  unblockConsultationDay,
  writeAudit,
} from "@lotse/store";
import { and, eq } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode, errMessage } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { assertCanAdministerAgency, hasAgencyRole, isPlatformAdmin, requireStaff, type StaffPrincipal } from "../plugins/staffAuth.ts";
import { agencyServesTopic, findAgency } from "../repositories/catalogRepository.ts";
import { findSeekerById } from "../repositories/seekersRepository.ts";
import { bearerSecurity, ErrorSchema, TopicIdSchema } from "./sharedSchemas.ts";

const Uuid = Type.String({ format: "uuid" });
const SlotSchema = Type.Object({
  key: Type.String({ description: "Names this occurrence; book it with this key" }),
  startsAt: Type.String({ format: "date-time" }),
  endsAt: Type.String({ format: "date-time" }),
  timeZone: Type.String({ description: "IANA time zone of the consultation hours, for saying the time in words (e.g. Europe/Berlin)" }),
});
const BookingSchema = Type.Object({
  bookingId: Uuid,
  agencyId: Uuid,
  caseId: Uuid,
  startsAt: Type.String({ format: "date-time" }),
  endsAt: Type.String({ format: "date-time" }),
  phase: Type.Union([Type.Literal("upcoming"), Type.Literal("due_soon"), Type.Literal("running"), Type.Literal("over")], {
    description: "Where the appointment stands now: due_soon from the counselor's notice on, running from the start to the end",
  }),
  counselorThere: Type.Boolean({ description: "The counselor has come into the case room for this appointment (for the running appointment's view)" }),
  timeZone: Type.String({ description: "IANA time zone of the consultation hours, for saying the time in words" }),
  status: Type.String({ description: "booked | cancelled | held | no_show_seeker | no_show_counselor | no_show_both (held and no-shows are recorded after the grace period)" }),
  remindByEmail: Type.Boolean(),
});
const RefusalSchema = Type.Object(
  { errcode: Type.String(), error: Type.String(), nextSlots: Type.Array(SlotSchema) },
  { description: "A refused booking: the typed error and the next free slots to choose instead" },
);
const SlotBody = Type.Union([
  Type.Object({
    counselorId: Uuid,
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: "ISO weekday: 1 Monday … 7 Sunday" }),
    start: Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description: "Local start time HH:MM (the policy's time zone)" }),
    minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  }),
  Type.Object({ counselorId: Uuid, startsAt: Type.String({ format: "date-time" }), minutes: Type.Integer({ minimum: 1, maximum: 1440 }) }),
]);
const DayParam = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Local date YYYY-MM-DD" });

const slotView = (o: SlotOccurrence, timeZone: string) => ({ key: o.key, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString(), timeZone });
const bookingJson = (
  b: { bookingId: string; agencyId: string; caseId: string; startsAt: Date; endsAt: Date; status: string; remindByEmail: boolean; counselorThere: boolean },
  now: Date,
  policy: ConsultationPolicy,
) => ({
  phase: appointmentPhase(b, now, policy),
  counselorThere: b.counselorThere,
  bookingId: b.bookingId,
  agencyId: b.agencyId,
  caseId: b.caseId,
  startsAt: b.startsAt.toISOString(),
  endsAt: b.endsAt.toISOString(),
  timeZone: policy.timeZone,
  status: b.status,
  remindByEmail: b.remindByEmail,
});

/** A refused booking as its typed error: status and errcode. */
const refusal: Record<BookingRefusal, { status: 409 | 429; errcode: ErrCode; error: string }> = {
  taken: { status: 409, errcode: ErrCode.SlotTaken, error: errMessage[ErrCode.SlotTaken] },
  not_offered: { status: 409, errcode: ErrCode.SlotUnavailable, error: errMessage[ErrCode.SlotUnavailable] },
  in_the_past: { status: 409, errcode: ErrCode.SlotUnavailable, error: "This appointment time has already begun." },
  open_booking_exists: { status: 409, errcode: ErrCode.Conflict, error: "You already have an appointment with this agency; cancel it first to choose another." },
  daily_limit: { status: 429, errcode: ErrCode.RateLimited, error: "You have made as many bookings today as allowed; please try again tomorrow." },
};

function consultationError(f: ConsultationFailure): ApiError {
  switch (f.error) {
    case "invalid_input":
      return new ApiError(ErrCode.InvalidInput, f.field ? `${f.field}: ${f.message}` : f.message);
    case "overlap":
      return new ApiError(ErrCode.Conflict, f.message);
    case "not_member":
      return new ApiError(ErrCode.InvalidInput, f.message);
    case "not_found":
      return new ApiError(ErrCode.NotFound, f.message);
  }
}

/** Agency admins (and platform admins) manage everyone's hours; a counselor only their own. */
function assertMayManageHours(staff: StaffPrincipal, agencyId: string, counselorId: string | null): void {
  if (isPlatformAdmin(staff) || hasAgencyRole(staff, agencyId, "agency_admin")) return;
  if (counselorId !== null && staff.counselorId === counselorId && hasAgencyRole(staff, agencyId)) return;
  throw new ApiError(ErrCode.Forbidden, "You may manage only your own consultation hours in this agency.");
}

export const consultationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const policy = (deps.policy ?? defaultPlatformPolicy).consultation;

  app.get(
    "/v1/agencies/:agencyId/slots",
    {
      schema: {
        tags: ["consultation"],
        summary: "The agency's next free consultation-hour slots",
        params: Type.Object({ agencyId: Uuid }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })) }),
        response: { 200: Type.Array(SlotSchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      if ((await findAgency(db, request.params.agencyId)) === undefined) throw new ApiError(ErrCode.UnknownAgency);
      const slots = await freeConsultationSlots(db, request.params.agencyId, new Date(), request.query.limit ?? 5, policy);
      return slots.map((o) => slotView(o, policy.timeZone));
    },
  );

  app.post(
    "/v1/bookings",
    {
      config: { rateLimit: { max: deps.config.rateLimitMax, timeWindow: 60_000 } },
      schema: {
        tags: ["consultation"],
        summary: "Book a consultation-hour slot (creates or reuses the case with the slot's counselor)",
        security: bearerSecurity,
        body: Type.Object({ agencyId: Uuid, topic: TopicIdSchema, key: Type.String({ minLength: 1, maxLength: 200 }), remindByEmail: Type.Optional(Type.Boolean()) }),
        response: { 201: BookingSchema, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: RefusalSchema, 429: RefusalSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const seeker = await findSeekerById(db, seekerId);
      if (seeker === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      const { agencyId, topic, key } = request.body;
      const agency = await findAgency(db, agencyId);
      if (agency === undefined) throw new ApiError(ErrCode.UnknownAgency);
      if (!(await agencyServesTopic(db, agencyId, topic))) throw new ApiError(ErrCode.AgencyTopicMismatch);
      const r = await bookConsultation(
        db,
        { seekerId, agencyId, topicId: topic, occurrenceKey: key, remindByEmail: request.body.remindByEmail ?? false, postcodeRegion: seeker.postcode?.slice(0, 2) ?? null },
        new Date(),
        policy,
      );
      if (!r.ok) {
        const f = refusal[r.reason];
        return reply.code(f.status).send({ errcode: f.errcode, error: f.error, nextSlots: r.nextSlots.map((o) => slotView(o, policy.timeZone)) });
      }
      return reply.code(201).send(bookingJson(r.booking, new Date(), policy));
    },
  );

  app.get(
    "/v1/bookings",
    {
      schema: {
        tags: ["consultation"],
        summary: "The signed-in seeker's bookings, soonest first",
        security: bearerSecurity,
        response: { 200: Type.Array(BookingSchema), 401: ErrorSchema },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request);
      const now = new Date();
      return (await bookingsOfSeeker(db, seekerId)).map((b) => bookingJson(b, now, policy));
    },
  );

  app.delete(
    "/v1/bookings/:bookingId",
    {
      schema: {
        tags: ["consultation"],
        summary: "Cancel a booking that has not started; the slot is free again",
        security: bearerSecurity,
        params: Type.Object({ bookingId: Uuid }),
        response: { 204: Type.Null(), 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const r = await db.transaction((tx) => cancelBooking(tx, seekerId, request.params.bookingId, new Date()));
      if (!r.ok) throw r.error === "too_late" ? new ApiError(ErrCode.Conflict, "The appointment has already begun.") : new ApiError(ErrCode.NotFound, "There is no such booking.");
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/v1/bookings/:bookingId/calendar.ics",
    {
      schema: {
        tags: ["consultation"],
        summary: "The booking as an iCalendar file (time and link only: no content, no names)",
        security: bearerSecurity,
        params: Type.Object({ bookingId: Uuid }),
        response: { 200: Type.String({ description: "text/calendar" }), 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const b = (await bookingsOfSeeker(db, seekerId)).find((x) => x.bookingId === request.params.bookingId && x.status === "booked");
      if (b === undefined) throw new ApiError(ErrCode.NotFound, "There is no such booking.");
      const ics = appointmentIcs({
        uid: `${b.bookingId}@lotse`,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        title: "Chat-Termin: Online-Beratung",
        ...(deps.config.publicWebUrl ? { url: deps.config.publicWebUrl } : {}),
        now: new Date(),
      });
      return reply.header("content-type", "text/calendar; charset=utf-8").header("content-disposition", 'attachment; filename="termin.ics"').send(ics);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Staff

  const StaffSlot = Type.Object({
    slotId: Uuid,
    counselorId: Uuid,
    weekday: Type.Union([Type.Integer(), Type.Null()]),
    start: Type.Union([Type.String(), Type.Null()]),
    startsAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    minutes: Type.Integer(),
  });
  const AgencyParams = Type.Object({ agencyId: Uuid });
  const staffErrors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

  app.get(
    "/v1/staff/agencies/:agencyId/consultation-hours",
    {
      schema: {
        tags: ["consultation"],
        summary: "The agency's consultation hours: slots and blocked days (its staff and admins)",
        security: bearerSecurity,
        params: AgencyParams,
        response: { 200: Type.Object({ timeZone: Type.String(), slots: Type.Array(StaffSlot), blockedDays: Type.Array(Type.String()) }), ...staffErrors },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const { agencyId } = request.params;
      if (!isPlatformAdmin(staff) && !hasAgencyRole(staff, agencyId)) throw new ApiError(ErrCode.Forbidden, "You do not belong to this agency.");
      const plan = await consultationPlan(db, agencyId);
      return {
        timeZone: policy.timeZone,
        slots: [
          ...plan.weekly.map((s) => ({ slotId: s.id, counselorId: s.counselorId, weekday: s.weekday, start: s.start, startsAt: null, minutes: s.minutes })),
          ...plan.oneOff.map((s) => ({ slotId: s.id, counselorId: s.counselorId, weekday: null, start: null, startsAt: s.startsAt.toISOString(), minutes: s.minutes })),
        ],
        blockedDays: plan.blockedDates,
      };
    },
  );

  app.post(
    "/v1/staff/agencies/:agencyId/consultation-hours/slots",
    {
      schema: {
        tags: ["consultation"],
        summary: "Publish a weekly (weekday + start) or one-off (startsAt) slot",
        security: bearerSecurity,
        params: AgencyParams,
        body: SlotBody,
        response: { 201: Type.Object({ slotId: Uuid }), ...staffErrors },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      const { agencyId } = request.params;
      const body = request.body;
      assertMayManageHours(staff, agencyId, body.counselorId);
      if ((await findAgency(db, agencyId)) === undefined) throw new ApiError(ErrCode.UnknownAgency);
      const slot =
        "weekday" in body
          ? { kind: "weekly" as const, weekday: body.weekday, start: body.start, minutes: body.minutes, counselorId: body.counselorId }
          : { kind: "once" as const, startsAt: new Date(body.startsAt), minutes: body.minutes, counselorId: body.counselorId };
      // The audit entry in the change's transaction, like every admin change (store/src/domain/audit.ts).
      const r = await db.transaction(async (tx) => {
        const added = await addConsultationSlot(tx, agencyId, slot, staff.userId, new Date(), policy);
        if (added.ok) {
          const when = slot.kind === "weekly" ? { weekday: slot.weekday, start: slot.start } : { startsAt: slot.startsAt.toISOString() };
          await writeAudit(tx, {
            actor: staff.userId,
            action: "consultation.slot.add",
            entityType: "consultation_hours",
            entityId: agencyId,
            details: { slotId: added.slotId, counselorId: slot.counselorId, ...when, minutes: slot.minutes },
          });
        }
        return added;
      });
      if (!r.ok) throw consultationError(r);
      return reply.code(201).send({ slotId: r.slotId });
    },
  );

  app.delete(
    "/v1/staff/agencies/:agencyId/consultation-hours/slots/:slotId",
    {
      schema: {
        tags: ["consultation"],
        summary: "Remove a slot; its future bookings are cancelled",
        security: bearerSecurity,
        params: Type.Object({ agencyId: Uuid, slotId: Uuid }),
        response: { 200: Type.Object({ cancelledBookings: Type.Integer() }), ...staffErrors },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const { agencyId, slotId } = request.params;
      const [slot] = await db
        .select({ counselorId: consultationSlots.counselorId })
        .from(consultationSlots)
        .where(and(eq(consultationSlots.id, slotId), eq(consultationSlots.agencyId, agencyId)));
      assertMayManageHours(staff, agencyId, slot?.counselorId ?? null);
      const r = await db.transaction(async (tx) => {
        const removed = await removeConsultationSlot(tx, agencyId, slotId, new Date());
        if (removed.ok) {
          await writeAudit(tx, {
            actor: staff.userId,
            action: "consultation.slot.remove",
            entityType: "consultation_hours",
            entityId: agencyId,
            details: { slotId, counselorId: slot?.counselorId ?? null, cancelledBookings: removed.cancelledBookings },
          });
        }
        return removed;
      });
      if (!r.ok) throw consultationError(r);
      return { cancelledBookings: r.cancelledBookings };
    },
  );

  app.put(
    "/v1/staff/agencies/:agencyId/consultation-hours/blocked-days/:day",
    {
      schema: {
        tags: ["consultation"],
        summary: "Block a local day (holiday); bookings on it are cancelled (agency admins)",
        security: bearerSecurity,
        params: Type.Object({ agencyId: Uuid, day: DayParam }),
        response: { 200: Type.Object({ cancelledBookings: Type.Integer() }), ...staffErrors },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const { agencyId, day } = request.params;
      assertCanAdministerAgency(staff, agencyId);
      if ((await findAgency(db, agencyId)) === undefined) throw new ApiError(ErrCode.UnknownAgency);
      const r = await db.transaction(async (tx) => {
        const blocked = await blockConsultationDay(tx, agencyId, day, new Date(), policy);
        if (blocked.ok) {
          await writeAudit(tx, { actor: staff.userId, action: "consultation.day.block", entityType: "consultation_hours", entityId: agencyId, details: { day, cancelledBookings: blocked.cancelledBookings } });
        }
        return blocked;
      });
      if (!r.ok) throw consultationError(r);
      return { cancelledBookings: r.cancelledBookings };
    },
  );

  app.delete(
    "/v1/staff/agencies/:agencyId/consultation-hours/blocked-days/:day",
    {
      schema: {
        tags: ["consultation"],
        summary: "Unblock a day (agency admins)",
        security: bearerSecurity,
        params: Type.Object({ agencyId: Uuid, day: DayParam }),
        response: { 204: Type.Null(), ...staffErrors },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      const { agencyId, day } = request.params;
      assertCanAdministerAgency(staff, agencyId);
      const unblocked = await db.transaction(async (tx) => {
        if (!(await unblockConsultationDay(tx, agencyId, day))) return false;
        await writeAudit(tx, { actor: staff.userId, action: "consultation.day.unblock", entityType: "consultation_hours", entityId: agencyId, details: { day } });
        return true;
      });
      if (!unblocked) throw new ApiError(ErrCode.NotFound, "That day is not blocked.");
      return reply.code(204).send(null);
    },
  );
};
