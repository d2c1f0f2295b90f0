import { z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES, SKIP_REASONS } from '../../domain/delivery.js';
import { HOST_ID_HINT, HOST_ID_PATTERN, KIND_KEY_HINT, KIND_KEY_PATTERN, ORG_ID_HINT, ORG_ID_PATTERN } from '../../domain/ids.js';
import { SERVICES } from '../../domain/service.js';
import { isTimeZone } from '../../i18n/text.js';

/** Shared request and response shapes; the OpenAPI document is generated from these. */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_fields' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const hostId = (what: string) =>
  z.string().regex(HOST_ID_PATTERN, `${what}: ${HOST_ID_HINT}`).openapi({ example: 'u-1001' });
export const kindKey = z.string().regex(KIND_KEY_PATTERN, KIND_KEY_HINT).openapi({ example: 'mention' });
export const orgId = z.string().regex(ORG_ID_PATTERN, ORG_ID_HINT).openapi({ example: 'acme' });
export const service = z.enum(SERVICES);

/** Text from the host application. NUL is refused earlier (PostgreSQL cannot store it). */
export const text = (max: number, min = 0) => z.string().min(min).max(max);

export const UserIdParam = z.object({
  userId: hostId('userId').openapi({ param: { name: 'userId', in: 'path' } }),
});

export const UserInputSchema = z
  .object({
    name: text(200, 1),
    email: z.email().max(320).nullable().optional(),
    locale: z.enum(['ja', 'en']).optional(),
    timeZone: z.string().max(64).refine(isTimeZone, 'not an IANA time zone (example: Asia/Tokyo)').optional(),
    role: z.enum(['member', 'admin']).optional(),
  })
  .strict()
  .openapi('UserInput');

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    locale: z.enum(['ja', 'en']),
    timeZone: z.string(),
    role: z.enum(['member', 'admin']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const KindInputSchema = z
  .object({
    label: z.object({ ja: text(100, 1), en: text(100, 1).optional() }).strict(),
    description: text(500).optional(),
    defaultOn: z.boolean().optional(),
  })
  .strict()
  .openapi('KindInput');

export const KindSchema = z
  .object({
    key: z.string(),
    label: z.object({ ja: z.string(), en: z.string().optional() }),
    description: z.string().nullable(),
    defaultOn: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Kind');

export const WarningSchema = z.object({ code: z.string(), message: z.string() });

export const ConnectionSchema = z
  .object({
    service: service,
    type: z.enum(['personal', 'linked']),
    enabled: z.boolean(),
    status: z.enum(['ok', 'broken']),
    statusReason: z.string().nullable(),
    statusMessage: z.string().nullable(),
    brokenAt: z.string().nullable(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Settings with every secret masked' }),
    warnings: z.array(WarningSchema),
    updatedAt: z.string(),
  })
  .openapi('Connection');

export const TestResultSchema = z
  .union([
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), reason: z.string(), code: z.string(), message: z.string() }),
  ])
  .openapi('TestResult');

export const PreferencesSchema = z
  .object(Object.fromEntries(SERVICES.map((s) => [s, z.array(kindKey).max(500).optional()])) as Record<(typeof SERVICES)[number], z.ZodOptional<z.ZodArray<typeof kindKey>>>)
  .strict()
  .openapi('Preferences', { description: 'Per service, the complete list of kinds forwarded there' });

const Recipient = z.union([
  hostId('userId'),
  z.object({ userId: hostId('userId'), kind: kindKey.optional() }).strict(),
]);

export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048);

export const EventInputSchema = z
  .object({
    id: hostId('id').openapi({ example: 'post-4711' }),
    kind: kindKey,
    title: text(500, 1),
    body: text(20_000).optional(),
    url: httpUrl.optional(),
    actor: z.object({ name: text(200, 1) }).strict().optional(),
    recipients: z.array(Recipient).min(1).max(1000),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi('EventInput');

export const SkippedSchema = z
  .object({ userId: z.string(), service: service.optional(), reason: z.enum(SKIP_REASONS) })
  .openapi('Skipped');

export const EventAcceptedSchema = z
  .object({
    eventId: z.string(),
    deliveries: z.array(z.object({ id: z.string(), userId: z.string(), service: z.string(), status: z.string() })),
    skipped: z.array(SkippedSchema),
    duplicate: z.literal(true).optional(),
  })
  .openapi('EventAccepted');

export const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    outcome: z.string(),
    reason: z.string().nullable(),
    statusCode: z.number().int().nullable(),
    detail: z.string().nullable(),
    retryAt: z.string().nullable(),
  })
  .openapi('Attempt');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    userId: z.string(),
    service: service,
    kind: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastReason: z.string().nullable(),
    lastDetail: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const EventDetailSchema = z
  .object({
    event: z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      body: z.string().nullable(),
      url: z.string().nullable(),
      actor: z.object({ name: z.string() }).nullable(),
      occurredAt: z.string(),
      createdAt: z.string(),
    }),
    deliveries: z.array(DeliverySchema.extend({ attempts: z.array(AttemptSchema) })),
    skipped: z.array(SkippedSchema),
  })
  .openapi('EventDetail');

export const errorResponses = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Missing or invalid API key', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  413: { description: 'Body too large', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Invalid values; `details.fields` names them', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export { orgId as OrgIdSchema };
