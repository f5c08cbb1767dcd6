// "You have a new answer" e-mails to seekers who left an address. The mail says only that: no
// content (the bridge never has it), no pseudonym, no agency, no case number — whoever reads the
// mailbox learns nothing but that there is an answer. At most one mail per seeker and interval:
// seekers.last_notified_at is moved forward conditionally in the same transaction that queues
// the mail job, so concurrent answers cannot both pass. Sent through real SMTP (nodemailer); the
// address never reaches a log line.
import nodemailer from "nodemailer";
import { appointmentReminderMail, type ConsultationPolicy } from "@lotse/policies";
import { bookings, seekers } from "@lotse/store";
import { eq } from "drizzle-orm";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import type { JobHandler } from "../jobs/jobTypes.ts";


export type MailConfig = { smtpUrl: string; from: string; publicUrl: string | undefined };

export const NOTIFICATION_SUBJECT = "Neue Antwort in Ihrer Beratung / New answer in your counseling";

export function notificationText(publicUrl: string | undefined): string {
  const where = publicUrl ? `\n\n${publicUrl}` : "";
  return [
    "Guten Tag,",
    "",
    "in Ihrer Online-Beratung gibt es eine neue Antwort. Bitte melden Sie sich an, um sie zu lesen.",
    "",
    "Hello,",
    "",
    "there is a new answer in your online counseling. Please sign in to read it.",
  ].join("\n") + where;
}

export function mailJobHandler(config: MailConfig): JobHandler<"seeker.notify_mail"> {
  const transport = nodemailer.createTransport(config.smtpUrl);
  return async ({ tx, job }) => {
    const { seekerId } = job.payload;
    const [s] = await tx.select({ email: seekers.email }).from(seekers).where(eq(seekers.id, seekerId));
    if (!s) throw new PermanentJobError("seeker not found");
    if (!s.email) return { skipped: "no address" };
    const info = await transport.sendMail({
      from: config.from,
      to: s.email,
      subject: NOTIFICATION_SUBJECT,
      text: notificationText(config.publicUrl),
      // Message-ID from the job: a retried send is recognisable as the same mail.
      messageId: `<lotse-${job.id}@lotse.invalid>`,
    });
    return { accepted: Array.isArray(info.accepted) ? info.accepted.length : 0 };
  };
}

/**
 * The seeker's reminder e-mail before a booked appointment (consultation hours), queued by the
 * appointment scan (consultation/AppointmentNotices.ts) for bookings with `remindByEmail`: the
 * time and a sign-in link, nothing else. Skipped when the booking was cancelled meanwhile or the
 * seeker left no address (or deleted it).
 */
export function bookingReminderMailHandler(config: MailConfig, policy: ConsultationPolicy): JobHandler<"booking.remind_mail"> {
  const transport = nodemailer.createTransport(config.smtpUrl);
  return async ({ tx, job }) => {
    const [b] = await tx
      .select({ status: bookings.status, startsAt: bookings.startsAt, email: seekers.email })
      .from(bookings)
      .innerJoin(seekers, eq(seekers.id, bookings.seekerId))
      .where(eq(bookings.id, job.payload.bookingId));
    if (!b) return { skipped: "booking gone" };
    if (b.status !== "booked") return { skipped: "not booked" };
    if (!b.email) return { skipped: "no address" };
    const mail = appointmentReminderMail({ startsAt: b.startsAt, publicUrl: config.publicUrl }, policy.timeZone);
    const info = await transport.sendMail({ from: config.from, to: b.email, subject: mail.subject, text: mail.text, messageId: `<lotse-${job.id}@lotse.invalid>` });
    return { accepted: Array.isArray(info.accepted) ? info.accepted.length : 0 };
  };
}
