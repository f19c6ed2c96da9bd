import { defineCrews, type Crew } from './crew.js';
import { personas } from './catalog.js';
import {
  ClassificationSchema,
  ForecastSchema,
  KeywordPlanSchema,
  OptimizedPostSchema,
  ReportDocumentSchema,
} from './outputs.js';

export const crews = defineCrews(personas, [
  {
    key: 'onboarding',
    name: 'OnboardingCrew',
    title: 'Onboarding',
    description: 'Takes a new client from signed to a first plan and a welcome message.',
    process: 'sequential',
    members: [
      {
        persona: 'client_onboarding',
        task: 'Collect the client’s profile, goals and connected systems from the CRM.',
      },
      {
        persona: 'digital_presence_audit',
        task: 'Audit the client’s site, content and analytics; list the top fixes.',
      },
      {
        persona: 'marketing_strategist',
        task: 'Propose a first 30-day plan from the profile and the audit.',
      },
      {
        persona: 'communication_management',
        task: 'Write the welcome message that presents the plan to the client.',
      },
    ],
  },
  {
    key: 'campaign_strategy',
    name: 'CampaignStrategyCrew',
    title: 'Campaign strategy',
    description: 'A campaign plan from research, competition, positioning and segments.',
    process: 'hierarchical',
    manager: 'marketing_strategist',
    members: [
      { persona: 'market_research', task: 'Demand and audience facts for the campaign’s market.' },
      {
        persona: 'competitive_analysis',
        task: 'What competitors say and offer, and where the gaps are.',
      },
      {
        persona: 'brand_positioning',
        task: 'The campaign’s message and how it sets the brand apart.',
      },
      {
        persona: 'customer_segmentation',
        task: 'The segments to target and what each needs to hear.',
      },
    ],
    output: ReportDocumentSchema,
  },
  {
    key: 'campaign_execution',
    name: 'CampaignExecutionCrew',
    title: 'Campaign execution',
    description: 'Drafts, optimises and shares a campaign’s content, then reads its performance.',
    process: 'sequential',
    members: [
      { persona: 'content_creator', task: 'Draft the campaign’s blog post from the brief.' },
      {
        persona: 'seo_specialist',
        task: 'Optimise the draft for search: title, meta description, keywords.',
      },
      { persona: 'social_media', task: 'Write the social posts that share the optimised post.' },
      { persona: 'performance_analytics', task: 'Say how the campaign’s content is performing.' },
    ],
    output: ReportDocumentSchema,
  },
  {
    key: 'content_approval',
    name: 'ContentApprovalCrew',
    title: 'Content approval',
    description: 'A post drafted, optimised and reviewed, ready for a human’s approval.',
    process: 'sequential',
    members: [
      { persona: 'content_creator', task: 'Draft the post from the brief.' },
      {
        persona: 'quality_assurance',
        task: 'Check the draft against the brief, the brand and the facts; fix what is wrong.',
      },
      { persona: 'seo_specialist', task: 'Optimise the reviewed post for search.' },
    ],
    output: OptimizedPostSchema,
  },
  {
    key: 'data_optimization',
    name: 'DataOptimizationCrew',
    title: 'Data optimisation',
    description: 'Finds what to improve from performance, conversion and ROI data.',
    process: 'hierarchical',
    manager: 'hierarchical_crew_orchestrator',
    members: [
      {
        persona: 'performance_analytics',
        task: 'Channel and campaign performance for the period.',
      },
      {
        persona: 'conversion_rate_optimization',
        task: 'Where visitors drop off and what to test.',
      },
      { persona: 'roi_analysis', task: 'Spend against revenue per channel.' },
      { persona: 'insight_synthesis', task: 'The three changes to make next.' },
    ],
    output: ReportDocumentSchema,
  },
  {
    key: 'user_journey',
    name: 'UserJourneyCrew',
    title: 'User journey',
    description:
      'Designs the journey of each customer segment from first visit to repeat purchase.',
    process: 'sequential',
    members: [
      { persona: 'customer_segmentation', task: 'The segments and what distinguishes them.' },
      { persona: 'personalization', task: 'The message and offer for each segment at each stage.' },
      {
        persona: 'conversion_rate_optimization',
        task: 'The friction points in each journey and their fixes.',
      },
      {
        persona: 'communication_management',
        task: 'The messages and channels that carry each journey.',
      },
    ],
  },
  {
    key: 'conservative_estimation',
    name: 'ConservativeEstimationCrew',
    title: 'Conservative estimation',
    description: 'A forecast with a low case the business can commit to.',
    process: 'sequential',
    members: [
      {
        persona: 'sales_forecasting',
        task: 'Forecast from history and the pipeline, with ranges.',
      },
      {
        persona: 'predictive_analytics',
        task: 'Check the forecast against churn and demand models.',
      },
      {
        persona: 'roi_analysis',
        task: 'Restate the forecast conservatively, with its assumptions.',
      },
    ],
    output: ForecastSchema,
  },
  {
    key: 'self_marketing',
    name: 'SelfMarketingCrew',
    title: 'Self-marketing',
    description: 'Markets the business itself: content, search, answer engines and social.',
    process: 'hierarchical',
    manager: 'marketing_strategist',
    members: [
      { persona: 'content_creator', task: 'Content about the business’s own offer.' },
      { persona: 'seo_specialist', task: 'Search optimisation of that content.' },
      { persona: 'geo', task: 'Make the content citable by AI answer engines.' },
      { persona: 'social_media', task: 'Share it on the business’s networks.' },
    ],
  },
  {
    key: 'classification',
    name: 'ClassificationCrew',
    title: 'Classification',
    description: 'Classifies an incoming request or lead: mood, fit, urgency and where it goes.',
    process: 'sequential',
    members: [
      { persona: 'sentiment_analysis', task: 'The sender’s mood and concerns.' },
      { persona: 'lead_qualification', task: 'Whether it is a sales lead and where it goes.' },
      {
        persona: 'escalation_predictor',
        task: 'The final category, priority and route, escalating if needed.',
      },
    ],
    output: ClassificationSchema,
  },
  {
    key: 'keyword_research',
    name: 'KeywordResearchCrew',
    title: 'Keyword research',
    description: 'A prioritised keyword plan from market, competition and search data.',
    process: 'sequential',
    members: [
      {
        persona: 'market_research',
        task: 'The questions the audience asks and the words it uses.',
      },
      { persona: 'competitive_analysis', task: 'The keywords competitors rank for and the gaps.' },
      {
        persona: 'seo_specialist',
        task: 'The keyword plan: each keyword with its intent and priority.',
      },
    ],
    output: KeywordPlanSchema,
  },
]);

const byKey = new Map(crews.map((c) => [c.key, c]));

export function findCrew(key: string): Crew | undefined {
  return byKey.get(key);
}
