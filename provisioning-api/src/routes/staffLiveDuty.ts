// A counselor's live duty from the staff console (issue 14): the same operation as the bot's
// `!dienst an [Minuten]` / `!dienst aus` (store/src/domain/liveChat.ts `startLiveDuty`,
// `setLiveDuty`; rules in policies/src/liveChat.ts), for the signed-in counselor only.
//   GET    /v1/staff/live-duty              {onDuty, until, topics, queue}
//   PUT    /v1/staff/live-duty {minutes?}   on duty: for the minutes, else to the end of a running
//                                           consultation slot, else the policy's default
//   DELETE /v1/staff/live-duty              off duty
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { defaultConsultationPolicy, defaultLiveChatPolicy, defaultPlatformPolicy } from "@lotse/policies";
import { liveDutyOf, liveQueueOfCounselor, liveTopicsOfCounselor, setLiveDuty, startLiveDuty } from "@lotse/store";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireStaff } from "../plugins/staffAuth.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const TopicName = Type.Object({ de: Type.String(), en: Type.String() });
const DutyState = Type.Object({
  onDuty: Type.Boolean(),
  until: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  /** True when the duty ends with a consultation-hour slot running now (PUT only). */
  bySlot: Type.Optional(Type.Boolean()),
  /** What seekers can chat on while the counselor is on duty: the topics of their agencies. */
  topics: Type.Array(TopicName),
  /** Live chats waiting at the counselor's agencies now (a count, no seeker). */
  waiting: Type.Integer({ minimum: 0 }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

export const staffLiveDutyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const policy = deps.policy ?? defaultPlatformPolicy;
  const live = policy.live ?? defaultLiveChatPolicy;
  const consultation = policy.consultation ?? defaultConsultationPolicy;
  const notCounselor = () => new ApiError(ErrCode.Forbidden, "Live duty is for counselors: this Matrix account is no counselor.");

  const state = async (userId: string, now: Date) => {
    const d = await liveDutyOf(db, userId, now);
    if (!d.counselor) throw notCounselor();
    return {
      onDuty: d.until !== null,
      until: d.until?.toISOString() ?? null,
      topics: await liveTopicsOfCounselor(db, userId),
      waiting: (await liveQueueOfCounselor(db, userId)).length,
    };
  };

  app.get(
    "/v1/staff/live-duty",
    { schema: { tags: ["staff"], summary: "Am I on live duty, until when, for which topics", security: bearerSecurity, response: { 200: DutyState, ...errors } } },
    async (request) => {
      const staff = await requireStaff(request);
      return state(staff.userId, new Date());
    },
  );

  app.put(
    "/v1/staff/live-duty",
    {
      schema: {
        tags: ["staff"],
        summary: "Go on live duty (like the bot's !dienst an [Minuten])",
        security: bearerSecurity,
        body: Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })) }, { additionalProperties: false }),
        response: { 200: DutyState, ...errors },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const now = new Date();
      const { minutes } = request.body ?? {};
      const started = await db.transaction((tx) => startLiveDuty(tx, staff.userId, now, { consultation, live, ...(minutes === undefined ? {} : { minutes }) }));
      if (!started) throw notCounselor();
      request.log.info({ liveDuty: "on", bySlot: started.bySlot }, "live duty set from the console");
      return { ...(await state(staff.userId, now)), bySlot: started.bySlot };
    },
  );

  app.delete(
    "/v1/staff/live-duty",
    { schema: { tags: ["staff"], summary: "Go off live duty (like the bot's !dienst aus)", security: bearerSecurity, response: { 200: DutyState, ...errors } } },
    async (request) => {
      const staff = await requireStaff(request);
      const done = await db.transaction((tx) => setLiveDuty(tx, staff.userId, null));
      if (!done) throw notCounselor();
      return state(staff.userId, new Date());
    },
  );
};
