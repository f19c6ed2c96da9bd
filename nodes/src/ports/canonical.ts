import { z } from 'zod';

// Canonical entities: the one shape a flow (or an agent, or the portal) sees whatever system holds
// the record. Every entity keeps where it came from (`source`: connector and the vendor's own id)
// and the vendor's record as it was (`raw`), so nothing the mapping leaves out is lost.

export const SourceSchema = z.object({
  connector: z.string(),
  id: z.string(),
});
export type Source = z.infer<typeof SourceSchema>;

function entity<T extends z.ZodRawShape>(shape: T) {
  return z.object({ id: z.string(), source: SourceSchema, ...shape, raw: z.unknown() });
}

const text = z.string().optional();
/** ISO 8601 timestamps. */
const time = z.string().optional();

export const ContactSchema = entity({
  email: text,
  firstName: text,
  lastName: text,
  phone: text,
  company: text,
  createdAt: time,
  updatedAt: time,
});
export type Contact = z.infer<typeof ContactSchema>;

/** What a flow sets on a contact; `properties` passes vendor fields the canonical shape lacks. */
export const ContactInputSchema = z.object({
  email: z.email().optional(),
  firstName: text,
  lastName: text,
  phone: text,
  company: text,
  properties: z.record(z.string(), z.json()).default({}),
});
export type ContactInput = z.output<typeof ContactInputSchema>;

export const CompanySchema = entity({ name: text, domain: text, createdAt: time });
export type Company = z.infer<typeof CompanySchema>;

export const DealSchema = entity({
  name: text,
  amount: z.number().optional(),
  currency: text,
  stage: text,
  createdAt: time,
});
export type Deal = z.infer<typeof DealSchema>;

export const CONTENT_STATUSES = ['draft', 'pending', 'published', 'scheduled', 'private'] as const;

export const ContentSchema = entity({
  title: text,
  /** HTML. */
  body: text,
  status: z.enum(CONTENT_STATUSES).optional(),
  url: text,
  slug: text,
  publishedAt: time,
});
export type Content = z.infer<typeof ContentSchema>;

export const ContentInputSchema = z.object({
  title: z.string().min(1),
  body: z.string().default(''),
  status: z.enum(CONTENT_STATUSES).default('draft'),
  slug: z.string().optional(),
});
export type ContentInput = z.output<typeof ContentInputSchema>;

/** Amounts are decimal numbers in the currency's unit (12.5 = twelve euros fifty). */
const money = z.number().optional();

export const ProductSchema = entity({
  title: text,
  status: text,
  price: money,
  currency: text,
  createdAt: time,
});
export type Product = z.infer<typeof ProductSchema>;

export const OrderSchema = entity({
  number: text,
  status: text,
  total: money,
  currency: text,
  customerEmail: text,
  createdAt: time,
});
export type Order = z.infer<typeof OrderSchema>;

export const CustomerSchema = entity({ email: text, name: text, createdAt: time });
export type Customer = z.infer<typeof CustomerSchema>;

export const InvoiceSchema = entity({
  customerId: text,
  status: text,
  total: money,
  amountDue: money,
  currency: text,
  dueDate: time,
  url: text,
});
export type Invoice = z.infer<typeof InvoiceSchema>;

export const InvoiceInputSchema = z.object({
  customerId: z.string().min(1),
  currency: z.string().length(3).default('usd'),
  lines: z
    .array(
      z.object({
        description: z.string().min(1),
        amount: z.number().positive().meta({ title: 'Unit price (in the currency’s unit)' }),
        quantity: z.int().positive().default(1),
      }),
    )
    .min(1),
  daysUntilDue: z.int().positive().default(30),
});
export type InvoiceInput = z.output<typeof InvoiceInputSchema>;

export const PaymentSchema = entity({
  amount: money,
  currency: text,
  status: text,
  customerId: text,
  createdAt: time,
});
export type Payment = z.infer<typeof PaymentSchema>;

export const MessageSchema = entity({ channel: z.string(), text: z.string(), sentAt: time });
export type Message = z.infer<typeof MessageSchema>;

export const MessageInputSchema = z.object({
  channel: z.string().min(1),
  text: z.string().min(1),
  /** Reply in this thread (Slack `thread_ts`). */
  threadId: z.string().optional(),
});
export type MessageInput = z.output<typeof MessageInputSchema>;

export const ReportRequestSchema = z.object({
  metrics: z.array(z.string().min(1)).min(1),
  dimensions: z.array(z.string().min(1)).default([]),
  /** `YYYY-MM-DD`, or a vendor's relative date such as GA4's `7daysAgo`. */
  startDate: z.string().min(1),
  endDate: z.string().min(1).default('today'),
  limit: z.int().positive().max(100_000).default(1000),
});
export type ReportRequest = z.output<typeof ReportRequestSchema>;

export const MetricRowSchema = z.object({
  dimensions: z.record(z.string(), z.string()),
  metrics: z.record(z.string(), z.number()),
});
export const ReportSchema = z.object({
  source: z.object({ connector: z.string() }),
  rows: z.array(MetricRowSchema),
  rowCount: z.int(),
  raw: z.unknown(),
});
export type Report = z.infer<typeof ReportSchema>;

/** A page of canonical entities. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

export const ListRequestSchema = z.object({
  limit: z.int().positive().max(1000).default(50),
  cursor: z.string().optional(),
});
export type ListRequest = z.output<typeof ListRequestSchema>;

/** Drops undefined so mapped entities compare cleanly and serialise small. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
