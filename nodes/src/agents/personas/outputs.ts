import { z } from 'zod';

// The structured answers some personas give. Each is what the next node (or crew member)
// consumes, so the fields line up with the canonical entities where one exists (a post's
// `title` and HTML `body`, as `cms.create_content` takes them).

export const PostDraftSchema = z.object({
  title: z.string().min(1),
  /** HTML. */
  body: z.string().min(1),
  excerpt: z.string().optional(),
});

export const OptimizedPostSchema = PostDraftSchema.extend({
  metaDescription: z.string().max(160),
  keywords: z.array(z.string()).min(1),
  slug: z.string().optional(),
});

export const KeywordPlanSchema = z.object({
  keywords: z
    .array(
      z.object({
        keyword: z.string(),
        intent: z.enum(['informational', 'commercial', 'transactional', 'navigational']),
        priority: z.enum(['high', 'medium', 'low']),
      }),
    )
    .min(1),
});

export const LeadScoreSchema = z.object({
  score: z.number().min(0).max(100),
  tier: z.enum(['hot', 'warm', 'cold']),
  reasons: z.array(z.string()),
});

export const LeadQualificationSchema = z.object({
  qualified: z.boolean(),
  route: z.enum(['sales', 'nurture', 'disqualify']),
  reason: z.string(),
});

export const SentimentSchema = z.object({
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  score: z.number().min(-1).max(1),
  summary: z.string(),
});

export const EscalationRiskSchema = z.object({
  risk: z.enum(['low', 'medium', 'high']),
  escalate: z.boolean(),
  reason: z.string(),
});

export const FraudAssessmentSchema = z.object({
  risk: z.enum(['low', 'medium', 'high']),
  score: z.number().min(0).max(1),
  signals: z.array(z.string()),
  action: z.enum(['approve', 'review', 'block']),
});

export const PriceRecommendationSchema = z.object({
  recommendations: z.array(
    z.object({
      productId: z.string(),
      currentPrice: z.number(),
      suggestedPrice: z.number(),
      reason: z.string(),
    }),
  ),
});

export const ForecastSchema = z.object({
  horizonDays: z.number().int().positive(),
  low: z.number(),
  expected: z.number(),
  high: z.number(),
  assumptions: z.array(z.string()),
});

export const SegmentsSchema = z.object({
  segments: z
    .array(z.object({ name: z.string(), description: z.string(), size: z.number().optional() }))
    .min(1),
});

export const AuditSchema = z.object({
  score: z.number().min(0).max(100),
  findings: z.array(z.object({ area: z.string(), issue: z.string(), fix: z.string() })),
});

export const RoiSchema = z.object({
  spend: z.number(),
  revenue: z.number(),
  roi: z.number(),
  verdict: z.string(),
});

export const ReportDocumentSchema = z.object({
  title: z.string(),
  summary: z.string(),
  sections: z.array(z.object({ heading: z.string(), body: z.string() })),
});

export const ClassificationSchema = z.object({
  category: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  route: z.string(),
  reason: z.string(),
});

/** The AgentCoordinator's routing decision: which persona takes the request. */
export const RouteSchema = z.object({
  persona: z.string(),
  reason: z.string(),
});
